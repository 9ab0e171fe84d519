#!/usr/bin/env bash
# Drives the real window under Xvfb (Mesa software GL): screenshots exist, have the
# window's size, are not blank, and a changed parameter visibly changes the charts.
# Usage: GUI=carecast-gui PNG_CHECK=png_check screenshot_test.sh SOURCE_DIR
set -u
src=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LIBGL_ALWAYS_SOFTWARE=1
failures=0
check() {
  local what=$1; shift
  if "$@"; then echo "ok   - $what"; else echo "FAIL - $what"; failures=$((failures + 1)); fi
}
shoot() { # output, extra arguments...
  local out=$1; shift
  xvfb-run -a -s '-screen 0 1280x800x24' "$GUI" --width 1200 --height 760 --threads 2 \
    --scenario "$src/tests/scenarios/small.toml" --frames 3 --run --screenshot "$out" "$@"
}

shoot "$work/base.png"; check "baseline screenshot exits 0" test $? -eq 0
check "baseline PNG has the window's size and is not blank" "$PNG_CHECK" "$work/base.png" 1200 760
shoot "$work/growth.png" --set demand.annual_growth=0.08; check "changed-parameter screenshot exits 0" test $? -eq 0
# The top-left chart (posts and filled) sits right of the 400-pixel parameter panel.
check "higher demand growth visibly changes the posts chart" \
  "$PNG_CHECK" --differ "$work/base.png" "$work/growth.png" 420 90 780 330
shoot "$work/bands.png" --replicates 4 --tab charts; check "replicates with P5-P95 bands render" "$PNG_CHECK" "$work/bands.png" 1200 760
# Bands are thin for 20,000 people: looked for over every chart, not one.
check "bands change the charts" "$PNG_CHECK" --differ "$work/base.png" "$work/bands.png" 410 70 1190 720
shoot "$work/compare.png" --tab compare --compare-set programmes.leadership\ diploma.baseline_places_per_year=600
check "compare screenshot" "$PNG_CHECK" "$work/compare.png" 1200 760
check "compare shows a table where the charts were" "$PNG_CHECK" --differ "$work/base.png" "$work/compare.png" 420 90 780 330
# Every tab at 1280x720 and 1920x1080: each more than a blank window, and different from
# the charts tab.
for size in "1280 720" "1920 1080"; do
  set -- $size
  for tab in succession charts graph compare optimise sensitivity; do
    xvfb-run -a -s "-screen 0 $(($1 + 40))x$(($2 + 40))x24" "$GUI" --width "$1" --height "$2" --threads 2 \
      --scenario "$src/tests/scenarios/small.toml" --frames 3 --run --tab "$tab" --screenshot "$work/$tab-$1.png"
    check "$tab at $1x$2 renders" "$PNG_CHECK" "$work/$tab-$1.png" "$1" "$2"
  done
  check "the succession view at $1x$2 is not the charts tab" \
    "$PNG_CHECK" --differ "$work/charts-$1.png" "$work/succession-$1.png" 420 90 $(($1 - 20)) $(($2 / 2))
  check "the career graph at $1x$2 is not the charts tab" \
    "$PNG_CHECK" --differ "$work/charts-$1.png" "$work/graph-$1.png" 420 90 $(($1 - 20)) $(($2 / 2))
  for tab in compare optimise sensitivity; do
    check "the $tab tab at $1x$2 is not the charts tab" \
      "$PNG_CHECK" --differ "$work/charts-$1.png" "$work/$tab-$1.png" 420 90 $(($1 - 20)) $(($2 / 2))
  done
done
# A small window (England's five leadership roles, 1000x650): the bench charts have no
# room for a plot and show each role's last value instead of an empty box, so two runs
# with different demand differ there.
for growth in 0.016 0.08; do
  xvfb-run -a -s '-screen 0 1040x690x24' "$GUI" --width 1000 --height 650 --threads 2 \
    --set demand.annual_growth=$growth --frames 3 --run --screenshot "$work/small-$growth.png"
done
check "the charts at 1000x650 render" "$PNG_CHECK" "$work/small-0.08.png" 1000 650
check "the bench charts at 1000x650 show their values" \
  "$PNG_CHECK" --differ "$work/small-0.016.png" "$work/small-0.08.png" 410 280 690 430
# A scenario with a policy event (it extends small.toml): its marker is drawn on the charts.
xvfb-run -a -s '-screen 0 1280x800x24' "$GUI" --width 1200 --height 760 --threads 2 \
  --scenario "$src/tests/scenarios/small-fair-pay.toml" --frames 3 --run --screenshot "$work/events.png"
check "a scenario with events renders" "$PNG_CHECK" "$work/events.png" 1200 760
check "its event marker changes the charts" "$PNG_CHECK" --differ "$work/base.png" "$work/events.png" 420 90 780 330
shoot "$work/graph.png" --tab graph; check "career graph screenshot" "$PNG_CHECK" "$work/graph.png" 1200 760
# More threads than cores: run as asked, with nothing from TBB on stderr.
xvfb-run -a -s '-screen 0 1280x800x24' "$GUI" --width 1200 --height 760 --threads 64 \
  --scenario "$src/tests/scenarios/small.toml" --frames 3 --run --screenshot "$work/threads.png" 2>"$work/threads.err"
check "--threads 64 renders" "$PNG_CHECK" "$work/threads.png" 1200 760
check "--threads 64: no TBB warning" bash -c "! grep -q 'TBB Warning' '$work/threads.err'"
# The Optimise tab: the best use of a budget verified by the agents, and its frontier.
shoot "$work/optimise.png" --tab optimise --optimise "max filled, care worker, year 2" --budget 200000
check "optimise tab screenshot" "$PNG_CHECK" "$work/optimise.png" 1200 760
check "the optimise tab shows its result where the charts were" "$PNG_CHECK" --differ "$work/base.png" "$work/optimise.png" 420 90 780 330
cat >"$work/uncertain.toml" <<EOF
extends = "$src/tests/scenarios/small.toml"
[[uncertainty]]
key = "demand.annual_growth"
range = [0.0, 0.06]
source = "assumption: a test"
[[uncertainty]]
key = "workforce.readiness_per_month"
range = [0.5, 1.5]
source = "assumption: a test"
EOF
xvfb-run -a -s '-screen 0 1280x800x24' "$GUI" --width 1200 --height 760 --threads 2 \
  --scenario "$work/uncertain.toml" --frames 3 --tab sensitivity \
  --sensitivity "vacancy_rate, care worker, year 2" --screenshot "$work/sensitivity.png"
check "sensitivity tab screenshot" "$PNG_CHECK" "$work/sensitivity.png" 1200 760
xvfb-run -a -s '-screen 0 1280x800x24' "$GUI" --width 1200 --height 760 --threads 2 \
  --scenario "$work/uncertain.toml" --frames 3 --run --replicates 2 --assumption-sets 4 \
  --screenshot "$work/assumption-bands.png"
check "bands with the assumptions render" "$PNG_CHECK" "$work/assumption-bands.png" 1200 760
check "and are wider than chance's alone" "$PNG_CHECK" --differ "$work/bands.png" "$work/assumption-bands.png" 410 70 1190 720
check "the sensitivity tab draws its tornado where the charts were" "$PNG_CHECK" --differ "$work/base.png" "$work/sensitivity.png" 420 90 780 330
"$GUI" --scenario "$src/tests/scenarios/small.toml" --optimise "min vacancies, care worker, year 2" --screenshot "$work/z.png" 2>"$work/err3"; code=$?
check "a bad --optimise goal is refused with exit 2" test $code -eq 2
check "quoting it and what is allowed" grep -q 'unknown metric "vacancies"; allowed' "$work/err3"
"$GUI" --set no.such=1 --screenshot "$work/x.png" 2>"$work/err"; code=$?
check "a bad --set is refused with exit 2 before any window opens" test $code -eq 2
check "and says what is allowed" grep -q "unknown parameter 'no.such'; allowed:" "$work/err"
"$GUI" --scenario "$src/tests/scenarios/bad/rate_above_one.toml" --screenshot "$work/y.png" 2>"$work/err2"; code=$?
check "a bad scenario is refused with exit 2" test $code -eq 2
check "naming file:line and key" grep -q "rate_above_one.toml:25:12: roles\[0\].turnover" "$work/err2"
echo "gui: $failures check(s) failed"
exit $((failures > 0))
