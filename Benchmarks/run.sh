#!/usr/bin/env bash
# Loopgate's overhead benchmark: Loopgate (release build, pinned to CPU 1, SQLite logging on, durable
# before the answer) against a fake OpenAI upstream, beside the same load sent direct to the upstream
# and through LiteLLM proxy, with the harness in ../shared/bench (its README explains the method).
#
#   Benchmarks/run.sh [TARGET...] the full run (default targets: direct litellm loopgate); concurrency 1,
#                                16, 64; then streams
#   SMOKE=1 Benchmarks/run.sh    a few seconds, direct and loopgate only, no thresholds (CI's smoke run)
#
# Settings: BENCH_DIR (default ../shared/bench), LOOPGATE_PORT (18080), SAVE=0 for the save:false body,
# SKIP_BUILD=1 to use the existing .build/release/loopgate; anything else is passed to the harness
# (ROUNDS, SCENARIO, CONCURRENCY, DURATION, WARMUP, OUT_DIR ...).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="${BENCH_DIR:-$root/../shared/bench}"
port="${LOOPGATE_PORT:-18080}"
key="lg-bench-key"
upstream_port="${UPSTREAM_PORT:-19081}"

if [ ! -x "$bench/run.sh" ]; then
    echo "Benchmarks/run.sh: no harness at $bench (set BENCH_DIR)" >&2
    exit 1
fi
bash "$bench/setup.sh"

cd "$root"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    swift build -c release --product loopgate
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
    taskset -c "${GATEWAY_CPU:-1}" "$root/.build/release/loopgate" serve --port "$port" \
    --database "sqlite://$work/bench.sqlite" >"$work/loopgate.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done

body="$bench/bodies/loopgate-chat.json"
[ "${SAVE:-1}" = 0 ] && body="$bench/bodies/loopgate-chat-nosave.json"
export LOOPGATE_URL="http://127.0.0.1:$port/v4/chat"
export LOOPGATE_BODY_FILE="$body"
export LOOPGATE_STREAM_BODY_FILE="$bench/bodies/loopgate-chat-stream.json"
export LOOPGATE_HEADERS="X-API-KEY: $key"
export LOOPGATE_PID="$pid"
export LOOPGATE_CHECK="${LOOPGATE_CHECK:-A gateway sits between}"

if [ "${SMOKE:-0}" = 1 ]; then
    DURATION="${DURATION:-2}" WARMUP="${WARMUP:-1}" CONCURRENCY="${CONCURRENCY:-1 16}" \
        STREAM_CONCURRENCY="${STREAM_CONCURRENCY:-4}" bash "$bench/run.sh" direct loopgate
else
    targets=("$@")
    [ ${#targets[@]} -gt 0 ] || targets=(direct litellm loopgate)
    bash "$bench/run.sh" "${targets[@]}"
fi
