#!/bin/sh
# Install headless Chromium from Debian for the classroom page's browser tests
# (tests/app/test_browser.py, marker "browser"). Playwright's Python client drives it
# through executable_path="/usr/bin/chromium"; never `playwright install` (it downloads
# its own browser build from a CDN). Needs root (CI containers run as root).
set -eu
if [ -x /usr/bin/chromium ]; then
    echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || true)"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version || true
