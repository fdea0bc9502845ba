# The default PATH lacked /usr/sbin and /sbin. It is Debian's root PATH now, in the CLI and
# in the embedding API's defaultEnv().
want=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
got=$("$WASM_POSIX" run /bin/sh -c 'echo "$PATH"') || { echo "exit $?: $got"; exit 1; }
[ "$got" = "$want" ] || { echo "CLI PATH: $got"; exit 1; }
top=$(cd "$(dirname "$0")/../.." && pwd)
got=$(node --input-type=module -e "
	import { defaultEnv } from '$top/host/dist/index.js';
	console.log(defaultEnv().find((e) => e.startsWith('PATH=')))")
[ "$got" = "PATH=$want" ] || { echo "defaultEnv: $got"; exit 1; }
# the CLI finds a program by name in the same directories
got=$("$WASM_POSIX" run nologin 2>&1); rc=$?
[ $rc -ne 0 ] && printf '%s\n' "$got" | grep -q 'not available' || { echo "nologin ($rc): $got"; exit 1; }
