#!/bin/sh
# Installs what the build, the tests and the benchmarks need on a Debian 12 machine: the Debian
# packages on scripts/packages.txt and the npm packages pinned by host/package-lock.json.
# Idempotent, and silent when everything is already present. Run by `make deps`.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)

missing=""
for p in $(sed 's/#.*//' "$top/scripts/packages.txt"); do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps: installing Debian packages:$missing"
	sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo
	$sudo_ apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# Node >= 20 (worker_threads, SharedArrayBuffer growth, Atomics.wait in workers).
if ! command -v node >/dev/null 2>&1; then
	echo "deps: Node.js >= 20 is required and was not found" >&2; exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
	echo "deps: Node.js >= 20 is required, found $(node --version)" >&2; exit 1
fi

# npm packages pinned by host/package-lock.json (binaryen for Asyncify, TypeScript).
stamp="$top/host/node_modules/.deps-stamp"
if [ ! -f "$stamp" ] || [ "$top/host/package-lock.json" -nt "$stamp" ]; then
	echo "deps: installing npm packages (host/package-lock.json)"
	(cd "$top/host" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
	touch "$stamp"
fi
