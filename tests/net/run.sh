#!/bin/sh
# run.sh: busybox's network applets talking to each other inside one wasm-posix system,
# through the real CLI: httpd serves a file that wget fetches over IPv4 and IPv6, nc sends
# through a listening nc, tcpsvd runs a program per connection. Each case compares what
# arrived with what was sent; exits 1 on any difference.
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

serve='mkdir -p /tmp/www && echo "hello from httpd" >/tmp/www/index.html &&
	busybox httpd -f -p PORT -h /tmp/www & h=$!; sleep 0.5'

check "wget from httpd on 127.0.0.1" "hello from httpd
wget 0" "$(echo "$serve" | sed 's/PORT/127.0.0.1:8080/')
	wget -q -O - http://127.0.0.1:8080/index.html; echo \"wget \$?\"; kill \$h; wait \$h"

check "wget from httpd on [::1]" "hello from httpd
wget 0" "$(echo "$serve" | sed 's/PORT/[::1]:8081/')
	wget -q -O - http://[::1]:8081/index.html; echo \"wget \$?\"; kill \$h; wait \$h"

check "wget of a missing page" "wget 1" "$(echo "$serve" | sed 's/PORT/127.0.0.1:8082/')
	wget -q -O - http://127.0.0.1:8082/none.html 2>/dev/null; echo \"wget \$?\"; kill \$h; wait \$h"

check "nc to a listening nc" "through nc
nc 0" 'nc -l -p 9000 >/tmp/got & n=$!; sleep 0.3
	echo "through nc" | nc 127.0.0.1 9000; r=$?; wait $n; cat /tmp/got; echo "nc $r"'

check "tcpsvd runs a program per connection" "HELLO
HELLO" 'busybox tcpsvd -E 127.0.0.1 9001 tr a-z A-Z & t=$!; sleep 0.3
	echo hello | nc 127.0.0.1 9001; echo hello | nc 127.0.0.1 9001; kill $t; wait $t 2>/dev/null'

check "nothing listening" "refused" 'nc 127.0.0.1 9002 </dev/null 2>/dev/null || echo refused'

[ $fail -eq 0 ] && echo "  net: all cases passed"
exit $fail
