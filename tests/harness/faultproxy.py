#!/usr/bin/env python3
"""faultproxy.py — a TCP relay between fedq and a server that misbehaves on command.

    faultproxy.py TARGET_PORT

Relays every connection to 127.0.0.1:LISTEN_PORT to 127.0.0.1:TARGET_PORT,
and takes commands on 127.0.0.1:CONTROL_PORT; both ports are free ones the
system picks, printed on the first line: "ready LISTEN_PORT CONTROL_PORT".
Commands, one per line, each answered "ok" (or "active=N connections=N"
for stats):

    pass        relay normally (the start state; also ends freeze and delay)
    delay MS    hold every chunk MS milliseconds before passing it on
    freeze      stop relaying in both directions: existing and new
                connections stay open but nothing moves (a frozen server, a
                network black hole); connecting still succeeds
    cut         close every connection (FIN), as a server that exits does
    reset       abort every connection (RST)
    refuse      close new connections at once (a server that is down)
    stats       how many connections are open, and have been made

tests/harness/itlib.sh starts it (fault_proxy_start) and sends commands
(fault_proxy). It exits on SIGTERM, or when the process that started it
goes.
"""
import asyncio
import os
import signal
import socket
import struct
import sys


class State:
    def __init__(self):
        self.running = asyncio.Event()  # set: data may move
        self.running.set()
        self.delay = 0.0
        self.refuse = False
        self.conns = set()  # (client_writer, server_writer)
        self.total = 0


async def pump(state, reader, writer):
    try:
        while True:
            await state.running.wait()
            data = await reader.read(65536)
            if not data:
                break
            if state.delay > 0:
                await asyncio.sleep(state.delay)
            await state.running.wait()
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError, asyncio.CancelledError):
        pass
    finally:
        try:
            writer.close()
        except OSError:
            pass


def abort(writer):
    sock = writer.get_extra_info("socket")
    if sock is not None:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
    writer.transport.abort()


async def handle(state, target, creader, cwriter):
    state.total += 1
    if state.refuse:
        abort(cwriter)
        return
    await state.running.wait()
    try:
        sreader, swriter = await asyncio.open_connection("127.0.0.1", target)
    except OSError:
        abort(cwriter)
        return
    pair = (cwriter, swriter)
    state.conns.add(pair)
    try:
        await asyncio.gather(pump(state, creader, swriter), pump(state, sreader, cwriter))
    finally:
        state.conns.discard(pair)


async def control(state, reader, writer):
    while True:
        line = await reader.readline()
        if not line:
            break
        words = line.decode().split()
        cmd = words[0] if words else ""
        reply = "ok"
        if cmd == "pass":
            state.delay = 0.0
            state.refuse = False
            state.running.set()
        elif cmd == "delay" and len(words) == 2:
            state.delay = int(words[1]) / 1000.0
            state.running.set()
        elif cmd == "freeze":
            state.running.clear()
        elif cmd in ("cut", "reset"):
            for cw, sw in list(state.conns):
                for w in (cw, sw):
                    if cmd == "reset":
                        abort(w)
                    else:
                        w.transport.close()
            state.conns.clear()
        elif cmd == "refuse":
            state.refuse = True
        elif cmd == "stats":
            reply = "active=%d connections=%d" % (len(state.conns), state.total)
        else:
            reply = "error: unknown command %r" % line.decode().strip()
        writer.write((reply + "\n").encode())
        await writer.drain()
    writer.close()


async def main():
    target = int(sys.argv[1])
    state = State()
    server = await asyncio.start_server(
        lambda r, w: handle(state, target, r, w), "127.0.0.1", 0)
    ctl_server = await asyncio.start_server(
        lambda r, w: control(state, r, w), "127.0.0.1", 0)
    listen = server.sockets[0].getsockname()[1]
    ctl = ctl_server.sockets[0].getsockname()[1]
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, lambda: stop.done() or stop.set_result(None))
    parent = os.getppid()

    async def orphaned():
        # Never outlive the test that started it.
        while os.getppid() == parent:
            await asyncio.sleep(0.5)
        if not stop.done():
            stop.set_result(None)

    watch = asyncio.ensure_future(orphaned())
    print("ready %d %d" % (listen, ctl), flush=True)
    await stop
    watch.cancel()
    server.close()
    ctl_server.close()
    for cw, sw in list(state.conns):
        abort(cw)
        abort(sw)


if __name__ == "__main__":
    asyncio.run(main())
