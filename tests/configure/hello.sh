#!/bin/sh
# The SDK as CC for an ordinary autotools package: Debian's GNU hello source package,
# configured with --host=wasm32-unknown-linux-musl CC=wasm-posix-cc, built with make, run
# under wasm-posix. usage: hello.sh BUILDDIR
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$1
src=$top/build/src/hello-2.10
sdk=$top/sdk/bin
log=$work/log

sh "$top/scripts/fetch-source.sh" hello 2.10-3 "$src" "$top/tests/configure/hello.sha256"
rm -rf "$work"
mkdir -p "$(dirname "$work")"
cp -Rp "$src" "$work"
cd "$work"
fail() { echo "FAIL hello: $*"; tail -20 "$log"; exit 1; }
./configure --host=wasm32-unknown-linux-musl CC="$sdk/wasm-posix-cc" \
	AR="$sdk/wasm-posix-ar" RANLIB="$sdk/wasm-posix-ranlib" >"$log" 2>&1 || fail "configure failed"
grep -q '^checking whether we are cross compiling... yes$' "$log" || fail "configure did not cross compile"
make -j2 >>"$log" 2>&1 || fail "make failed"
head -c 4 hello | od -An -c | grep -q '\\0   a   s   m' || fail "hello is not a wasm module"

cli=$top/host/dist/cli.js
[ -f "$cli" ] || fail "no host/dist/cli.js (make host): hello built, not run"
out=$(node "$cli" run ./hello) || fail "hello exited with status $?"
[ "$out" = "Hello, world!" ] || fail "hello printed '$out'"
out=$(node "$cli" run ./hello -g 'Bonjour, le monde') || fail "hello -g exited with status $?"
[ "$out" = "Bonjour, le monde" ] || fail "hello -g printed '$out'"
out=$(node "$cli" run ./hello --version) || fail "hello --version exited with status $?"
[ "${out%%
*}" = "hello (GNU Hello) 2.10" ] || fail "hello --version printed '$out'"
