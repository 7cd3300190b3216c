#!/usr/bin/env bash
# Runs the compat suites against a running Loopgate: the official Humanloop Python SDK 0.5.18 on /v4
# (compat/), then 0.8.38 on /v5 (compat/v5/, in a virtualenv of its own: both SDKs are `humanloop`).
#
#   LOOPGATE_URL=http://127.0.0.1:8080 LOOPGATE_API_KEY=... bash compat/run.sh [pytest args]
#
# Without LOOPGATE_URL it starts .build/debug/loopgate itself (build it first: swift build) on a
# free port with a throwaway SQLite database and a generated key, and stops it at the end.
# Exit code: pytest's (or 2 when the server could not be started).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/compat/.venv"

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/compat/requirements.txt"
PY="$VENV/bin/python"
VENV5="$ROOT/compat/v5/.venv"
if [ ! -x "$VENV5/bin/python" ]; then
    python3 -m venv "$VENV5"
fi
"$VENV5/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/compat/v5/requirements.txt"

SERVER_PID=""
TMPDIR_RUN=""
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [ -n "$TMPDIR_RUN" ]; then rm -rf "$TMPDIR_RUN"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "${LOOPGATE_URL:-}" ]; then
    BIN="$ROOT/.build/debug/loopgate"
    if [ ! -x "$BIN" ]; then
        echo "compat: $BIN not found; build it first (swift build) or set LOOPGATE_URL" >&2
        exit 2
    fi
    TMPDIR_RUN="$(mktemp -d)"
    PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
    KEY="lg_$("$PY" -c 'import secrets, string; a = string.ascii_letters + string.digits; print("".join(secrets.choice(a) for _ in range(32)))')"
    SERVER_LOG="$TMPDIR_RUN/server.log"
    # $TMPDIR_RUN is absolute, so this is sqlite:///abs/path/compat.sqlite
    LOOPGATE_API_KEY="$KEY" "$BIN" serve --host 127.0.0.1 --port "$PORT" \
        --database "sqlite://$TMPDIR_RUN/compat.sqlite" >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    export LOOPGATE_URL="http://127.0.0.1:$PORT"
    export LOOPGATE_API_KEY="$KEY"
    # test_hostile_clients.py starts servers of its own with this binary.
    export LOOPGATE_BIN="$BIN"

    if ! "$PY" - "$LOOPGATE_URL/healthz" "$SERVER_PID" <<'EOF'
import os, sys, time, urllib.request
url, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit("server exited before answering /healthz")
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            if r.status == 200:
                sys.exit(0)
    except Exception:
        pass
    time.sleep(0.2)
sys.exit("no 200 from /healthz within 30 s")
EOF
    then
        echo "compat: server did not become healthy; its log:" >&2
        tail -n 50 "$SERVER_LOG" >&2 || true
        exit 2
    fi
else
    if [ -z "${LOOPGATE_API_KEY:-}" ]; then
        echo "compat: LOOPGATE_URL is set but LOOPGATE_API_KEY is not" >&2
        exit 2
    fi
fi

# COMPAT_SUITES="v5" runs one suite; pytest's arguments apply to each suite run.
set +e
RC=0
for suite in ${COMPAT_SUITES:-v4 v5}; do
    case "$suite" in
    v4) "$PY" -m pytest -p no:cacheprovider --ignore="$ROOT/compat/v5" "$ROOT/compat" "$@" ;;
    v5)
        echo "== compat v5: humanloop 0.8.38"
        "$VENV5/bin/python" -m pytest -p no:cacheprovider "$ROOT/compat/v5" "$@"
        ;;
    *) echo "compat: unknown suite '$suite' (v4, v5)" >&2; false ;;
    esac
    SUITE_RC=$?
    [ "$RC" -ne 0 ] || RC=$SUITE_RC
done
set -e
if [ "$RC" -ne 0 ] && [ -n "$SERVER_PID" ]; then
    echo "compat: last lines of the server log:" >&2
    tail -n 40 "$SERVER_LOG" >&2 || true
fi
exit "$RC"
