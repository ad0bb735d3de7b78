#!/usr/bin/env bash
# Storefront benchmark: throughput and latency of dynamic pages at 16 connections (wrk),
# time until the server answers, and resident memory with 30 open sandboxes.
# Usage: tools/bench/storefront.sh   (needs wrk; builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)"; exit 1; }
[ -n "${E5_BENCH_NO_BUILD:-}" ] || cargo build --release --quiet
e5=target/release/e5
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

$e5 context pack reference-site -o "$work/ref.e5ctx" >/dev/null
$e5 context import "$work/ref.e5ctx" --allow-unsigned --data "$work/data" >/dev/null
ids=()
for _ in $(seq 30); do ids+=("$($e5 sandbox create --context toiles-de-loire --data "$work/data" | head -1)"); done

port=18089
start=$(date +%s%N)
$e5 serve --bind 127.0.0.1:$port --data "$work/data" 2>/dev/null &
server=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.005; done
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))

base="http://127.0.0.1:$port/s/${ids[0]}"
product=$(sqlite3 "$work/data/sandboxes/${ids[0]}.db" "SELECT slug FROM product WHERE active = 1 ORDER BY id LIMIT 1" 2>/dev/null || echo drap-housse-lin-lave-ecru)
category=$(sqlite3 "$work/data/sandboxes/${ids[0]}.db" "SELECT slug FROM category ORDER BY id LIMIT 1" 2>/dev/null || echo linge-de-lit)

echo "| page | requests/s | p50 | p99 |"
echo "| --- | --- | --- | --- |"
for path in "/" "/produit/$product" "/categorie/$category" "/blog"; do
  out=$(wrk -t2 -c16 -d10s --latency "$base$path")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  echo "| $path | $rps | $p50 | $p99 |"
done

for id in "${ids[@]}"; do curl -sf "http://127.0.0.1:$port/s/$id/" >/dev/null; done
rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$server/status)
echo
echo "ready after start: ${ready_ms} ms; resident memory with 30 open sandboxes: $((rss_kb / 1024)) MiB"
