# Background jobs and wait: $!, wait for one, wait for all, statuses, ordering by wait.
sleep 0.2 &
p=$!
echo "started"
wait $p; echo "sleep status: $?"
(exit 3) & a=$!
(exit 4) & b=$!
wait $b; echo "b: $?"
wait $a; echo "a: $?"
for i in 1 2 3; do (sleep 0.$i; echo "job $i") & done
wait
echo "all waited"
echo out > /tmp/bg.$$ &
wait
cat /tmp/bg.$$; rm -f /tmp/bg.$$
{ sleep 0.1; echo "group in background"; } &
wait $!
x=before; (x=after) & wait; echo "x=$x"
sh -c 'exit 7' & wait $!; echo "sh child: $?"
sleep 3 & s=$!; kill $s; wait $s 2>/dev/null; echo "killed: $?"
wait; echo "wait with none: $?"
echo done
