# Functions: arguments, return status, recursion, local, positional parameters, redirection.
greet() { echo "hello $1 ($# args)"; }
greet there a b
fail() { return 3; }
fail; echo "return: $?"
fact() { if [ "$1" -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }
echo "5! = $(fact 5)"
fib() { [ "$1" -lt 2 ] && { echo "$1"; return; }; echo $(( $(fib $(( $1 - 1 ))) + $(fib $(( $1 - 2 ))) )); }
echo "fib 10 = $(fib 10)"
v=global
scoped() { local v=local; echo "inside: $v"; }
scoped; echo "outside: $v"
args() { echo "$#: $*"; shift 2; echo "after shift: $*"; set -- x y; echo "set: $1 $2"; }
set -- outer1 outer2
args a b c d
echo "caller's: $1 $2"
quote() { for a in "$@"; do printf '[%s]' "$a"; done; echo; }
quote "a b" "" c
loud() { echo "to stderr" >&2; echo "to stdout"; }
loud 2>/dev/null
loud 2>&1 >/dev/null
redir() { echo "redirected body"; } >/tmp/fn.$$
redir; cat /tmp/fn.$$; rm -f /tmp/fn.$$
depth() { if [ "$1" -gt 0 ]; then depth $(( $1 - 1 )); else echo bottom; fi; }
depth 200
unset -f greet; greet 2>/dev/null || echo "greet gone: $?"
echo done
