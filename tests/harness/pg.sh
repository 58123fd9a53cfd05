# pg.sh — throwaway PostgreSQL clusters for fedq's tests (sourced, not run).
#
#   . tests/harness/pg.sh
#   fq_pg_init /tmp/somedir        # the run's directory (created if missing)
#   fq_pg_start warehouse          # sets FQ_PORT_warehouse; logs every statement
#   fq_pg_psql warehouse -c '...'  # psql as the superuser "fedq"
#   fq_pg_stop_all                 # also run by the EXIT trap fq_pg_init sets
#
# PostgreSQL refuses to run as root: when run as root, the servers run as the
# unprivileged user "fedqtest" (created if missing).  Servers listen on
# 127.0.0.1 only, on free ports, with their sockets in the run directory.
# Host connections need the password (scram-sha-256), so tests can check a
# wrong one; the superuser is "fedq" with password $FQ_PG_PASSWORD.

FQ_PG_USER=fedq
FQ_PG_PASSWORD=${FQ_PG_PASSWORD:-fedq-secret-pw}
FQ_PG_RUNAS=
FQ_PG_DIR=
FQ_PG_STARTED=

fq_pg_bindir() {
	if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/initdb" ]; then
		echo "$PG_BINDIR"; return 0
	fi
	ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# Runs a command as the servers' owner.
fq_pg_as_owner() {
	if [ -n "$FQ_PG_RUNAS" ]; then
		runuser -u "$FQ_PG_RUNAS" -- "$@"
	else
		"$@"
	fi
}

fq_pg_init() {
	FQ_PG_DIR=$1
	FQ_PG_BIN=$(fq_pg_bindir)
	if [ -z "$FQ_PG_BIN" ] || [ ! -x "$FQ_PG_BIN/initdb" ]; then
		echo "pg.sh: initdb not found; install the Debian package 'postgresql'" >&2
		return 1
	fi
	mkdir -p "$FQ_PG_DIR"
	if [ "$(id -u)" = 0 ]; then
		FQ_PG_RUNAS=fedqtest
		if ! id "$FQ_PG_RUNAS" >/dev/null 2>&1; then
			useradd --system --no-create-home --shell /usr/sbin/nologin "$FQ_PG_RUNAS" ||
				{ echo "pg.sh: cannot create user $FQ_PG_RUNAS" >&2; return 1; }
		fi
		chmod 755 "$FQ_PG_DIR"
	fi
	trap 'fq_pg_stop_all' EXIT
	trap 'fq_pg_stop_all; exit 130' INT TERM
}

# A TCP port on 127.0.0.1 that nothing listens on now.
fq_pg_free_port() {
	local p tries=0
	while [ $tries -lt 200 ]; do
		p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"; return 0
		fi
		tries=$((tries + 1))
	done
	return 1
}

fq_pg_start() {
	local name=$1 dir port pwfile tries=0
	dir="$FQ_PG_DIR/$name"
	mkdir -p "$dir"
	[ -n "$FQ_PG_RUNAS" ] && chown "$FQ_PG_RUNAS" "$dir"
	pwfile="$dir/pw"
	printf '%s\n' "$FQ_PG_PASSWORD" > "$pwfile"
	[ -n "$FQ_PG_RUNAS" ] && chown "$FQ_PG_RUNAS" "$pwfile"
	if ! fq_pg_as_owner "$FQ_PG_BIN/initdb" -D "$dir/data" -U "$FQ_PG_USER" \
			--pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
			--encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1; then
		echo "pg.sh: initdb for $name failed:" >&2; cat "$dir/initdb.log" >&2
		return 1
	fi
	while :; do
		port=$(fq_pg_free_port) || { echo "pg.sh: no free port" >&2; return 1; }
		# pg_ctl runs the options through a shell: keep them on one line.
		opts="-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$dir'"
		opts="$opts -c log_statement=all -c log_min_messages=warning -c fsync=off"
		opts="$opts -c synchronous_commit=off -c full_page_writes=off"
		opts="$opts -c log_line_prefix='%m [%p] %d '"
		if fq_pg_as_owner "$FQ_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
				-o "$opts" start >"$dir/pg_ctl.log" 2>&1; then
			break
		fi
		tries=$((tries + 1))
		if [ $tries -ge 5 ]; then
			echo "pg.sh: $name would not start:" >&2
			cat "$dir/pg_ctl.log" "$dir/server.log" >&2
			return 1
		fi
	done
	FQ_PG_STARTED="$FQ_PG_STARTED $name"
	eval "FQ_PORT_$name=$port"
	export "FQ_PORT_$name"
}

# psql as the superuser over the cluster's socket: fq_pg_psql NAME [psql args]
fq_pg_psql() {
	local name=$1; shift
	local port; eval "port=\$FQ_PORT_$name"
	PGPASSWORD=$FQ_PG_PASSWORD "$FQ_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
		-h 127.0.0.1 -p "$port" -U "$FQ_PG_USER" "$@"
}

fq_pg_log() {
	echo "$FQ_PG_DIR/$1/server.log"
}

fq_pg_stop() {
	local name=$1
	if [ -f "$FQ_PG_DIR/$name/data/postmaster.pid" ]; then
		fq_pg_as_owner "$FQ_PG_BIN/pg_ctl" -D "$FQ_PG_DIR/$name/data" -m immediate -w stop \
			>/dev/null 2>&1 || true
	fi
	FQ_PG_STARTED=$(echo "$FQ_PG_STARTED" | sed "s/ $name\b//")
}

fq_pg_stop_all() {
	local n
	for n in $FQ_PG_STARTED; do
		fq_pg_stop "$n"
	done
}
