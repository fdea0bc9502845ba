# Subshells and groups: variables, cd and exit do not leak out of ( ), they do out of { }.
x=outer
(x=inner; echo "in: $x")
echo "out: $x"
{ x=group; }
echo "after group: $x"
(cd /; pwd)
cd /tmp && here=$(pwd) && (cd / && exit 7); echo "status $?, still in $here: $(pwd)"
(exit 3); echo "exit 3 -> $?"
( (exit 5) ); echo "nested -> $?"
(echo a; (echo b; (echo c))) | tr '\n' ' '
echo
(set -- p q r; echo "$# $2")
echo "args here: $#"
(trap 'echo subshell exit trap' EXIT; echo in sub)
echo "after: $( (echo deep) )"
f() (echo "subshell function $1"; x=changed)
f 1; echo "x still $x"
umask 022; (umask 077; umask); umask
echo done
