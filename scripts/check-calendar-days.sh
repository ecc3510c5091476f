#!/usr/bin/env bash
# `npm run test:calendar`: the date-sensitive suites with the whole process's clock moved to awkward
# days by faketime (Debian package `faketime`), and the machine's time zone varied. The code takes
# its time from an injected clock and the store's zone (tests/integration/calendar-days.test.ts
# checks that cheaply); this run catches whatever still reads the real clock or the machine's zone.
#
#   bash scripts/check-calendar-days.sh [suite …]   the named suites instead of the list below
#   KIOSK_TEST_REPORTS=<dir>   also write one vitest JSON report per day there (CI's totals)
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

if ! command -v faketime >/dev/null; then
  echo "test:calendar needs faketime: apt-get install -y faketime (scripts/setup.sh installs it as root)" >&2
  exit 2
fi

# The suites whose results depend on dates: the demo seed, check-ins, streaks, birthdays, tiers,
# churn, dashboards, habits, points expiry, QR/ticket expiry, receipts, store-local formatting,
# guardian age, backups and log rotation. counter-flow runs the demo store on the system clock.
SUITES=(
  tests/integration/calendar-days.test.ts
  electron/services/demo
  tests/integration/membership-checkin.test.ts
  tests/integration/membership-churn-dashboard.test.ts
  tests/integration/membership-tiers.test.ts
  tests/integration/membership-purchases.test.ts
  tests/integration/counter-flow.test.ts
  electron/services/habits
  electron/services/loyalty
  electron/services/printing/layouts
  tests/devices/scanner.test.ts
  tests/devices/print-queue.test.ts
  tests/ops/backup-restore.test.ts
  tests/ops/logs.test.ts
  renderer/src/i18n/format.test.ts
  renderer/src/screens/Join
  renderer/src/screens/Kiosk
)
if [ $# -gt 0 ]; then SUITES=("$@"); fi

# "faketime start|machine TZ|why" — the store's zone stays Asia/Shanghai (the default config).
DAYS=(
  "2026-12-01 09:00:00|Asia/Shanghai|1 December: the next month's birthdays are a day away (issue 11)"
  "2028-02-29 12:00:00|America/Los_Angeles|29 February on the machine, already 1 March in the store"
  "2026-12-31 23:59:00|Asia/Shanghai|31 December 23:59 in Shanghai: the year ends during the run"
  "2028-03-01 00:10:00|Asia/Shanghai|the first day of a month, just after midnight, after a leap day"
)

# Not FAKETIME_DONT_FAKE_MONOTONIC=1: with libfaketime 0.9.10 it makes Chromium hang (its timed
# waits on monotonic condition variables get converted with the wall-clock offset), and Node's
# timers run fine on the faked monotonic clock. The faketime wrapper shares one timeline with every
# child process (vitest's workers, the e2e host, Chromium) through shared memory.
unset FAKETIME_DONT_FAKE_MONOTONIC
# This script may itself run under faketime (issue 11's check runs all of CI on a faked day). A
# nested `faketime` inherits the outer libfaketime preload and its shared timeline, and the inner
# day is then not the one asked for (seen: 2025-09-03 instead of 2026-12-01), so each day starts
# from a clean slate: the outer preload and its variables are dropped for the inner run.
outer_preload=$(printf '%s' "${LD_PRELOAD:-}" | tr ': ' '\n\n' | grep -v libfaketime | paste -sd: -)
on_day() {
  local when=$1 tz=$2
  shift 2
  env -u FAKETIME -u FAKETIME_SHARED -u FAKETIME_NO_CACHE LD_PRELOAD="$outer_preload" TZ="$tz" faketime "$when" "$@"
}
failed=()
n=0
started=$(date +%s)
for entry in "${DAYS[@]}"; do
  n=$((n + 1))
  IFS='|' read -r when tz why <<<"$entry"
  echo "test:calendar [$n/${#DAYS[@]}] $when ($tz) — $why"
  # Proof that faketime moves what Node itself sees (Node 22 reads the clock through libc).
  seen=$(on_day "$when" "$tz" node -e 'const d = new Date(); const p = (n) => String(n).padStart(2, "0"); console.log(`${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())} | ${d.toString()}`)')
  echo "test:calendar   Node under faketime sees: ${seen#*| }"
  if [ "${seen%% |*}" != "${when:0:16}" ]; then
    echo "test:calendar: faketime did not move Node's clock (expected ${when:0:16}, Node saw ${seen%% |*}); see scripts/check-calendar-days.sh" >&2
    exit 2
  fi
  report=()
  if [ -n "${KIOSK_TEST_REPORTS:-}" ]; then
    mkdir -p "$KIOSK_TEST_REPORTS"
    report=(--reporter=default --reporter=json "--outputFile.json=$KIOSK_TEST_REPORTS/calendar-$n.json")
  fi
  if ! on_day "$when" "$tz" vitest run "${report[@]}" "${SUITES[@]}"; then
    failed+=("$when ($tz)")
  fi
done

echo "test:calendar: ${#DAYS[@]} days in $(( $(date +%s) - started )) s"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'test:calendar: FAILED on %s\n' "${failed[@]}" >&2
  exit 1
fi
