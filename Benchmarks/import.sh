#!/usr/bin/env bash
# `loopgate import` at scale (issue 25, item 7): an export of LOGS Prompt logs (default 1,000,000; each line
# embeds its whole Prompt version, as humanloop-export wrote them) made by compat/v5/export_tree.py, imported
# by BIN into a fresh database while a server on the same database answers /v4/chat calls (CALLERS threads,
# default 4). Prints the import's logs per second and peak RSS, and the calls' latency while it ran.
#
#   Benchmarks/import.sh [BIN]          BIN: a loopgate binary (default .build/release/loopgate)
#
# Settings: LOGS, CALLERS, DATABASE (default a fresh SQLite file; a postgres:// URL of an empty database
# works the same), EXPORT (reuse an export folder made before), BENCH_DIR (scratch, default a temp folder).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${1:-$root/.build/release/loopgate}"
logs="${LOGS:-1000000}"
callers="${CALLERS:-4}"
work="${BENCH_DIR:-$(mktemp -d)}"
database="${DATABASE:-sqlite://$work/import.sqlite}"
key="lg_benchmarkKeyForLoopgateImports000"
port=18190

server=""
cleanup() {
    [ -z "$server" ] || kill "$server" 2>/dev/null || true
    wait 2>/dev/null || true
    [ -n "${BENCH_DIR:-}" ] || [ -n "${EXPORT:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

export_dir="${EXPORT:-$work/export}"
if [ -z "${EXPORT:-}" ]; then
    echo "== making an export of $logs logs in $export_dir"
    python3 "$root/compat/v5/export_tree.py" "$export_dir" --logs "$logs" >/dev/null
fi
du -sh "$export_dir"

LOOPGATE_API_KEY="$key" LOOPGATE_LOG_LEVEL=warning "$bin" serve --host 127.0.0.1 --port "$port" \
    --database "$database" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

# Callers: /v4/chat with an inline mock config, one request at a time each, latencies kept until stopped.
python3 - "$port" "$key" "$callers" "$work/latencies" <<'EOF' &
import json, sys, threading, time, urllib.request
port, key, callers, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
body = json.dumps({"project": "import-bench-callers", "model_config": {"provider": "mock", "model": "mock-1"},
                   "messages": [{"role": "user", "content": "hi"}]}).encode()
latencies, stop = [], threading.Event()
def call():
    while not stop.is_set():
        request = urllib.request.Request(f"http://127.0.0.1:{port}/v4/chat", data=body, method="POST",
                                         headers={"X-API-KEY": key, "Content-Type": "application/json"})
        start = time.monotonic()
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
        latencies.append(time.monotonic() - start)
threads = [threading.Thread(target=call, daemon=True) for _ in range(callers)]
for t in threads: t.start()
import signal
signal.signal(signal.SIGTERM, lambda *_: stop.set())
while not stop.is_set(): time.sleep(0.1)
for t in threads: t.join()
open(out, "w").write("\n".join(f"{x:.6f}" for x in latencies))
EOF
load=$!

echo "== import ($bin) into $database"
set +e
/usr/bin/time -v "$bin" import "$export_dir" --database "$database" >"$work/report.txt" 2>"$work/import.err"
status=$?
set -e
kill -TERM "$load"
wait "$load" 2>/dev/null || true
grep -E "^import: " "$work/import.err" | tail -1
cat "$work/report.txt"
echo "exit status $status (1: the sample's malformed line and Agent file were reported)"
grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$work/import.err" | sed 's/^\s*/  /'
python3 - "$work/latencies" <<'EOF'
import sys
values = sorted(float(x) for x in open(sys.argv[1]).read().split())
if values:
    pick = lambda q: values[min(len(values) - 1, int(q * len(values)))] * 1000
    print(f"  /v4/chat while importing: {len(values)} calls, p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms,"
          f" max {values[-1] * 1000:.1f} ms")
EOF
