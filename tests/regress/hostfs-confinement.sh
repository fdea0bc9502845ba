# hostfs confinement through the real CLI: every way out of a mounted host directory (..,
# absolute and relative symlinks made on the host and in the guest, hard links, rename,
# /proc/self/fd, :ro) stays inside it. A secret file and directory sit beside the mount; no
# guest output may show the secret and nothing outside the mount may change.
set -u
top="$OUT/top"
mkdir -p "$top/in/sub" "$top/ro" "$top/outdir"
echo TOPSECRET-beside > "$top/secret"
echo TOPSECRET-indir > "$top/outdir/f"
echo inside > "$top/in/file"
echo ro-file > "$top/ro/file"
ln -s "$top/secret" "$top/in/abs"          # host-made, absolute
ln -s ../secret "$top/in/rel"              # host-made, relative
ln -s .. "$top/in/up"                      # host-made, a directory above
ln -s "$top/outdir" "$top/in/absdir"
ln -s ../../../../../../secret "$top/in/sub/deep"
before=$(cd "$top" && find . -path ./in -prune -o -print | sort; cat "$top/secret" "$top/outdir/f"; ls -la "$top/ro")

out=$("$WASM_POSIX" run -v "$top/in:/m" -v "$top/ro:/r:ro" /bin/sh -c '
	try() { echo "== $*"; "$@" 2>&1; }
	try cat /m/../secret /m/sub/../../secret /m/abs /m/rel /m/up/secret /m/sub/deep
	try ls -la /m/up/ /m/absdir/ /m/up/outdir/
	try cat /m/absdir/f /m/up/outdir/f
	# guest-made symlinks, read and written through
	ln -s ../secret /m/g1; ln -s '"$top"'/secret /m/g2; ln -s '"$top"'/outdir /m/g3
	ln -s '"$top"'/new-outside /m/g4; ln -s ../new-beside /m/g5
	try cat /m/g1 /m/g2 /m/g3/f
	ln -s sub/target /m/g6; echo w > /m/g6
	echo w > /m/g4; echo w > /m/g5; echo w > /m/g3/new; mkdir /m/g3/d 2>&1
	# hard links and renames out, and in from outside
	try ln /m/../secret /m/hl; try ln /m/file /m/../hl
	try ln /m/abs /m/hl2; try cat /m/hl2
	try mv /m/file /m/../moved; try cat /moved
	# /proc/self/fd: a held directory and its ..
	exec 3</m/sub
	try cat /proc/self/fd/3/../../secret /proc/self/fd/3/../up/secret
	try ls /proc/self/fd/3/../..
	cd /m/sub && try cat ../../secret ../abs
	# read-only mount
	try cat /r/file
	echo x > /r/new; echo x >> /r/file; mkdir /r/d; rm /r/file; mv /r/file /r/f2
	touch /r/file; chmod 777 /r/file; ln -s x /r/l; ln /r/file /r/hl
	true
' 2>&1)
rc=$?
fail=0
if echo "$out" | grep -q TOPSECRET; then echo "secret reached from the guest:"; echo "$out" | grep -B3 TOPSECRET; fail=1; fi
after=$(cd "$top" && find . -path ./in -prune -o -print | sort; cat "$top/secret" "$top/outdir/f"; ls -la "$top/ro")
if [ "$before" != "$after" ]; then echo "outside the mount changed:"; echo "before: $before"; echo "after: $after"; fail=1; fi
for f in g1 g2 g3 g4 g5 g6 abs rel up; do [ -L "$top/in/$f" ] || { echo "in/$f is not a symlink"; fail=1; }; done
[ "$(cat "$top/ro/file")" = ro-file ] || { echo "ro file changed"; fail=1; }
[ $rc -eq 0 ] || { echo "guest shell exit $rc: $out"; fail=1; }
# writes through a symlink that stays inside land inside
[ "$(cat "$top/in/sub/target" 2>&1)" = w ] || { echo "write through in-mount symlink lost"; fail=1; }
[ -n "${VERBOSE:-}" ] && echo "$out"
exit $fail
