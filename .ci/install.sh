#!/usr/bin/env bash
# Install everything the product and its tests need on a clean Debian machine (run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi wenquanyi; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi
python -m pip install -q -r requirements-dev.txt
