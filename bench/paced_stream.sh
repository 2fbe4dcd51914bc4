#!/usr/bin/env bash
# Paced streams against a local sink (issue 29): the rate achieved per
# 10-second window at each asked rate, the highest rate held for 60 s with
# its latency, and the resident memory of a 10-minute run sampled every
# 10 s. The sink is stdout into `cat >/dev/null` (a pipe: a write blocks
# when the reader lags, so its latency is real). Prints markdown tables for
# bench/README.md.
# Usage: bench/paced_stream.sh [OMNISIM] [SECONDS_PER_RATE] [SOAK_SECONDS]
set -euo pipefail
omnisim=${1:-build/release/omnisim}
seconds=${2:-60}
soak_seconds=${3:-600}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() {  # rate seconds name
  "$omnisim" events --rate "$1" --duration "$2" --report-every 10 --batch 1000 \
    --summary "$work/$3.json" --out - 2>"$work/$3.err" | cat >/dev/null
}

echo "| asked events/s | window (s) | achieved events/s | achieved / asked |"
echo "|---:|---|---:|---:|"
for rate in 10000 100000 1000000; do
  run "$rate" "$seconds" "rate-$rate"
  previous=0
  grep '^interval' "$work/rate-$rate.err" | while read -r line; do
    t=$(sed -E 's/^interval t=([0-9.]+) s.*/\1/' <<<"$line")
    achieved=$(sed -E 's/.* events, ([0-9]+) events\/s.*/\1/' <<<"$line")
    printf '| %s | %s-%s | %s | %.4f |\n' "$rate" "$previous" "$t" "$achieved" \
      "$(echo "$achieved / $rate" | bc -l)"
    previous=$t
  done
  python3 - "$work/rate-$rate.json" "$rate" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); rate = float(sys.argv[2])
print(f"| {int(rate)} | whole run ({s['elapsed_s']:.1f} s) | {s['rate_per_s']:.0f} | "
      f"{s['rate_per_s'] / rate:.4f} |")
PY
done

echo
echo "| asked events/s (60 s) | delivered | achieved events/s | p50 ms | p99 ms | p99.9 ms | max ms | max lag s |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for rate in ${HELD_RATES:-1000000 2000000 3000000}; do
  run "$rate" "$seconds" "held-$rate"
  python3 - "$work/held-$rate.json" "$rate" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); l = s["latency_ms"]
print(f"| {sys.argv[2]} | {s['delivered_events']} | {s['rate_per_s']:.0f} | {l['p50']:.3f} | "
      f"{l['p99']:.3f} | {l['p99.9']:.3f} | {l['max']:.3f} | {s['max_lag_s']:.3f} |")
PY
done

echo
echo "| minute of a ${soak_seconds}-s run at 1,000,000 events/s | resident memory (MB) |"
echo "|---:|---:|"
"$omnisim" events --rate 1000000 --duration "$soak_seconds" --out - -q 2>/dev/null | cat >/dev/null &
sleep 1
pid=$(pgrep -n -f "omnisim events --rate 1000000 --duration $soak_seconds")
for ((t = 10; t <= soak_seconds; t += 10)); do
  sleep 10
  rss_kb=$(ps -o rss= -p "$pid" 2>/dev/null || echo 0)
  if ((t % 60 == 0 || t == 10)); then printf '| %.1f | %d |\n' "$(echo "$t / 60" | bc -l)" $((rss_kb / 1024)); fi
done
wait
