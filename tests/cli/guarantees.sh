#!/usr/bin/env bash
# The guarantees under attack: runs end promptly when told to, output grows with its
# rows, a full disk leaves the folder as it was, one run or sweep per folder.
# Usage: CARECAST=path/to/carecast guarantees.sh SOURCE_DIR
set -u
src=$1
bin=${CARECAST:?set CARECAST to the carecast binary}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
check() { # description, command...
  local what=$1; shift
  if "$@"; then echo "ok   - $what"; else echo "FAIL - $what"; failures=$((failures + 1)); fi
}
small="$src/tests/scenarios/small.toml"

# Waits up to $2 tenths of a second for process $1 to end; true if it did.
ended_within() {
  local pid=$1 tenths=$2
  for _ in $(seq "$tenths"); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  ! kill -0 "$pid" 2>/dev/null
}

# 1. A scenario whose training places are near their maximum ends within 2 s of SIGTERM.
sed 's/^baseline_places_per_year = 240$/baseline_places_per_year = 900000000000/' "$small" >"$work/places.toml"
"$bin" run "$work/places.toml" --years 50 --replicates 200 --threads 2 --quiet --out "$work/places" 2>"$work/places.err" &
pid=$!
for _ in $(seq 100); do [ -e "$work/places/.carecast.lock" ] && break; sleep 0.1; done
sleep 1
kill -TERM "$pid"
check "places near their maximum: SIGTERM ends the run within 2 s" ended_within "$pid" 20
kill -KILL "$pid" 2>/dev/null
wait "$pid"; code=$?
check "with exit 130" test $code -eq 130
check "and nothing written" test ! -e "$work/places/results.csv" -a ! -e "$work/places/manifest.json"

# 2. A large ensemble stops promptly too (its table memory is allowed for here).
CARECAST_MEMORY_GB=64 "$bin" run "$small" --replicates 20000 --threads 2 --quiet --out "$work/many" 2>/dev/null &
pid=$!
sleep 1
kill -INT "$pid"
check "20,000 replicates: SIGINT ends the run within 2 s" ended_within "$pid" 20
kill -KILL "$pid" 2>/dev/null
wait "$pid"; code=$?
check "with exit 130" test $code -eq 130

# 3. Output grows linearly with its rows: 64 roles x 200 areas, 1 and 2 years.
{
  printf '[scenario]\nname = "64 roles x 200 areas"\nhorizon_years = 1\nseed = 1\n'
  for a in $(seq 200); do printf '[[areas]]\nname = "area %d"\nshare = 0.005\n' "$a"; done
  for r in $(seq 64); do
    level="front-line worker"; [ "$r" -eq 64 ] && level="operational leader"
    printf '[[roles]]\nname = "role %d"\ngroup = "direct care"\nlevel = "%s"\nfilled = 2000\nvacancy_rate = 0.05\nturnover = 0.2\nmatching_efficiency = 0.3\nsupply_domestic = 30\n' "$r" "$level"
  done
  for r in $(seq 63); do
    printf '[[edges]]\nfrom = "role %d"\nto = "role %d"\nkind = "promotion"\nmonthly_rate = 0.005\nmin_months = 6\n' "$r" $((r + 1))
  done
} >"$work/wide.toml"
"$bin" validate "$work/wide.toml" >/dev/null 2>"$work/wide.err"
check "the 64 x 200 scenario validates" test $? -eq 0
timeout 120 "$bin" run "$work/wide.toml" --years 1 --threads 2 --quiet --out "$work/wide1"
check "64 x 200, 1 year: runs and writes its rows" test $? -eq 0 -a -s "$work/wide1/results.csv"
timeout 120 "$bin" run "$work/wide.toml" --years 2 --threads 2 --quiet --out "$work/wide2"
check "64 x 200, 2 years: runs and writes its rows" test $? -eq 0 -a -s "$work/wide2/results.csv"
rows() { echo $(( $(wc -l <"$1") - 1 )); }
one=$(rows "$work/wide1/results.csv")
two=$(rows "$work/wide2/results.csv")
month0=$(grep -c '^0,' "$work/wide1/results.csv")
# Months 1-12 and 13-24 write the same rows, but for rates undefined in a month (no
# starters in a role and area, say): the second year adds the first's, within 2%.
check "a second year adds a year of rows ($one rows, then $two)" \
  test $(( 100 * (two - one) )) -ge $(( 98 * (one - month0) )) -a $(( 100 * (two - one) )) -le $(( 102 * (one - month0) ))
check "every (month, area, role) has its rows: $(( (two - one) / 12 )) a month" \
  test $(( (two - one) / 12 )) -ge $(( 201 * 69 * 15 ))

# 4. A full disk (a file-size limit) leaves the folder as it was.
"$bin" run "$small" --years 1 --seed 1 --quiet --out "$work/full"
( cd "$work/full" && sha256sum results.csv manifest.json ) >"$work/full.before"
( ulimit -f 64; "$bin" run "$small" --years 3 --seed 2 --quiet --out "$work/full" ) 2>"$work/full.err"
code=$?
check "a full disk: exit 1" test $code -eq 1
check "saying what failed and that nothing changed" grep -q "failed.*nothing in .* was changed" "$work/full.err"
check "the earlier outputs are untouched" bash -c "cd '$work/full' && sha256sum -c --quiet '$work/full.before'"
check "no temporaries left" test -z "$(ls -A "$work/full" | grep partial)"
( ulimit -f 64; "$bin" run "$small" --replicates 4 --keep-replicates --years 3 --quiet --out "$work/full" ) 2>/dev/null
check "a full disk during an ensemble: the folder is as it was" bash -c "cd '$work/full' && sha256sum -c --quiet '$work/full.before' && test ! -e ensemble.csv"

# 5. One sweep per folder: a second sweep started while the first runs is refused.
cat >"$work/slow.sweep.toml" <<SWEEP
[sweep]
name = "slow"
scenario = "$small"
replicates = 10
horizon_years = 15
[[parameters]]
key = "demand.annual_growth"
values = [0.0, 0.01, 0.02, 0.03, 0.04, 0.05]
SWEEP
"$bin" sweep "$work/slow.sweep.toml" --threads 1 --out "$work/sweeps" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do [ -e "$work/sweeps/.carecast.lock" ] && break; sleep 0.1; done
"$bin" sweep "$work/slow.sweep.toml" --threads 1 --out "$work/sweeps" >/dev/null 2>"$work/sweeps.err"
code=$?
"$bin" run "$small" --years 1 --quiet --out "$work/sweeps" 2>>"$work/sweeps.err"
run_code=$?
wait "$pid"; first=$?
check "a second sweep into a folder in use is refused (exit 2)" test $code -eq 2
check "so is a run (exit 2)" test $run_code -eq 2
check "saying the folder is in use" grep -q "in use by another carecast" "$work/sweeps.err"
check "the first sweep finishes (exit 0) with its whole output" test $first -eq 0 -a -s "$work/sweeps/sweep.csv" -a -s "$work/sweeps/manifest.json"

# 6. A swept horizon counts at its largest in the size estimate.
for horizon in "" "horizon"; do
  {
    printf '[sweep]\nname = "sizes"\nscenario = "%s"\ndesign = "latin_hypercube"\npoints = 1000000\n' "$small"
    printf '[[parameters]]\nkey = "demand.annual_growth"\nfrom = 0.0\nto = 0.05\n'
    [ -n "$horizon" ] && printf '[[parameters]]\nkey = "scenario.horizon_years"\nfrom = 1\nto = 100\n'
    printf '[output]\nevery_months = 1\nregions = true\n'
  } >"$work/size-$horizon.sweep.toml"
  "$bin" sweep "$work/size-$horizon.sweep.toml" --out "$work/size-$horizon" 2>"$work/size-$horizon.err"
done
rows_of() { grep -o 'x [0-9]* rows' "$1" | grep -o '[0-9]*'; }
base_rows=$(rows_of "$work/size-.err")
swept_rows=$(rows_of "$work/size-horizon.err")
check "a horizon swept to 100 years is sized at 100 years ($base_rows rows a point at 3 years, $swept_rows swept)" \
  test "${swept_rows:-0}" -gt $(( 20 * ${base_rows:-1} ))

echo "guarantees: $failures check(s) failed"
exit $((failures > 0))
