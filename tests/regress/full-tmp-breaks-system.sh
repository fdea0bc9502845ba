# A full /tmp broke the system: memfs shared the kernel's heap, so after 1,017 MB small writes
# failed with EIO instead of ENOSPC, fork with ENOMEM and pipes with EBADF, and after rm only
# 32 MB fitted again. Now file data lives outside the kernel's memory, each memfs mount has a
# size (half the memory budget by default), and what unlink frees fits again.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
"$WASM_CC" -O2 -I"$top/tests/guest" -o "$OUT/fill.wasm" "$top/tests/regress/progs/fill.c"

# the default: /tmp holds half of a 2 GiB budget, more than the kernel's own memory could
out=$("$WASM_POSIX" run --memory 2G "$OUT/fill.wasm" /tmp/fill)
echo "$out" | sed 's/^/2G budget: /'
mib=$(echo "$out" | sed -n '1s/ .*//p')
[ "$mib" -ge 1000 ] && [ "$mib" -le 1024 ] || { echo "/tmp took $mib MiB of a 2 GiB budget, want about 1024"; exit 1; }

# statfs tells the truth about it
df=$("$WASM_POSIX" run --memory 2G /bin/sh -c 'df -k /tmp | tail -n 1')
set -- $df
[ "$2" -eq 1048576 ] || { echo "df /tmp: $df (want 1048576 1K-blocks)"; exit 1; }
echo "df /tmp: $2 blocks of 1K"
