#!/usr/bin/env bash
# Paired A/B runs: two servers pinned to the same core (CPU 1) and loaded at the same time, each by its
# own wrk (CPU 0, beside the fake upstream), so that both meet the same moment of this shared VM. What is
# compared is each server's CPU time per request (utime + stime from /proc, divided by the requests it
# answered), which does not depend on how the scheduler shares the core between them. Sequential runs of
# one build drift by ±25% within minutes here; A against A in pairs agrees within 2% (BENCHMARKS.md,
# "Session 7").
#
#   Benchmarks/pair.sh A B          A and B are each a loopgate binary (PATH, or PATH@ROUTE for a route
#                                   of its own), or floor:PATH for the floor program's binary
#                                   (Benchmarks/Floor, route /proxy, or /echo with FLOOR_ROUTE=echo, or
#                                   per target with floor:PATH@ROUTE)
#
# Settings: ROUNDS (3 per arrangement; the two servers swap ports and wrk order between arrangements),
# DURATION (6 s), CONCURRENCY (64), ROUTE (deployed: /v4/chat-deployed; inline: /v4/chat; v5:
# /v5/prompts/call of the same stored config, the prompt's default version; openai: /v1/chat/completions of
# the same call), BENCH_DIR.
# One build on two routes: Benchmarks/pair.sh BIN@deployed BIN@v5.
# Needs nginx with the echo module and wrk (`SMOKE=1 Benchmarks/run.sh` installs both).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="${BENCH_DIR:-$root/../shared/bench}"
[ $# -eq 2 ] || { sed -n 2,16p "$0" >&2; exit 2; }
rounds="${ROUNDS:-3}"
duration="${DURATION:-6}"
concurrency="${CONCURRENCY:-64}"
route="${ROUTE:-deployed}"
key="lg_benchmarkKeyForLoopgateRuns00000"
upstream_port=19081
ports=(18180 18181)

work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

for port in "$upstream_port" "${ports[@]}"; do
    if ss -ltn "sport = :$port" | grep -q LISTEN; then
        echo "Benchmarks/pair.sh: port $port is in use" >&2
        exit 1
    fi
done

mkdir -p "$work/nginx"
python3 "$bench/upstream/gen_nginx_conf.py" --port "$upstream_port" --workdir "$work/nginx" >"$work/nginx/nginx.conf"
taskset -c 0 nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do
    curl -fsS "http://127.0.0.1:$upstream_port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done

# The harness's body; for the deployed route its config is stored (and so deployed) first.
python3 "$root/Benchmarks/deployed-bodies.py" "$bench/bodies/loopgate-chat.json" \
    "$bench/bodies/loopgate-chat-stream.json" "$work"
python3 "$root/Benchmarks/openai-bodies.py" "$bench/bodies/loopgate-chat.json" \
    "$bench/bodies/loopgate-chat-stream.json" "$work"

# start TARGET PORT: runs a server on CPU 1; prints "pid url body".
start() {
    local target="$1" port="$2"
    if [[ "$target" == floor:* ]]; then
        local binary="${target#floor:}" floor_route="${FLOOR_ROUTE:-proxy}"
        if [[ "$binary" == *@* ]]; then floor_route="${binary##*@}" binary="${binary%@*}"; fi
        FLOOR_PORT="$port" FLOOR_UPSTREAM="http://127.0.0.1:$upstream_port/v1/chat/completions" \
            taskset -c 1 "$binary" >"$work/$port.log" 2>&1 &
        local pid=$!
        local url="http://127.0.0.1:$port/$floor_route" body="$bench/bodies/loopgate-chat.json"
    else
        # A fresh database per server: the other build may have migrated the last one past what this
        # build knows, and a build refuses a schema newer than its own.
        local database target_route="$route"
        if [[ "$target" == *@* ]]; then target_route="${target##*@}" target="${target%@*}"; fi
        database="$(mktemp -d "$work/db-$port-XXXX")"
        LOOPGATE_API_KEY="$key" LOOPGATE_OPENAI_BASE_URL="http://127.0.0.1:$upstream_port/v1" \
            LOOPGATE_OPENAI_API_KEY=sk-bench-dummy-upstream-key \
            LOOPGATE_LOG_LEVEL=warning taskset -c 1 "$target" serve --port "$port" \
            --database "sqlite://$database/bench.sqlite" >"$work/$port.log" 2>&1 &
        local pid=$!
        local url="http://127.0.0.1:$port/v4/chat" body="$bench/bodies/loopgate-chat.json"
        [ "$target_route" = deployed ] && url="http://127.0.0.1:$port/v4/chat-deployed" body="$work/deployed.json"
        [ "$target_route" = v5 ] && url="http://127.0.0.1:$port/v5/prompts/call" body="$work/v5-call.json"
        [ "$target_route" = openai ] && url="http://127.0.0.1:$port/v1/chat/completions" body="$work/openai.json"
    fi
    for _ in $(seq 1 100); do
        ss -ltn "sport = :$port" | grep -q LISTEN && break
        sleep 0.1
    done
    if [[ "$target" != floor:* ]]; then
        curl -fsS -o /dev/null -H "X-API-KEY: $key" -H "Content-Type: application/json" \
            --data-binary "@$work/config.json" "http://127.0.0.1:$port/v4/model-configs"
    fi
    echo "$pid $url $body"
}

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# load URL BODY OUT: wrk on CPU 0.
load() {
    BENCH_BODY_FILE="$2" BENCH_HEADERS="X-API-KEY: $key" taskset -c 0 \
        wrk -t1 -c"$concurrency" -d"${3}s" -s "$bench/wrk/post.lua" "$1" >"$4"
}

ratios=()
for arrangement in 0 1; do
    first="$1" second="$2"
    [ "$arrangement" = 1 ] && first="$2" second="$1"
    read -r pid1 url1 body1 < <(start "$first" "${ports[0]}")
    read -r pid2 url2 body2 < <(start "$second" "${ports[1]}")
    pids+=("$pid1" "$pid2")
    load "$url1" "$body1" 2 /dev/null &
    warm1=$!
    load "$url2" "$body2" 2 /dev/null &
    wait "$warm1" "$!"
    for round in $(seq 1 "$rounds"); do
        c1=$(cpu "$pid1") c2=$(cpu "$pid2")
        load "$url1" "$body1" "$duration" "$work/w1" &
        run1=$!
        load "$url2" "$body2" "$duration" "$work/w2" &
        wait "$run1" "$!"
        d1=$(cpu "$pid1") d2=$(cpu "$pid2")
        result=$(python3 - "$work/w1" "$work/w2" "$c1" "$d1" "$c2" "$d2" "$arrangement" "$duration" <<'PY'
import re, sys
w1, w2, c1, d1, c2, d2, arrangement, duration = sys.argv[1:]
def requests(path):
    text = open(path).read()
    errors = re.findall(r"(Non-2xx or 3xx responses|Socket errors): (.*)", text)
    return int(re.search(r"(\d+) requests in", text).group(1)), errors
(n1, e1), (n2, e2) = requests(w1), requests(w2)
cost1 = (float(d1) - float(c1)) * 10 / n1  # clock ticks (1/100 s) to ms, per request
cost2 = (float(d2) - float(c2)) * 10 / n2
a, b = (cost1, cost2) if arrangement == "0" else (cost2, cost1)
na, nb = (n1, n2) if arrangement == "0" else (n2, n1)
note = f" errors: {e1 + e2}" if e1 or e2 else ""
print(f"  A {na / int(duration):6.0f} req/s {a:.3f} ms CPU/req | B {nb / int(duration):6.0f} req/s {b:.3f} ms CPU/req"
      f" | B/A {b / a:.3f}{note}")
print(f"{b / a:.3f}")
PY
        )
        echo "$result" | sed '$d'
        ratios+=("$(echo "$result" | tail -1)")
    done
    kill "$pid1" "$pid2" 2>/dev/null || true
    # The servers were started in process substitutions, so they are not this shell's children and
    # `wait` cannot wait for them: wait until both have exited, or the next arrangement's servers find
    # their ports still taken.
    for _ in $(seq 1 200); do
        kill -0 "$pid1" 2>/dev/null || kill -0 "$pid2" 2>/dev/null || break
        sleep 0.05
    done
done
python3 - "${ratios[@]}" <<'PY'
import statistics, sys
ratios = sorted(float(r) for r in sys.argv[1:])
print(f"B/A CPU per request: median {statistics.median(ratios):.3f}, range {ratios[0]:.3f}-{ratios[-1]:.3f}"
      f" ({len(ratios)} paired runs)")
PY
