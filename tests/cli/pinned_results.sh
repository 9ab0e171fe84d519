#!/usr/bin/env bash
# Results that cannot drift unseen: each shipped scenario's results.csv (one replicate,
# one year) against the hash pinned in tests/pinned-results.txt. A change to the model,
# the draws or the output changes these on purpose or by accident: if on purpose, update
# the pins (this script prints the new ones) and say why in CHANGELOG.md under the entry
# the pins name. Usage: CARECAST=path/to/carecast pinned_results.sh SOURCE_DIR
set -u
src=$1
bin=${CARECAST:?set CARECAST to the carecast binary}
pins="$src/tests/pinned-results.txt"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
entry=$(sed -n 's/^changelog: //p' "$pins")
if ! grep -qF "## $entry" "$src/CHANGELOG.md"; then
  echo "FAIL - CHANGELOG.md has no entry \"## $entry\", which tests/pinned-results.txt names"
  failures=$((failures + 1))
fi
while read -r file expected; do
  case "$file" in ''|'#'*|changelog:) continue ;; esac
  target=("$src/$file")
  [ "$file" = "<embedded>" ] && target=()
  "$bin" run "${target[@]}" --years 1 --threads 2 --quiet --out "$work/run" 2>/dev/null
  got=$(sed -n 's/.*"results.csv": "\(fnv1a64:[0-9a-f]*\)".*/\1/p' "$work/run/manifest.json")
  if [ "$got" = "$expected" ]; then
    echo "ok   - $file: $got"
  else
    echo "FAIL - $file: results changed ($expected pinned, $got now)"
    failures=$((failures + 1))
  fi
  echo "$file $got" >>"$work/now.txt"
  rm -rf "$work/run"
done <"$pins"
if [ "$failures" -gt 0 ]; then
  echo "If the change is meant: add a CHANGELOG.md entry saying why results changed, name it"
  echo "on the pins' 'changelog:' line, and pin these:"
  cat "$work/now.txt"
fi
echo "pinned results: $failures check(s) failed"
exit $((failures > 0))
