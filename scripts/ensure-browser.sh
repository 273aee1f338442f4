#!/usr/bin/env bash
# Make sure a Chromium for the browser tests is installed (Debian's package, as root).
set -euo pipefail
for candidate in "${COACHKIT_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "browser: $candidate"
    exit 0
  fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "browser: installing Debian's chromium with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
cat >&2 <<'MSG'
error: the browser tests need Chromium and none was found.
  - On Debian/Ubuntu, as root:  apt-get install chromium
  - Or point COACHKIT_CHROMIUM at a Chromium/Chrome executable and run `make test` again.
MSG
exit 1
