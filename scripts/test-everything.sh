#!/usr/bin/env bash
# The README's test command: install from scratch, then every test (type check, unit, integration,
# fault, devices, contract over both transports, and Playwright end-to-end in Debian's Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm test
