# Pipelines: data through several stages, the status of the last stage, `!`, large data.
echo "one two three" | tr ' ' '\n' | sort | tr '\n' ' '
echo
printf 'b\na\nc\na\n' | sort | uniq -c | sed 's/^ *//'
seq 1 20000 | wc -l | tr -d ' '
seq 1 5000 | sed 's/$/ xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/' | cat | cat | wc -c | tr -d ' '
true | false; echo "true|false: $?"
false | true; echo "false|true: $?"
! true; echo "!true: $?"
! false | false; echo "!(false|false): $?"
printf 'x 1\ny 2\nz 3\n' | while read -r name n; do echo "$name=$((n * 10))"; done
printf 'l1\nl2\nl3\n' | { read -r first; cat; echo "first=$first"; }
echo visible | { cat >/dev/null; echo "group saw input"; }
n=0; seq 1 4 | while read -r i; do n=$((n + i)); done; echo "n after while in pipe: $n"
yes | head -n 3
echo done
