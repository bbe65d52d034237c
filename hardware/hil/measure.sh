#!/usr/bin/env bash
# HIL link figures of the README: the virtual board (`liquidflight board`) and the simulator (`liquidflight hil`)
# on two pseudo-terminals joined by socat, once in lockstep and once in real time, attitude-steps for 10 s.
# Prints each run's "link" object of `hil --json` (frames, errors, dropped frames, round trip min/mean/max in µs,
# board cycles per wall second). The board is stopped by SIGTERM (a background job ignores SIGINT). Needs socat and a Release build (dotnet build tools/LiquidFlight.Cli -c Release).
set -euo pipefail
cd "$(dirname "$0")/../.."
cli=(dotnet tools/LiquidFlight.Cli/bin/Release/net10.0/liquidflight.dll)
seconds="${1:-10}"
dir="$(mktemp -d)"
socat -d -d "pty,raw,echo=0,link=$dir/sim" "pty,raw,echo=0,link=$dir/board" 2>/dev/null &
socat_pid=$!
trap 'kill "$socat_pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
while [ ! -e "$dir/sim" ] || [ ! -e "$dir/board" ]; do sleep 0.05; done
for mode in --lockstep ""; do
  "${cli[@]}" board --port "$dir/board" --controller pid 2>"$dir/board.log" &
  board_pid=$!
  until grep -q serving "$dir/board.log" 2>/dev/null; do sleep 0.1; done
  echo "hil ${mode:-(real time)}:"
  "${cli[@]}" hil --port "$dir/sim" --scenario attitude-steps --seconds "$seconds" $mode --json | sed 's/.*"link":/  /; s/}}$/}/'
  kill -TERM "$board_pid"
  wait "$board_pid" || true
done
