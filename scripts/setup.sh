#!/usr/bin/env bash
# Installs what Member Kiosk needs on a developer machine or CI runner, with or without internet.
#   - Debian packages for the tests and devices (Chromium, ffmpeg, socat, Xvfb, udev, libusb, faketime), when root.
#   - npm packages from the lockfile. Electron's binary and onnxruntime's GPU providers are downloads
#     from outside the npm registry: we skip them during `npm ci` and try Electron's afterwards, so an
#     offline machine still installs (and runs the browser-hosted kiosk) while a connected one gets Electron.
set -euo pipefail
cd "$(dirname "$0")/.."

# faketime: `npm run test:calendar` moves the clock of the date-sensitive suites to awkward days.
want_apt=(chromium ffmpeg socat xvfb udev libusb-1.0-0 fonts-wqy-microhei faketime)
missing=()
for pkg in "${want_apt[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install these Debian packages (as root): ${missing[*]}" >&2
  fi
fi

export ELECTRON_SKIP_BINARY_DOWNLOAD=1
export ONNXRUNTIME_NODE_INSTALL=skip
if [ "${1:-}" = "--if-needed" ] && [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "setup: npm packages are up to date"
else
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Electron's runtime: fetched where the machine can reach its download host; optional otherwise.
if [ ! -e node_modules/electron/path.txt ]; then
  if (unset ELECTRON_SKIP_BINARY_DOWNLOAD; timeout 120 node node_modules/electron/install.js >/dev/null 2>&1); then
    echo "setup: Electron runtime installed"
  else
    echo "setup: no Electron runtime could be downloaded here; the kiosk will run in browser-hosted mode"
  fi
fi
