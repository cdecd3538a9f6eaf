#!/bin/sh
# Install Debian's chromium and chromium-driver for the browser tests, only when missing.
# Needs root (CI runs as root). Without root, set TOCSIN_NO_BROWSER=1 to skip browser tests.
set -eu
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-chromium: chromium/chromedriver missing and not root; run as root," \
        "or set TOCSIN_NO_BROWSER=1 to skip the browser tests." >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium chromium-driver
