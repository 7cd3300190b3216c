#!/usr/bin/env bash
# Loopgate's overhead benchmark: Loopgate (release build, pinned to CPU 1, SQLite logging on, durable
# before the answer) against a fake OpenAI upstream, beside the same load sent direct to the upstream
# and through LiteLLM proxy, with the harness in ../shared/bench (its README explains the method).
#
#   Benchmarks/run.sh [TARGET...] the full run (default targets: direct litellm loopgate); concurrency 1,
#                                16, 64; then streams
#   SMOKE=1 Benchmarks/run.sh    a few seconds, direct and loopgate only, no thresholds (CI's smoke run):
#                                the debug build, and only nginx, wrk and the stream client installed
#
# Settings: BENCH_DIR (default ../shared/bench), LOOPGATE_PORT (18080), SAVE=0 for the save:false body,
# ROUTE=deployed for /v4/chat-deployed (the same config, stored and deployed first) instead of /v4/chat,
# ROUTE=openai for /v1/chat/completions (the same call in OpenAI's API),
# CONFIGURATION (release; debug for SMOKE=1), SKIP_BUILD=1 to use the existing build, LOOPGATE_BIN to run
# another binary (another commit's build, for an A/B run: implies SKIP_BUILD=1); anything else is
# passed to the harness (ROUNDS, SCENARIO, CONCURRENCY, DURATION, WARMUP, OUT_DIR ...).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="${BENCH_DIR:-$root/../shared/bench}"
port="${LOOPGATE_PORT:-18080}"
key="lg_benchmarkKeyForLoopgateRuns00000"
upstream_port="${UPSTREAM_PORT:-19081}"

if [ ! -x "$bench/run.sh" ]; then
    echo "Benchmarks/run.sh: no harness at $bench (set BENCH_DIR)" >&2
    exit 1
fi
smoke="${SMOKE:-0}"
configuration="${CONFIGURATION:-release}"
[ "$smoke" = 1 ] && configuration="${CONFIGURATION:-debug}"

if [ "$smoke" = 1 ]; then
    # The smoke run needs no LiteLLM: the fake upstream, the load generator and the stream client only.
    need=()
    command -v nginx >/dev/null 2>&1 || need+=(nginx)
    [ -f /usr/lib/nginx/modules/ngx_http_echo_module.so ] || need+=(libnginx-mod-http-echo)
    command -v wrk >/dev/null 2>&1 || need+=(wrk)
    command -v ss >/dev/null 2>&1 || need+=(iproute2)
    command -v curl >/dev/null 2>&1 || need+=(curl)
    if [ ${#need[@]} -gt 0 ]; then
        SUDO=""
        [ "$(id -u)" != 0 ] && SUDO=sudo
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
    fi
    if ! "$bench/.venv/bin/python" -c "import aiohttp" >/dev/null 2>&1; then
        python3 -m venv --clear "$bench/.venv"
        "$bench/.venv/bin/pip" install -q "aiohttp==${AIOHTTP_VERSION:-3.14.5}"
    fi
else
    bash "$bench/setup.sh"
fi

cd "$root"
binary="${LOOPGATE_BIN:-$root/.build/$configuration/loopgate}"
if [ "${SKIP_BUILD:-0}" != 1 ] && [ -z "${LOOPGATE_BIN:-}" ]; then
    swift build -c "$configuration" --product loopgate
fi

work="$(mktemp -d)"
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# Pinned at start, so SwiftNIO sizes its event loops for the one core it sees.
LOOPGATE_API_KEY="$key" LOOPGATE_OPENAI_BASE_URL="http://127.0.0.1:$upstream_port/v1" LOOPGATE_LOG_LEVEL=warning \
    LOOPGATE_OPENAI_API_KEY=sk-bench-dummy-upstream-key \
    taskset -c "${GATEWAY_CPU:-1}" "$binary" serve --port "$port" \
    --database "sqlite://$work/bench.sqlite" >"$work/loopgate.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done

body="$bench/bodies/loopgate-chat.json"
[ "${SAVE:-1}" = 0 ] && body="$bench/bodies/loopgate-chat-nosave.json"
stream_body="$bench/bodies/loopgate-chat-stream.json"
route="${ROUTE:-inline}"
case "$route" in
inline) path=/v4/chat ;;
deployed)
    # The harness's bodies without their model_config: that config is stored in the project first (the
    # first config of a project is deployed to its default environment), and /v4/chat-deployed uses it.
    path=/v4/chat-deployed
    python3 "$root/Benchmarks/deployed-bodies.py" "$body" "$stream_body" "$work"
    curl -fsS -o /dev/null -H "X-API-KEY: $key" -H "Content-Type: application/json" \
        --data-binary "@$work/config.json" "http://127.0.0.1:$port/v4/model-configs"
    body="$work/deployed.json"
    stream_body="$work/deployed-stream.json"
    ;;
openai)
    path=/v1/chat/completions
    python3 "$root/Benchmarks/openai-bodies.py" "$body" "$stream_body" "$work"
    body="$work/openai.json"
    stream_body="$work/openai-stream.json"
    ;;
*)
    echo "Benchmarks/run.sh: ROUTE is inline (/v4/chat with the config in the body), deployed or openai" >&2
    exit 1
    ;;
esac
export LOOPGATE_URL="http://127.0.0.1:$port$path"
export LOOPGATE_BODY_FILE="$body"
export LOOPGATE_STREAM_BODY_FILE="$stream_body"
export LOOPGATE_HEADERS="X-API-KEY: $key"
export LOOPGATE_PID="$pid"
export LOOPGATE_CHECK="${LOOPGATE_CHECK:-A gateway sits between}"

if [ "$smoke" = 1 ]; then
    export OUT_DIR="${OUT_DIR:-$work/out}"
    DURATION="${DURATION:-2}" WARMUP="${WARMUP:-1}" CONCURRENCY="${CONCURRENCY:-1 16}" \
        STREAM_CONCURRENCY="${STREAM_CONCURRENCY:-4}" bash "$bench/run.sh" direct loopgate
    # No thresholds: the run must only work end to end, every answer a 200 with the fake upstream's text.
    python3 - "$OUT_DIR" <<'PY'
import json, os, sys
out = sys.argv[1]
rows = []
for name in ("results.jsonl", "streams.jsonl"):
    path = os.path.join(out, name)
    if os.path.exists(path):
        rows += [dict(json.loads(line), file=name) for line in open(path) if line.strip()]
loopgate = [row for row in rows if row.get("target") == "loopgate"]
failing = [row for row in loopgate if sum(v for k, v in row.items() if k.startswith("err_") and isinstance(v, int))]
kinds = {row["file"] for row in loopgate}
if failing or kinds != {"results.jsonl", "streams.jsonl"}:
    sys.exit(f"smoke benchmark: loopgate measured in {sorted(kinds)}; with errors: {failing}")
print(f"smoke benchmark: {len(loopgate)} loopgate measurements (requests and streams), no errors")
PY
else
    targets=("$@")
    [ ${#targets[@]} -gt 0 ] || targets=(direct litellm loopgate)
    bash "$bench/run.sh" "${targets[@]}"
fi
