#!/bin/sh
# Installs what the build needs on a Debian 12 machine. Idempotent, and silent when everything
# is already present. Run by `make deps` (and so by `make`).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)

# Debian packages: the wasm toolchain, wabt, and dpkg-dev for `apt-get source`.
pkgs="clang-19 lld-19 llvm-19 libclang-rt-19-dev-wasm32 wabt dpkg-dev xz-utils ca-certificates
	autoconf automake bzip2 dash"
missing=""
for p in $pkgs; do
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
