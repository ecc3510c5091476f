#!/usr/bin/env bash
# The README's test command: install from scratch, then every test — type check, unit (with
# integration, devices, ops, contract over both transports), fault, calendar (faketime), build and
# Playwright end-to-end in Debian's Chromium — the stages of `npm test` (with the layer lint, and the
# build before the unit run), each with its runner's JSON
# report in build/test-reports/ (or $KIOSK_TEST_REPORTS). A failing stage does not hide the others
# (only e2e needs a good build); the totals per stage print at the end whatever happened, and the
# run fails if a test changed a tracked file.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

reports=${KIOSK_TEST_REPORTS:-$root/build/test-reports}
mkdir -p "$reports"
rm -f "$reports"/*.json "$reports/stages.tsv"
# Read by scripts/check-calendar-days.sh (one report per day) and the Playwright config.
export KIOSK_TEST_REPORTS=$reports
export KIOSK_E2E_JSON=$reports/e2e.json
stages="$reports/stages.tsv"
printf 'run\t%s\n' "$(date +%s)" >"$stages"
# CI sets CI=1 (see .ci/run): there a skipped test fails the run.
totals_flags=()
case "${CI:-}" in '' | 0 | false) ;; *) totals_flags+=(--fail-on-skip) ;; esac

failed=0
current=''
print_totals() {
  local status=$?
  if [ -n "$current" ]; then printf 'end\t%s\tkilled\t%s\n' "$current" $(($(date +%s) - stage_started)) >>"$stages"; fi
  # Node 22 from the install when there is one; otherwise the machine's (the script is plain JS).
  local node=node
  [ -x "$root/node_modules/.bin/node" ] && node="$root/node_modules/.bin/node"
  "$node" "$root/scripts/test-totals.mjs" "$reports" "${totals_flags[@]}" || status=1
  [ "$failed" -ne 0 ] && status=1
  exit "$status"
}
trap print_totals EXIT
# Stopped from outside (CI's overall time limit): the EXIT trap still prints what finished.
trap 'echo "test-everything: stopped by a signal during stage ${current:-none}" >&2; exit 143' TERM INT

# stage <name> <command…>: runs one stage, records its result and time.
stage() {
  local name=$1
  shift
  current=$name
  stage_started=$(date +%s)
  printf 'start\t%s\t%s\n' "$name" "$stage_started" >>"$stages"
  echo ""
  echo "==== stage: $name ===="
  local status=passed
  "$@" || status=failed
  printf 'end\t%s\t%s\t%s\n' "$name" "$status" $(($(date +%s) - stage_started)) >>"$stages"
  current=''
  [ "$status" = passed ] || failed=1
  [ "$status" = passed ]
}

stage setup bash scripts/setup.sh || exit 1

# A snapshot of the work tree after the install, to prove afterwards that no test wrote a tracked file.
in_git=0
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  in_git=1
  tree_before=$(
    git status --porcelain
    git diff | sha1sum
  )
fi
tracked_files_unchanged() {
  local after
  after=$(
    git status --porcelain
    git diff | sha1sum
  )
  if [ "$after" != "$tree_before" ]; then
    echo "A test changed the work tree (tests must write only to temp folders or ignored paths):" >&2
    diff <(echo "$tree_before") <(echo "$after") >&2
    return 1
  fi
  echo "git status unchanged by the test run"
}

stage typecheck npm run typecheck
stage lint-deps npm run lint:deps
# Built before the unit run: tests/ops checks the packaged file set against the real build output.
built=0
stage build npm run build && built=1
stage unit npm run test:unit -- --reporter=default --reporter=json "--outputFile.json=$reports/unit.json"
stage fault npm run test:fault -- --reporter=default --reporter=json "--outputFile.json=$reports/fault.json"
stage calendar npm run test:calendar
if [ "$built" = 1 ]; then
  stage e2e npm run test:e2e
fi
if [ "$in_git" = 1 ]; then stage tracked-files tracked_files_unchanged; fi
