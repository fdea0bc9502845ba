#!/bin/sh
# run.sh: busybox's network applets talking to each other inside one wasm-posix system,
# through the real CLI: httpd serves a file that wget fetches over IPv4 and IPv6, nc sends
# through a listening nc, tcpsvd runs a program per connection. Each case compares what
# arrived with what was sent; exits 1 on any difference. A client retries for up to 10 s
# while its server comes up, so a slow machine is not a failure.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cli=$top/bin/wasm-posix
fail=0

check() { # name, expected, command run by the guest's sh
	got=$(timeout -s KILL 60 "$cli" run /bin/sh -c "$3" 2>&1)
	if [ "$got" = "$2" ]; then
		echo "PASS: $1"
	else
		echo "FAIL: $1"; echo "  expected: $2"; echo "  got:      $got"; fail=1
	fi
}

# retry N CMD...: runs CMD until it succeeds, at most N times, 0.1 s apart; its status
retry='retry() { n=$1; shift; until "$@"; do n=$((n - 1)); [ $n -gt 0 ] || return 1; sleep 0.1; done; }'
serve="$retry"'
	mkdir -p /tmp/www && echo "hello from httpd" >/tmp/www/index.html &&
	busybox httpd -f -p PORT -h /tmp/www & h=$!'

check "wget from httpd on 127.0.0.1" "hello from httpd
wget 0" "$(echo "$serve" | sed 's/PORT/127.0.0.1:8080/')
	retry 100 wget -q -O - http://127.0.0.1:8080/index.html 2>/dev/null; echo \"wget \$?\"; kill \$h; wait \$h"

check "wget from httpd on [::1]" "hello from httpd
wget 0" "$(echo "$serve" | sed 's/PORT/[::1]:8081/')
	retry 100 wget -q -O - http://[::1]:8081/index.html 2>/dev/null; echo \"wget \$?\"; kill \$h; wait \$h"

check "wget of a missing page" "wget 1" "$(echo "$serve" | sed 's/PORT/127.0.0.1:8082/')
	retry 100 wget -q -O /dev/null http://127.0.0.1:8082/index.html 2>/dev/null
	wget -q -O - http://127.0.0.1:8082/none.html 2>/dev/null; echo \"wget \$?\"; kill \$h; wait \$h"

check "nc to a listening nc" "through nc
nc 0" "$retry"'
	nc -l -p 9000 >/tmp/got & n=$!
	retry 100 sh -c "echo through nc | nc 127.0.0.1 9000 2>/dev/null"; r=$?
	wait $n; cat /tmp/got; echo "nc $r"'

check "tcpsvd runs a program per connection" "HELLO
HELLO" "$retry"'
	busybox tcpsvd -E 127.0.0.1 9001 tr a-z A-Z & t=$!
	retry 100 sh -c "echo hello | nc 127.0.0.1 9001 2>/dev/null"
	echo hello | nc 127.0.0.1 9001; kill $t; wait $t 2>/dev/null'

check "nothing listening" "refused" 'nc 127.0.0.1 9002 </dev/null 2>/dev/null || echo refused'

[ $fail -eq 0 ] && echo "  net: all cases passed"
exit $fail
