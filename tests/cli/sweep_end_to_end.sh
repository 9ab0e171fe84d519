#!/usr/bin/env bash
# Sweeps as a researcher runs them: killed part-way (SIGKILL, SIGINT, SIGTERM) and
# started again, they end byte-identical to an uninterrupted run; under
# `mpirun -np 2` they gather one output identical to the single-process run.
# Usage: CARECAST=... [MPIRUN=...] sweep_end_to_end.sh SOURCE_DIR
set -u
src=$1
bin=${CARECAST:?}
sweep="$src/tests/scenarios/resume.sweep.toml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
check() {
  local what=$1; shift
  if "$@"; then echo "ok   - $what"; else echo "FAIL - $what"; failures=$((failures + 1)); fi
}

"$bin" sweep "$sweep" --out "$work/whole" --threads 2 >"$work/whole.log"; check "uninterrupted sweep exits 0" test $? -eq 0
check "sweep.csv written" test -s "$work/whole/sweep.csv"
check "sweep.csv has point and parameter columns" grep -q "^point,demand.annual_growth,statistic,month,area,role,metric,value$" "$work/whole/sweep.csv"
check "manifest lists 6 points" test "$(grep -c '"point":' "$work/whole/manifest.json")" -eq 6
check "summary printed" grep -q "Summary for registered manager" "$work/whole.log"

for signal in KILL INT TERM; do
  out="$work/killed-$signal"
  "$bin" sweep "$sweep" --out "$out" --threads 2 >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 2000); do
    [ -e "$out/points/point-000001.json" ] && break
    sleep 0.01
  done
  kill -s "$signal" "$pid" 2>/dev/null
  wait "$pid"; code=$?
  done_points=$(ls "$out/points" 2>/dev/null | grep -c '\.json$')
  check "SIGTERM/SIGINT/SIGKILL ($signal) stopped the sweep part-way ($done_points of 6 points done, exit $code)" \
    test "$done_points" -ge 1 -a "$done_points" -lt 6
  check "no sweep.csv after $signal" test ! -e "$out/sweep.csv"
  "$bin" sweep "$sweep" --out "$out" --threads 2 >"$out.log"; check "restart after $signal exits 0" test $? -eq 0
  check "restart after $signal skipped the finished points" grep -q "already done" "$out.log"
  check "no partial file left after $signal and the restart" test -z "$(ls -A "$out" | grep -F .partial-)"
  check "after $signal: sweep.csv byte-identical to the uninterrupted run" cmp -s "$work/whole/sweep.csv" "$out/sweep.csv"
  check "after $signal: summary.csv byte-identical" cmp -s "$work/whole/summary.csv" "$out/summary.csv"
done

# A finished point whose files were cut short or changed is recomputed, not trusted.
cp -r "$work/whole" "$work/tampered" && rm -f "$work/tampered/.carecast.lock"
truncate -s 300 "$work/tampered/points/point-000002.csv"
sed -i 's/"point":4/"point":5/' "$work/tampered/points/point-000004.json"
"$bin" sweep "$sweep" --out "$work/tampered" --threads 2 >"$work/tampered.log"; check "resume over altered points exits 0" test $? -eq 0
check "the two altered points were run again" grep -q "4 already done" "$work/tampered.log"
check "and sweep.csv is byte-identical to the uninterrupted run" cmp -s "$work/whole/sweep.csv" "$work/tampered/sweep.csv"

cp "$sweep" "$work/changed.sweep.toml" && cp "$src/tests/scenarios/small.toml" "$work/" && sed -i 's/replicates = 6/replicates = 5/' "$work/changed.sweep.toml"
"$bin" sweep "$work/changed.sweep.toml" --out "$work/whole" 2>"$work/changed.err"; code=$?
check "another sweep into the same folder is refused (exit 2)" test $code -eq 2
check "and says why" grep -q "holds another sweep's points" "$work/changed.err"

# A run and a sweep never share a folder: the manifest of one would replace the other's.
"$bin" run "$src/tests/scenarios/small.toml" --out "$work/whole" >/dev/null 2>"$work/run-into-sweep.err"; code=$?
check "a run into a sweep's folder is refused (exit 2)" test $code -eq 2
check "and names the sweep's files" grep -q "holds a sweep's results (sweep.csv" "$work/run-into-sweep.err"
check "and the sweep's manifest is untouched" grep -q '"points"' "$work/whole/manifest.json"
"$bin" run "$src/tests/scenarios/small.toml" --out "$work/a-run" >/dev/null
"$bin" sweep "$sweep" --out "$work/a-run" --threads 2 >/dev/null 2>"$work/sweep-into-run.err"; code=$?
check "a sweep into a run's folder is refused (exit 2)" test $code -eq 2
check "and names the run's files" grep -q "holds a run's results (results.csv)" "$work/sweep-into-run.err"
check "and writes no points there" test ! -e "$work/a-run/points"

# Single-replicate points run side by side on 2 threads: the same bytes as one by one.
cat >"$work/single.sweep.toml" <<SWEEP
[sweep]
name = "single-replicate points"
scenario = "$src/tests/scenarios/small.toml"
replicates = 1
horizon_years = 5
[[parameters]]
key = "demand.annual_growth"
values = [0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06]
SWEEP
"$bin" sweep "$work/single.sweep.toml" --out "$work/serial" --threads 1 >/dev/null
"$bin" sweep "$work/single.sweep.toml" --out "$work/side" --threads 2 >/dev/null
check "points side by side (2 threads) give the bytes of points one by one" cmp -s "$work/serial/sweep.csv" "$work/side/sweep.csv"
check "and the same summary" cmp -s "$work/serial/summary.csv" "$work/side/summary.csv"

if [ -n "${MPIRUN:-}" ]; then
  "$MPIRUN" --allow-run-as-root --oversubscribe -np 2 "$bin" sweep "$sweep" --out "$work/mpi" --threads 1 >"$work/mpi.log" 2>&1
  check "mpirun -np 2 sweep exits 0" test $? -eq 0
  check "mpirun -np 2 used 2 ranks" grep -q "2 ranks" "$work/mpi.log"
  check "mpirun -np 2: sweep.csv byte-identical to one process" cmp -s "$work/whole/sweep.csv" "$work/mpi/sweep.csv"
  check "mpirun -np 2: summary.csv byte-identical" cmp -s "$work/whole/summary.csv" "$work/mpi/summary.csv"
  "$MPIRUN" --allow-run-as-root --oversubscribe -np 2 "$bin" sweep "$work/single.sweep.toml" --out "$work/mpi-side" --threads 2 >/dev/null 2>&1
  check "mpirun -np 2, points side by side in each rank: the bytes of one by one" cmp -s "$work/serial/sweep.csv" "$work/mpi-side/sweep.csv"
else
  echo "skip - mpirun not found or carecast built without MPI"
fi
echo "sweep end-to-end: $failures check(s) failed"
exit $((failures > 0))
