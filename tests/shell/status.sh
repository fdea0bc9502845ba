# Exit statuses: builtins, not found, not executable, &&/||, if/while, set -e, exit values.
true; echo "true $?"
false; echo "false $?"
nosuchcommand_xyz 2>/dev/null; echo "not found $?"
printf 'echo hi\n' >/tmp/noexec.$$; chmod 644 /tmp/noexec.$$
/tmp/noexec.$$ 2>/dev/null; echo "not executable $?"
rm -f /tmp/noexec.$$
/ 2>/dev/null; echo "directory $?"
true && echo "and-list ran"
false && echo "never"; echo "and-list status $?"
false || echo "or-list ran"
if false; then :; else echo "else branch, $?"; fi
if (exit 3); then :; fi; echo "if without branch: $?"
i=0; while [ $i -lt 3 ]; do i=$((i + 1)); done; echo "while: $? i=$i"
sh -c 'exit 300'; echo "exit 300: $?"
sh -c 'exit 255'; echo "exit 255: $?"
sh -c 'set -e; false; echo not reached'; echo "set -e: $?"
sh -c 'set -e; false || true; echo "set -e with ||"'
sh -c 'set -e; if false; then :; fi; echo "set -e with if"'
sh -c 'set -u; echo $undefined_var' 2>/dev/null; echo "set -u: $?"
(exit 1) | (exit 2) | (exit 0); echo "pipeline last: $?"
case x in y) ;; esac; echo "case no match: $?"
[ 1 -eq 2 ]; echo "test false: $?"
[ 1 -eq x ] 2>/dev/null; echo "test error: $?"
command -v sh >/dev/null; echo "command -v: $?"
command -v nosuchcommand_xyz; echo "command -v missing: $?"
exec 2>/dev/null; cd /nonexistent_dir; echo "cd fails: $?"
eval 'exit 12'
