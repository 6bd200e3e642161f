#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests: trust auth, 127.0.0.1 only, data in a temp folder.
#
#   scripts/start_postgres.sh [start] [DIR]   start a cluster in DIR (default: a new temp
#                                             folder) and print its URL on stdout
#   scripts/start_postgres.sh stop DIR        stop that cluster and delete DIR
#
# Typical use:
#   PGDIR=$(mktemp -d)
#   export INTERVIEWER_TEST_PG_URL=$(scripts/start_postgres.sh start "$PGDIR")
#   trap 'scripts/start_postgres.sh stop "$PGDIR"' EXIT
#
# Needs the PostgreSQL server binaries (Debian: apt-get install postgresql); set PG_BIN to
# use a specific bin folder. initdb refuses to run as root, so as root the server runs as the
# "postgres" user (created if missing). Everything but the URL goes to stderr.
set -euo pipefail

DB_NAME="interviewer_test"
SUPERUSER="postgres"

log() { echo "start_postgres: $*" >&2; }
die() { log "$*"; exit 1; }

find_bin() {
    if [[ -n "${PG_BIN:-}" ]]; then
        [[ -x "$PG_BIN/initdb" ]] || die "PG_BIN=$PG_BIN has no initdb"
        echo "$PG_BIN"
        return
    fi
    # Debian keeps server binaries out of PATH, one folder per major version: take the newest.
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$dir" && -x "$dir/initdb" ]]; then
        echo "$dir"
        return
    fi
    if command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return
    fi
    die "no PostgreSQL server found; install it (apt-get install postgresql) or set PG_BIN"
}

# Run a command as the server's owner.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u "$OWNER" -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
    local dir="${1:-}"
    local bin port
    bin=$(find_bin)
    if [[ -z "$dir" ]]; then
        dir=$(mktemp -d "${TMPDIR:-/tmp}/interviewer-pg.XXXXXX")
        log "cluster folder: $dir (stop with: $0 stop $dir)"
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    cd /  # the server's owner may not be allowed into the caller's working folder
    [[ ! -e "$dir/data" ]] || die "$dir/data already exists; stop that cluster first: $0 stop $dir"

    OWNER=$(id -un)
    if [[ $(id -u) -eq 0 ]]; then
        OWNER=postgres
        if ! id "$OWNER" >/dev/null 2>&1; then
            useradd --system --no-create-home --shell /usr/sbin/nologin "$OWNER"
        fi
        chown "$OWNER" "$dir"
    fi

    as_owner "$bin/initdb" --pgdata="$dir/data" --username="$SUPERUSER" --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || die "initdb failed; see $dir/initdb.log"

    port=$(free_port)
    # fsync off: the data is thrown away, and tests run much faster without it.
    as_owner "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait start \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c fsync=off -c full_page_writes=off -c max_connections=100" \
        >/dev/null || die "the server did not start; see $dir/server.log"

    "$bin/createdb" --host=127.0.0.1 --port="$port" --username="$SUPERUSER" "$DB_NAME" \
        || die "createdb failed; see $dir/server.log"

    local url="postgresql://$SUPERUSER@127.0.0.1:$port/$DB_NAME"
    echo "$url" >"$dir/url"
    echo "$bin" >"$dir/bin"
    echo "$url"
}

stop() {
    local dir="${1:?usage: $0 stop DIR}"
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        local bin
        bin=$(cat "$dir/bin" 2>/dev/null || find_bin)
        OWNER=$(stat -c %U "$dir/data")
        as_owner "$bin/pg_ctl" --pgdata="$dir/data" --mode=fast --wait stop >/dev/null
    fi
    rm -rf "$dir"
}

case "${1:-start}" in
    start) start "${2:-}" ;;
    stop) stop "${2:-}" ;;
    -h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) die "unknown command ${1}; use start [DIR] or stop DIR" ;;
esac
