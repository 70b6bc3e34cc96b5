#!/usr/bin/env bash
# Install everything the product and its tests need on a clean Debian machine (run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian packages, only when one is missing (reruns stay fast): the browser tests' Chromium and CJK font;
# redis-server, PostgreSQL and nginx for the several-processes tests (tests/services.py starts its own, on 127.0.0.1)
have_pg() { command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi wenquanyi \
   || ! command -v redis-server >/dev/null || ! have_pg || ! { command -v nginx || test -x /usr/sbin/nginx; } >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei redis-server postgresql nginx >/dev/null
fi
python -m pip install -q -r requirements-dev.txt
