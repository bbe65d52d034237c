#!/usr/bin/env bash
# Coverage-guided fuzzing of one parser with AFL++ and SharpFuzz.
#   tools/LiquidFlight.Fuzz/fuzz.sh TARGET [SECONDS]      TARGET: crsf | model | mavlink (see FuzzTargets.All)
# Needs afl-fuzz (Debian/Ubuntu: apt-get install afl++) and the SharpFuzz instrumenter
# (dotnet tool install -g SharpFuzz.CommandLine --version 2.3.0). Publishes the harness to $LF_FUZZ_DIR
# (default /tmp/liquidflight-fuzz), instruments the copies of LiquidFlight.Core.dll and LiquidFlight.Model.dll
# there (never the build tree), fuzzes from the seed corpus in corpus/TARGET for SECONDS (default 600), then
# prints the run's figures and replays every crash found with the uninstrumented harness.
set -euo pipefail
target=${1:?"usage: fuzz.sh TARGET [SECONDS]; TARGET: crsf | model | mavlink"}
seconds=${2:-600}
here=$(cd "$(dirname "$0")" && pwd)
work=${LF_FUZZ_DIR:-/tmp/liquidflight-fuzz}
corpus=$here/corpus/$target
[ -d "$corpus" ] || { echo "error: no seed corpus $corpus; allowed targets: $(ls "$here/corpus" | tr '\n' ' ')" >&2; exit 2; }
command -v afl-fuzz >/dev/null || { echo "error: afl-fuzz not found (apt-get install afl++)" >&2; exit 2; }
sharpfuzz=$(command -v sharpfuzz || echo "$HOME/.dotnet/tools/sharpfuzz")
[ -x "$sharpfuzz" ] || { echo "error: sharpfuzz not found (dotnet tool install -g SharpFuzz.CommandLine --version 2.3.0)" >&2; exit 2; }

publish=$work/publish-$target
rm -rf "$publish"
dotnet publish "$here" -c Release -o "$publish" -v q --nologo >/dev/null
for dll in LiquidFlight.Core.dll LiquidFlight.Model.dll; do
  "$sharpfuzz" "$publish/$dll"
done

findings=$work/findings-$target
rm -rf "$findings"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
afl-fuzz -V "$seconds" -i "$corpus" -o "$findings" -t 10000 -m none -- dotnet "$publish/liquidflight-fuzz.dll" "$target" >"$work/afl-$target.log" 2>&1 || true

stats=$findings/default/fuzzer_stats
[ -f "$stats" ] || { echo "error: afl-fuzz did not start; see $work/afl-$target.log" >&2; tail -20 "$work/afl-$target.log" >&2; exit 1; }
get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
echo "$target: $(get run_time) s, $(get execs_done) executions ($(get execs_per_sec)/s), corpus $(get corpus_count) inputs, edges found $(get edges_found), crashes $(get saved_crashes), hangs $(get saved_hangs)"
crashes=$(find "$findings/default/crashes" -type f -name 'id:*' 2>/dev/null | sort)
if [ -n "$crashes" ]; then
  dotnet build "$here" -c Release -v q --nologo >/dev/null
  # shellcheck disable=SC2086
  dotnet "$here/bin/Release/net10.0/liquidflight-fuzz.dll" "$target" $crashes || true
  exit 1
fi
