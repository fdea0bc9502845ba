# A truncated module, one without _start and one importing a module the host does not provide
# exited 127 with no message from the CLI, or died by SIGSEGV; from the shell, likewise.
# Each must fail as ENOEXEC: one line from the CLI (exit 126), "Exec format error" in the shell.
set -e
printf 'int main(void) { return 0; }\n' >"$OUT/ok.c"
"$WASM_CC" -O2 -o "$OUT/ok" "$OUT/ok.c"
head -c 2000 "$OUT/ok" >"$OUT/truncated"
printf 'int foo(void) { return 1; }\n' >"$OUT/nostart.c"
"$WASM_CC" -nostartfiles -Wl,--no-entry -Wl,--export=foo -o "$OUT/nostart" "$OUT/nostart.c"
cat >"$OUT/unknown.c" <<'C'
__attribute__((import_module("nosuch"), import_name("fn"))) void fn(void);
int main(void) { fn(); return 0; }
C
"$WASM_CC" -O2 -o "$OUT/unknown" "$OUT/unknown.c"
chmod +x "$OUT/truncated" "$OUT/nostart" "$OUT/unknown"
fail=0
for p in truncated nostart unknown; do
	rc=0; "$WASM_POSIX" run "$OUT/$p" >"$OUT/$p.out" 2>"$OUT/$p.err" || rc=$?
	if [ $rc -ne 126 ] || [ "$(wc -l <"$OUT/$p.err")" -ne 1 ] ||
	   ! grep -q "^wasm-posix: .*$p: Exec format error: ." "$OUT/$p.err"; then
		echo "cli $p: exit $rc, stderr: $(cat "$OUT/$p.err")"; fail=1
	fi
	got=$("$WASM_POSIX" run -v "$OUT:/t" /bin/sh -c "/t/$p; echo status \$?" 2>&1) || true
	case $got in
	*"/t/$p: Exec format error"*"status 126") ;;
	*) echo "sh $p: $got"; fail=1 ;;
	esac
done
exit $fail
