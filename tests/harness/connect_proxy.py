#!/usr/bin/python3
"""connect_proxy.py — a tiny HTTP proxy for fedq's tests.

    connect_proxy.py PORTFILE LOGFILE

Listens on 127.0.0.1 (a free port, written to PORTFILE once it listens).
"CONNECT host:port" opens a tunnel (what a client does for https://
through a proxy); a request with an absolute URL ("POST http://h:p/x")
is forwarded to that host in origin form (what a client does for
http://).  Each request's first line is logged to LOGFILE, one per line,
so a test can tell what went through the proxy.
"""
import os
import socket
import sys
import threading
import urllib.parse

LOG = open(sys.argv[2], "a", buffering=1)
LOCK = threading.Lock()


def log(line):
    with LOCK:
        LOG.write(line + "\n")


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def handle(client):
    try:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = client.recv(65536)
            if not chunk:
                return
            head += chunk
        header, rest = head.split(b"\r\n\r\n", 1)
        lines = header.split(b"\r\n")
        method, target, version = lines[0].decode().split(" ", 2)
        log("%s %s" % (method, target))
        if method == "CONNECT":
            host, port = target.rsplit(":", 1)
            upstream = socket.create_connection((host, int(port)), timeout=10)
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            if rest:
                upstream.sendall(rest)
        else:
            url = urllib.parse.urlsplit(target)
            upstream = socket.create_connection((url.hostname, url.port or 80), timeout=10)
            path = url.path or "/"
            if url.query:
                path += "?" + url.query
            first = ("%s %s %s" % (method, path, version)).encode()
            kept = [l for l in lines[1:] if not l.lower().startswith(b"proxy-")]
            upstream.sendall(b"\r\n".join([first] + kept) + b"\r\n\r\n" + rest)
        upstream.settimeout(None)
        t = threading.Thread(target=pump, args=(upstream, client), daemon=True)
        t.start()
        pump(client, upstream)
        t.join()
        upstream.close()
    except (OSError, ValueError) as e:
        try:
            client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
        except OSError:
            pass
        log("error %s" % e)
    finally:
        client.close()


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(server.getsockname()[1]))
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    while True:
        client, _ = server.accept()
        threading.Thread(target=handle, args=(client,), daemon=True).start()


if __name__ == "__main__":
    main()
