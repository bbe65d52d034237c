#!/usr/bin/env bash
# Issue 4 acceptance flights: every controller (ltc = fixed point, ltc-float, pid) x every nominal/stress scenario
# x both frames x loop rates 200/500/1000 Hz x seeds 1..3, each with `liquidflight fly --json`, two at a time.
# Usage (from the repository root, after `dotnet build tools/LiquidFlight.Cli -c Release`):
#   tools/LiquidFlight.Training/Acceptance/acceptance.sh flights.txt
#   python3 tools/LiquidFlight.Training/Acceptance/summarize.py flights.txt
# Each output line: "controller scenario frame loopHz seed<TAB>fly JSON".
set -euo pipefail
OUT=${1:?output file}
CLI=${LIQUIDFLIGHT_DLL:-tools/LiquidFlight.Cli/bin/Release/net10.0/liquidflight.dll}
: > "$OUT"
for c in ltc ltc-float pid; do
  for s in hover-recovery attitude-steps gusts irregular-sampling heavy-payload noisy-imu slow-motors; do
    for f in quad250-brushless esp-drone-brushed; do
      for hz in 200 500 1000; do
        for seed in 1 2 3; do echo "$c $s $f $hz $seed"; done
      done
    done
  done
done | CLI="$CLI" xargs -P 2 -L 1 bash -c '
  r=$(dotnet "$CLI" fly --controller $0 --scenario $1 --frame $2 --loop-hz $3 --seed $4 --json | tr -d "\n")
  printf "%s %s %s %s %s\t%s\n" $0 $1 $2 $3 $4 "$r"' >> "$OUT"
