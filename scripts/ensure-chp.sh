#!/usr/bin/env bash
# Print the path of configurable-http-proxy (JupyterHub's proxy), installing it when missing.
# It is installed from the npm registry into deploy/jupyterhub/node_modules (version pinned in
# deploy/jupyterhub/package.json and package-lock.json); npm runs only when the binary is missing.
# $COACHKIT_CHP, when set to an executable, is used as is; so is a configurable-http-proxy already on PATH (the
# conda-forge jupyterhub package brings one). Everything but the path goes to stderr.
set -euo pipefail
if [ -n "${COACHKIT_CHP:-}" ] && [ -x "$COACHKIT_CHP" ]; then echo "$COACHKIT_CHP"; exit 0; fi
if command -v configurable-http-proxy >/dev/null; then command -v configurable-http-proxy; exit 0; fi
dir="$(cd "$(dirname "$0")/.." && pwd)/deploy/jupyterhub"
bin="$dir/node_modules/.bin/configurable-http-proxy"
if [ ! -x "$bin" ]; then
  if ! command -v npm >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "chp: installing Debian's nodejs and npm" >&2
      apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >&2
    else
      echo "error: JupyterHub's proxy needs Node.js and npm (apt-get install nodejs npm), or set COACHKIT_CHP" >&2
      exit 1
    fi
  fi
  echo "chp: installing configurable-http-proxy into $dir/node_modules" >&2
  if [ -f "$dir/package-lock.json" ]; then
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >&2
  else
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error >&2
  fi
fi
echo "$bin"
