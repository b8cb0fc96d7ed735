#!/usr/bin/env bash
# Installs what okrbook needs on a fresh Debian/Ubuntu machine:
# a Chinese font for the charts (Debian's fonts-wqy-microhei) and the package itself.
# Usage: scripts/setup.sh [test]   — "test" adds the test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

want_apt=()
fc-list 2>/dev/null | grep -qiE "WenQuanYi|Noto Sans CJK|Source Han Sans" || want_apt+=(fonts-wqy-microhei)
command -v fc-list >/dev/null 2>&1 || want_apt+=(fontconfig)
# The tests look at the minutes (and drive JupyterLab) in Debian's Chromium:
# Playwright cannot download a browser of its own here.
if [ "${1:-}" = "test" ] && ! command -v chromium >/dev/null 2>&1; then
  want_apt+=(chromium)
fi
# A company on JupyterHub: `okrbook hub setup` sets ACLs (Debian's acl), the hub's proxy is npm's
# configurable-http-proxy; the tests of tests/hub/ use both.
command -v setfacl >/dev/null 2>&1 || want_apt+=(acl)
if [ "${1:-}" = "test" ] && ! command -v npm >/dev/null 2>&1; then
  want_apt+=(npm)
fi

if [ ${#want_apt[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "okrbook setup: installing ${want_apt[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${want_apt[@]}"
fi

extra=""
[ "${1:-}" = "test" ] && extra="[test]"
python3 -m pip install --quiet --disable-pip-version-check -e ".${extra}"
if [ "${1:-}" = "test" ] && ! command -v configurable-http-proxy >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "okrbook setup: installing configurable-http-proxy with npm"
  $sudo npm install --global --silent configurable-http-proxy
fi
