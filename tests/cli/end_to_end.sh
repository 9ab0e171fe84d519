#!/usr/bin/env bash
# The command line as a user meets it: exit codes, files, what it prints.
# Usage: CARECAST=path/to/carecast end_to_end.sh SOURCE_DIR
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

"$bin" --help >"$work/help" 2>&1; check "--help exits 0" test $? -eq 0
check "--help shows examples" grep -q "Examples:" "$work/help"

"$bin" run "$src/tests/scenarios/small.toml" --years 2 --threads 2 --seed 5 --out "$work/a" >"$work/run.out" 2>"$work/run.err"
check "run exits 0" test $? -eq 0
check "run writes results.csv" test -s "$work/a/results.csv"
check "run writes manifest.json" test -s "$work/a/manifest.json"
check "summary names job role groups" grep -q "direct care" "$work/run.out"
check "summary lists weakest benches" grep -q "Weakest leadership benches" "$work/run.out"
check "summary says where files went" grep -q "$work/a/results.csv" "$work/run.out"
check "no progress bar when not a terminal" test ! -s "$work/run.err"
check "CSV header" test "$(head -1 "$work/a/results.csv")" = "month,area,role,metric,value"
check "every CSV row has five fields and a number" awk -F, 'NR>1 && (NF!=5 || $5 !~ /^-?[0-9]+(\.[0-9]+)?$/) {bad=1} END {exit bad}' "$work/a/results.csv"
check "CSV reaches month 24" grep -q "^24,England,all,filled," "$work/a/results.csv"
check "manifest records seed 5" grep -q '"seed": 5' "$work/a/manifest.json"
check "manifest records 2 threads" grep -q '"threads": 2' "$work/a/manifest.json"
check "no temporary files left" test -z "$(ls "$work/a" | grep partial)"

"$bin" run "$src/tests/scenarios/small.toml" --years 2 --threads 1 --seed 5 --out "$work/b" --quiet
check "same seed at another thread count: identical CSV" cmp -s "$work/a/results.csv" "$work/b/results.csv"
"$bin" run "$src/tests/scenarios/small.toml" --years 2 --threads 64 --seed 5 --out "$work/oversubscribed" --quiet 2>"$work/oversubscribed.err"
check "more threads than cores: identical CSV" cmp -s "$work/a/results.csv" "$work/oversubscribed/results.csv"
check "more threads than cores: nothing on stderr (no TBB warning)" test ! -s "$work/oversubscribed.err"
"$bin" run "$src/tests/scenarios/small.toml" --years 2 --seed 6 --out "$work/c" --quiet
check "another seed: different CSV" bash -c "! cmp -s '$work/a/results.csv' '$work/c/results.csv'"

"$bin" validate "$src/tests/scenarios/small.toml" >"$work/valid.out"; check "validate a good file exits 0" test $? -eq 0
check "validate says OK" grep -q "OK" "$work/valid.out"

"$bin" validate "$src/tests/scenarios/bad/rate_above_one.toml" 2>"$work/bad.err"; code=$?
check "validate a bad file exits 2" test $code -eq 2
check "error names file:line:column" grep -q "rate_above_one.toml:25:12: roles\[0\].turnover" "$work/bad.err"
check "error says what is allowed" grep -q "allowed: a rate in \[0, 1\]" "$work/bad.err"

"$bin" run "$src/tests/scenarios/bad/promotion_cycle.toml" --out "$work/d" 2>"$work/cycle.err"; code=$?
check "run on a bad file exits 2" test $code -eq 2
check "run on a bad file writes nothing" test ! -e "$work/d"
check "promotion cycle names the roles" grep -q '"director" -> "care worker"' "$work/cycle.err"

"$bin" run "$work/missing.toml" 2>"$work/missing.err"; code=$?
check "missing file exits 2" test $code -eq 2
check "missing file is named" grep -q "missing.toml: (file): cannot open" "$work/missing.err"

"$bin" run --threads many 2>/dev/null; code=$?
check "bad option value exits 2" test $code -eq 2
"$bin" run "$src/tests/scenarios/small.toml" --years 0 2>/dev/null; code=$?
check "--years 0 is refused with exit 2" test $code -eq 2

"$bin" analyse >"$work/analyse.out"; check "analyse exits 0" test $? -eq 0
check "analyse gives prospects to registered manager" grep -q "reaches registered manager" "$work/analyse.out"
check "analyse names bottleneck edges" grep -q "deputy manager: " "$work/analyse.out"
"$bin" analyse --json >"$work/analyse.json"; check "analyse --json exits 0" test $? -eq 0
check "analyse --json is JSON with bottlenecks" grep -q '"bottlenecks"' "$work/analyse.json"
"$bin" analyse "$src/tests/scenarios/bad/unreachable_leader.toml" 2>"$work/unreach.err"; code=$?
check "unreachable leader is refused (exit 2)" test $code -eq 2
check "unreachable leader is named" grep -q 'leadership role "director" cannot be reached' "$work/unreach.err"

"$bin" run "$src/tests/scenarios/small.toml" --replicates 6 --keep-replicates --threads 2 --out "$work/ens" --quiet
check "ensemble exits 0" test $? -eq 0
check "ensemble.csv has mean, p5, p50, p95" bash -c "grep -q '^mean,36,England,all,filled,' '$work/ens/ensemble.csv' && grep -q '^p5,' '$work/ens/ensemble.csv' && grep -q '^p50,' '$work/ens/ensemble.csv' && grep -q '^p95,' '$work/ens/ensemble.csv'"
check "P5 <= mean <= P95 for filled posts at month 36" awk -F, '$2==36 && $3=="England" && $4=="all" && $5=="filled" {v[$1]=$6} END {exit !(v["p5"] <= v["mean"] && v["mean"] <= v["p95"] && v["p5"] < v["p95"])}' "$work/ens/ensemble.csv"
check "replicates.csv keeps all 6" test "$(cut -d, -f1 "$work/ens/replicates.csv" | sort -u | grep -c '^[0-9]')" -eq 6
"$bin" run "$src/tests/scenarios/small.toml" --replicate 4 --out "$work/rep4" --quiet
grep '^4,' "$work/ens/replicates.csv" | cut -d, -f2- >"$work/rep4-in-ensemble"
tail -n +2 "$work/rep4/results.csv" >"$work/rep4-alone"
check "replicate 4 run alone equals replicate 4 of the ensemble" cmp -s "$work/rep4-in-ensemble" "$work/rep4-alone"

# Resource limits: refused before anything is allocated, fast, in little memory.
# (Sanitizer builds reserve terabytes of address space, so there the cap is left off.)
cap_memory() { [ -n "${SANITIZED:-}" ] || ulimit -v "$1"; }
( cap_memory 400000; timeout 20 "$bin" validate "$src/tests/scenarios/bad/too_many_agents.toml" ) 2>"$work/huge.err"; code=$?
check "90 billion posts refused with exit 2 in under 400 MB and 20 s" test $code -eq 2
check "the refusal names the limit and how to raise it" grep -q "more agents than the limit of .*CARECAST_MEMORY_GB" "$work/huge.err"
CARECAST_MEMORY_GB=0.0001 "$bin" validate "$src/tests/scenarios/small.toml" 2>"$work/budget.err"; code=$?
check "a smaller CARECAST_MEMORY_GB budget refuses the small scenario (exit 2)" test $code -eq 2
check "and says the budget" grep -q "memory budget of 0.0 GiB" "$work/budget.err"
( cap_memory 2000000; timeout 20 "$bin" run "$src/tests/scenarios/small.toml" --replicates 90000 --out "$work/many" ) 2>"$work/reps.err"; code=$?
check "90,000 replicates refused before running (exit 2)" test $code -eq 2
check "with the memory they would need" grep -q "replicates need about" "$work/reps.err"
check "and nothing written" test ! -e "$work/many"
cat >"$work/huge.sweep.toml" <<'SWEEP'
[sweep]
name = "far too big"
design = "latin_hypercube"
points = 1000000
[[parameters]]
key = "demand.annual_growth"
from = 0.0
to = 0.05
[output]
every_months = 1
regions = true
SWEEP
( timeout 60 "$bin" sweep "$work/huge.sweep.toml" --out "$work/huge-sweep" ) 2>"$work/hugesweep.err"; code=$?
check "a sweep that would not fit on disk is refused (exit 2)" test $code -eq 2
check "with its size and the free space" grep -q "the sweep would write about .* GB free" "$work/hugesweep.err"

# Outputs stay in --out whatever the files say.
mkdir -p "$work/jail/in" && cd "$work/jail/in" || exit 1
sed 's/^name = "small test workforce"/name = "..\/..\/..\/escaped"/' "$src/tests/scenarios/small.toml" >evil.toml
printf '[sweep]\nname = "../../escaped-sweep"\nscenario = "evil.toml"\n[[parameters]]\nkey = "demand.annual_growth"\nvalues = [0.01, 0.02]\n' >evil.sweep.toml
touch "$work/jail/marker"
"$bin" run evil.toml --years 1 --out "$work/jail/out-run" --quiet
"$bin" sweep evil.sweep.toml --out "$work/jail/out-sweep" >/dev/null
cd - >/dev/null || exit 1
stray=$(find "$work" -newer "$work/jail/marker" -type f | grep -v -e "^$work/jail/out-run/" -e "^$work/jail/out-sweep/" -e "^$work/jail/in/")
check "a scenario or sweep named ../../escaped writes only into --out" test -z "$stray"
check "and its outputs are there" test -s "$work/jail/out-run/results.csv" -a -s "$work/jail/out-sweep/sweep.csv"
rm -f "$work/jail/out-run/results.csv" && ln -s "$work/jail/victim" "$work/jail/out-run/results.csv"
"$bin" run "$work/jail/in/evil.toml" --years 1 --out "$work/jail/out-run" --quiet
check "a link where an output goes is replaced, never written through" test ! -e "$work/jail/victim"
check "and the output is a plain file" test -f "$work/jail/out-run/results.csv" -a ! -L "$work/jail/out-run/results.csv"

"$bin" new-area --name "Test council" --workers 8000 --vacancy-rate 0.09 --budget 100000 --out "$work/council.toml" >"$work/area.out"
check "new-area exits 0" test $? -eq 0
check "new-area says what it wrote" grep -q "8000 workers" "$work/area.out"
"$bin" validate "$work/council.toml" >/dev/null; check "its scenario validates" test $? -eq 0
check "its numbers name their source" grep -q "filled = .*# .*England baseline" "$work/council.toml"
"$bin" new-area --name "Test council" --workers 8000 --out "$work/council.toml" 2>"$work/area.err"
check "new-area will not replace a file without --force" test $? -eq 2
check "and says so" grep -q "exists" "$work/area.err"
"$bin" new-area --name "X" --workers 3 --out "$work/tiny.toml" 2>"$work/area.err"
check "new-area refuses a workforce of 3 with exit 2" test $? -eq 2 -a ! -e "$work/tiny.toml"
check "and says what is allowed" grep -q "allowed: 10" "$work/area.err"
"$bin" run "$work/council.toml" --years 1 --out "$work/council" --quiet; check "its scenario runs" test $? -eq 0
check "the council's programme rows are in the CSV" grep -q "^12,England,programme:all,enrolled_funded_places," "$work/council/results.csv"

# A sweep takes --set as run does, and records it.
"$bin" sweep "$src/tests/scenarios/resume.sweep.toml" --out "$work/sweep-set" --set demand.annual_growth=0.03 >/dev/null
check "sweep --set exits 0" test $? -eq 0
check "and the manifest records the override" grep -q '"demand.annual_growth=0.03"' "$work/sweep-set/manifest.json"
"$bin" sweep "$src/tests/scenarios/resume.sweep.toml" --out "$work/sweep-bad-set" --set demand.annual_growth=3 2>"$work/sweep-set.err"
check "sweep --set out of range exits 2 and writes nothing" test $? -eq 2 -a ! -e "$work/sweep-bad-set/manifest.json"
check "and says what is allowed" grep -q "allowed: an annual growth rate" "$work/sweep-set.err"

# check: a run against published figures; exit 3 when a figure is outside.
printf 'figure,month,area,role,metric,published,tolerance,source\n"filled",0,England,all,filled,23619,1%%,test\n' >"$work/good.csv"
printf 'figure,month,area,role,metric,published,tolerance,source\n"far off",0,England,all,vacancy_rate,0.5,0.01,test\n' >"$work/far.csv"
printf 'figure,month,area,role,metric,published,tolerance,source\n"bad",zero,England,all,filled,1,1%%,test\n' >"$work/bad.csv"
"$bin" run "$src/tests/scenarios/small.toml" --years 1 --quiet --out "$work/checked"
"$bin" check "$work/checked" "$work/good.csv" >"$work/check.out"; check "check within tolerance exits 0" test $? -eq 0
check "and counts the figures" grep -q "1 of 1 figures within tolerance" "$work/check.out"
"$bin" check "$work/checked" "$work/far.csv" >/dev/null; check "check outside tolerance exits 3" test $? -eq 3
"$bin" check "$work/checked" "$work/bad.csv" 2>"$work/check.err"; check "check refuses a bad table with exit 2" test $? -eq 2
check "and names file and line" grep -q "bad.csv:2: month" "$work/check.err"

# A scenario that changes over time says so in its summary and its manifest.
"$bin" run "$src/tests/scenarios/small-fair-pay.toml" --years 2 --out "$work/events" >"$work/events.out"
check "a scenario with events runs" test $? -eq 0
check "its summary lists the events in force" grep -q "2026-04 fair pay: roles.care worker.turnover x 0.8 over 3 months" "$work/events.out"
check "its manifest names them" grep -q '"name": "fair pay"' "$work/events/manifest.json"

# Regions side by side; a council from its region's rates.
"$bin" run "$src/tests/scenarios/small.toml" --years 1 --by area --out "$work/by-area" >"$work/by-area.out"
check "run --by area prints a row per area" test "$(grep -c '^North \|^South ' "$work/by-area.out")" -eq 2
check "and names the highest vacancy rates" grep -q "Highest vacancy rates in" "$work/by-area.out"
"$bin" run "$src/tests/scenarios/small.toml" --years 1 --by job --out "$work/by-job" 2>"$work/by-job.err"
check "run --by refuses anything but area with exit 2" test $? -eq 2
"$bin" new-area --name "Region council" --workers 8000 --region "London" --out "$work/london.toml" >/dev/null
check "new-area --region exits 0" test $? -eq 0
check "and its rates say they are London's" grep -q "vacancy_rate = .*London in the England baseline" "$work/london.toml"
"$bin" new-area --name "Region council" --workers 8000 --region "Londn" --out "$work/londn.toml" 2>"$work/region.err"
check "new-area refuses an unknown region with exit 2" test $? -eq 2 -a ! -e "$work/londn.toml"
check "and lists the regions" grep -q 'allowed: "North East"' "$work/region.err"

# The one door: --set, --seed and sweep points are checked as a scenario file is.
"$bin" run "$src/tests/scenarios/small.toml" --years 1 --set demand.annual_growth=0.03 --quiet --out "$work/set"
check "--set runs and the manifest records it" grep -q '"demand.annual_growth=0.03"' "$work/set/manifest.json"
"$bin" run "$src/tests/scenarios/small.toml" --set "roles.registered manager.turnover=0.0" --out "$work/refused" 2>"$work/set.err"
check "--set a turnover the loader refuses: exit 2" test $? -eq 2 -a ! -e "$work/refused/results.csv"
check "and names the key and why" grep -q "retirement alone" "$work/set.err"
"$bin" run "$src/tests/scenarios/small.toml" --seed 18446744073709551616 --out "$work/seed" 2>"$work/seed.err"
check "--seed past 2^63 is refused with exit 2" test $? -eq 2
check "and says what is allowed" grep -q "9223372036854775807" "$work/seed.err"
cat >"$work/bad-point.sweep.toml" <<SWEEP
[sweep]
name = "a point the loader refuses"
scenario = "$src/tests/scenarios/small.toml"
replicates = 1
horizon_years = 1
[[parameters]]
key = "roles.registered manager.turnover"
values = [0.0, 0.17]
SWEEP
"$bin" sweep "$work/bad-point.sweep.toml" --threads 1 --out "$work/bad-point" >/dev/null 2>"$work/point.err"
check "a sweep point the loader would refuse fails the sweep with exit 2" test $? -eq 2
check "naming the point" grep -q "point 0" "$work/point.err"

# Push recruitment hires all supply whatever the posts: its growth is in the estimate.
sed -e 's/^supply_domestic = 300$/supply_domestic = 100000/' -e 's/^seed = 42$/seed = 42\nrecruitment = "push"/' \
  "$src/tests/scenarios/small.toml" >"$work/push.toml"
CARECAST_MEMORY_GB=0.1 "$bin" run "$work/push.toml" --out "$work/push" 2>"$work/push.err"
check "push recruitment beyond the memory budget is refused before it runs" test $? -eq 2 -a ! -e "$work/push/results.csv"
check "saying why" grep -q "push recruitment hires all supply" "$work/push.err"

# Inputs must be regular files, read with a bound.
"$bin" validate /dev/zero 2>"$work/in.err"; check "/dev/zero is refused with exit 2" test $? -eq 2
check "as not a regular file" grep -q "not a regular file" "$work/in.err"
mkfifo "$work/fifo"
timeout 10 "$bin" validate "$work/fifo" 2>/dev/null; check "a FIFO is refused at once with exit 2" test $? -eq 2
"$bin" validate "$work" 2>/dev/null; check "a directory is refused with exit 2" test $? -eq 2
for bad in garbage 0 -5 nan inf ""; do
  CARECAST_MEMORY_GB="$bad" "$bin" validate "$src/tests/scenarios/small.toml" >/dev/null 2>&1
  check "CARECAST_MEMORY_GB='$bad' is refused with exit 2" test $? -eq 2
done
"$bin" run "$src/tests/scenarios/small.toml" --years 1 --out "" --quiet 2>"$work/out.err"
check "an empty --out is refused before anything runs" test $? -eq 2
# One run or sweep at a time per folder: a second one is refused while the first runs.
"$bin" run --years 3 --threads 1 --quiet --out "$work/busy" &
first=$!
for _ in $(seq 50); do [ -e "$work/busy/.carecast.lock" ] && break; sleep 0.1; done
"$bin" run "$src/tests/scenarios/small.toml" --years 1 --quiet --out "$work/busy" 2>"$work/busy.err"
code=$?
wait $first
check "a second run into a folder in use is refused with exit 2" test $code -eq 2
check "saying the folder is in use" grep -q "in use by another carecast" "$work/busy.err"
check "and the first run's files are whole and its own" grep -q '"name": "England baseline' "$work/busy/manifest.json"
touch "$work/busy/results.csv.partial-999999"
"$bin" run "$src/tests/scenarios/small.toml" --years 1 --quiet --out "$work/busy"
check "a killed run's temporaries are removed by the next run" test ! -e "$work/busy/results.csv.partial-999999"
check "the manifest names each file's hash" grep -q '"results.csv": "fnv1a64:' "$work/busy/manifest.json"

# The optimiser: an answer verified by the agents, written all or nothing; bad goals refused.
"$bin" optimise "$src/tests/scenarios/optimise_known.toml" --budget 1500000 --replicates 4 \
  --objective "max filled, carer, year 2" --budget-range 0:1500000:500000 --out "$work/opt" >"$work/opt.out" 2>/dev/null
check "optimise exits 0" test $? -eq 0
check "optimise says what to fund" grep -q "cheap retention .* 1200 places" "$work/opt.out"
check "optimise writes optimum.toml, candidates.csv, frontier.csv and a manifest" \
  test -s "$work/opt/optimum.toml" -a -s "$work/opt/candidates.csv" -a -s "$work/opt/frontier.csv" -a -s "$work/opt/manifest.json"
"$bin" validate "$work/opt/optimum.toml" >/dev/null; check "optimum.toml is a scenario that validates" test $? -eq 0
check "the frontier has a row per budget" test "$(wc -l <"$work/opt/frontier.csv")" -eq 5
"$bin" optimise "$src/tests/scenarios/optimise_known.toml" --budget 100 --objective "min vacancies, carer, year 2" --out "$work/opt-bad" 2>"$work/opt.err"
check "an unknown metric is refused with exit 2" test $? -eq 2 -a ! -e "$work/opt-bad"
check "quoting the expression and what is allowed" grep -q '"min vacancies, carer, year 2": unknown metric "vacancies"; allowed' "$work/opt.err"
"$bin" optimise "$src/tests/scenarios/optimise_known.toml" --budget -5 --objective "max filled, carer, year 2" --out "$work/opt-bad" 2>/dev/null
check "a negative budget is refused with exit 2" test $? -eq 2

mkdir -p "$work/ro" && chmod 500 "$work/ro"
if [ "$(id -u)" != 0 ]; then
  "$bin" run "$src/tests/scenarios/small.toml" --years 1 --out "$work/ro/x" 2>/dev/null; code=$?
  check "unwritable output folder exits 1" test $code -eq 1
fi

# Checked against published figures, as CI does: the 2024/25 first year all 12 within
# tolerance; the history run from 2012/13 (its paths from published series, never tuned
# to these figures) at least 7 of 14 (the labour-market issue asks for 10 of its 12: not yet).
"$bin" run "$src/scenarios/england.toml" --years 1 --quiet --out "$work/first-year"
"$bin" check "$work/first-year" "$src/validation/england-2024.csv" >"$work/first-year.check"
check "carecast check: 2024/25 first year, 12 of 12 (exit 0)" test $? -eq 0
"$bin" run "$src/scenarios/england-2012.toml" --quiet --out "$work/history"
"$bin" check "$work/history" "$src/validation/england-history.csv" >"$work/history.check"
cat "$work/history.check"
within=$(sed -n 's/^\([0-9]*\) of 14 figures within tolerance.*/\1/p' "$work/history.check")
check "carecast check: the history run, at least 7 of 14 (got ${within:-none})" test "${within:-0}" -ge 7

# The calibration script writes back what `carecast calibrate` fits: on England's file,
# which a Catch2 test keeps current, it changes only matching efficiencies, each by less
# than 1% (a fit from the file's own values moves them a little). (Not under the
# sanitizers: the fit runs the twin hundreds of times.)
if [ -z "${SANITIZED:-}" ]; then
  cp "$src/scenarios/england.toml" "$work/calibrated.toml"
  python3 "$src/scripts/apply-calibration" "$work/calibrated.toml" "$bin" >/dev/null
  check "scripts/apply-calibration changes England's current efficiencies by under 1%" \
    python3 - "$src/scenarios/england.toml" "$work/calibrated.toml" <<'PY'
import sys
before, after = (open(p).read().splitlines() for p in sys.argv[1:3])
ok = len(before) == len(after)
for a, b in zip(before, after):
    if a != b:
        key, x, y = a.split("=")[0].strip(), a.split("=")[1].split()[0], b.split("=")[1].split()[0]
        ok = ok and key.startswith("matching_efficiency") and abs(float(y) / float(x) - 1) < 0.01
sys.exit(0 if ok else 1)
PY
fi

# Bands that include the assumptions (issue 31): ranges of zero width give exactly the
# replicate bands; real ranges widen them; sensitivity writes its table all or nothing.
cat >"$work/zero.toml" <<EOF
extends = "$src/tests/scenarios/small.toml"
[[uncertainty]]
key = "demand.annual_growth"
range = [0.02, 0.02]
source = "assumption: a test"
EOF
cat >"$work/wide.toml" <<EOF
extends = "$src/tests/scenarios/small.toml"
[[uncertainty]]
key = "demand.annual_growth"
range = [0.0, 0.06]
source = "assumption: a test"
EOF
"$bin" run "$src/tests/scenarios/small.toml" --years 2 --replicates 3 --out "$work/chance" --quiet
"$bin" run "$work/zero.toml" --years 2 --replicates 3 --uncertainty 5 --out "$work/zero" --quiet
check "--uncertainty with zero-width ranges: the replicate bands exactly" \
  cmp -s "$work/chance/ensemble.csv" "$work/zero/ensemble.csv"
"$bin" run "$work/wide.toml" --years 2 --replicates 3 --uncertainty 6 --out "$work/wide" >"$work/wide.out"
check "--uncertainty writes the drawn sets" test "$(grep -c demand.annual_growth "$work/wide/uncertainty.csv")" -eq 6
check "--uncertainty says how much of the spread is the assumptions'" grep -q "assumptions" "$work/wide.out"
band() { # P95 - P5 of the care worker vacancy rate in England at month 24
  awk -F, '$2==24 && $3=="England" && $4=="care worker" && $5=="vacancy_rate" {v[$1]=$6} END {print v["p95"]-v["p5"]}' "$1"
}
check "--uncertainty bands widen with the declared range" \
  awk -v a="$(band "$work/chance/ensemble.csv")" -v b="$(band "$work/wide/ensemble.csv")" 'BEGIN {exit !(b > 3 * a)}'
"$bin" run "$src/tests/scenarios/small.toml" --uncertainty 3 --out "$work/none" 2>"$work/none.err"
status=$?
check "--uncertainty without declared ranges: exit 2, says what to add" \
  bash -c "test $status -eq 2 && grep -q 'uncertainty\]\]' '$work/none.err' && test ! -e '$work/none/ensemble.csv'"
"$bin" sensitivity "$work/wide.toml" --output "vacancy_rate, care worker, year 2" --samples 16 \
  --replicates 2 --out "$work/sens" >"$work/sens.out" 2>&1
check "sensitivity writes its table and its words" \
  bash -c "test -s '$work/sens/sensitivity.csv' && grep -q 'depends most on demand.annual_growth' '$work/sens/report.txt'"
"$bin" sensitivity "$work/wide.toml" --output "vacancy_rate, nobody, year 2" --out "$work/sens-bad" 2>"$work/sens-bad.err"
status=$?
check "sensitivity with a bad output: exit 2, nothing written" \
  bash -c "test $status -eq 2 && test ! -e '$work/sens-bad/sensitivity.csv' && grep -q nobody '$work/sens-bad.err'"

"$bin" optimise "$src/scenarios/council-example.toml" --target "vacancy_rate, registered manager, year 3 <= 0.08" --robust 5 --out "$work/robust-target" 2>"$work/robust-target.err"
status=$?
check "optimise --robust with a target: exit 2, says why" \
  bash -c "test $status -eq 2 && grep -q 'robust scores a choice' '$work/robust-target.err'"

echo "end-to-end: $failures check(s) failed"
exit $((failures > 0))
