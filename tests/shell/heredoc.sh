# Here-documents: expansion, quoted delimiters, <<-, pipelines, functions, several at once.
name=world
cat <<EOF2
hello $name
sum $((1 + 2)) $(echo subst)
\$name is escaped
EOF2
cat <<'EOF2'
not expanded: $name $(echo x) `echo y`
EOF2
cat <<-EOF2
	tabs stripped
		both tabs
	EOF2
cat <<EOF2 | tr a-z A-Z
piped $name
EOF2
f() {
	cat <<EOF2
in function: $1
EOF2
}
f arg
while read -r line; do echo "read: $line"; done <<EOF2
first
second
EOF2
cat <<A; cat <<B
one A
A
one B
B
big=$(i=0; while [ $i -lt 300 ]; do echo "line $i of a long here-document body"; i=$((i + 1)); done)
cat <<EOF2 | wc -l | tr -d ' '
$big
EOF2
echo done
