# Traps and signals: EXIT, INT/TERM/USR1 sent to ourselves, reset, ignore, children's deaths.
trap 'echo "exit trap, status $?"' EXIT
trap 'echo got USR1' USR1
kill -USR1 $$
echo after USR1
trap 'echo got TERM' TERM
kill -TERM $$
echo after TERM
trap - TERM
trap '' INT
kill -INT $$
echo INT ignored
trap 'echo "INT handler"' INT
kill -INT $$
echo after INT
sh -c 'kill -TERM $$'; echo "child killed by TERM: $?"
sh -c 'kill -KILL $$'; echo "child killed by KILL: $?"
sh -c 'trap "echo child got USR2; exit 9" USR2; kill -USR2 $$; echo not reached'
echo "child after USR2: $?"
sh -c 'trap "" TERM; kill -TERM $$; echo "child ignored TERM"'
(trap 'echo sub exit' EXIT; exit 4); echo "sub status $?"
trap 'echo "in trap, \$?=$?"; (exit 5)' USR1
(exit 2); kill -USR1 $$; echo "status kept: $?"
exit 6
