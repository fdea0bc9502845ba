# Expansions and redirections: parameters, arithmetic, fields, globs, fds.
s=abcdef.tar.gz
echo "${s%.*} ${s%%.*} ${s#*.} ${s##*.} ${#s}"
echo "${unset_var:-default} ${unset_var-dash} ${empty:+alt}x"
e=; echo "[${e:-colon}] [${e-nocolon}]"
: ${assigned:=value}; echo "$assigned"
echo $(( 7 / 2 )) $(( 7 % 3 )) $(( 2 << 4 )) $(( 1 ? 10 : 20 )) $(( -5 + 3 ))
i=5; i=$((i * i)); echo "$i"
IFS=:; set -- $(echo a:b::c); echo "$# fields"; IFS=' '
set -- "a b" c; echo "$#"; for w in $*; do printf '<%s>' "$w"; done; echo
for w in "$@"; do printf '<%s>' "$w"; done; echo
d=/tmp/glob.$$; mkdir -p $d; cd $d; touch b.txt a.txt c.log
echo *.txt; echo ?.log; echo [ab]*; echo none*
cd /; rm -rf $d
f=/tmp/redir.$$
echo one > $f; echo two >> $f; cat $f
exec 3>$f; echo three >&3; exec 3>&-; cat $f
exec 4<$f; read -r first <&4; exec 4<&-; echo "first=$first"
{ echo out; echo err >&2; } 2>&1 | sort
echo "append" 1>>$f; wc -l <$f | tr -d ' '
: >$f; wc -c <$f | tr -d ' '
rm -f $f
x='$HOME'; echo "$x" '$x' "\$x"
echo 'single "double"' "double 'single'"
printf '%s-%d-%x\n' str 42 255
echo done
