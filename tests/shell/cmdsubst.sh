# Command substitution: both forms, nesting, trailing newlines, statuses, big output.
a=$(echo hello)
b=`echo world`
echo "$a $b"
echo "nested: $(echo $(echo $(echo deep)))"
echo "backtick nested: `echo \`echo inner\``"
c=$(printf 'x\n\n\n'); echo "[$c]"
d=$(printf '\n\nlead'); echo "[$d]"
e=$(false); echo "status of assignment: $?"
f=$(exit 42); echo "exit 42: $?"
echo "arith: $(( $(echo 6) * $(echo 7) ))"
n=$(seq 1 3000 | wc -l); echo "lines: $((n))"
big=$(seq 1 2000); echo "${#big}"
echo "$(echo 'quoted  spaces   kept')"
echo $(echo 'unquoted  spaces   split')
cd /tmp; g=$(cd / && pwd); echo "cd inside: $g, outside: $(pwd)"
h=$(echo err >&2; echo out) 2>/dev/null; echo "h=$h"
i=$(x=1; echo $((x + 1))); echo "i=$i x=${x-unset}"
echo "$(cat <<EOT
from heredoc in subst
EOT
)"
echo done
