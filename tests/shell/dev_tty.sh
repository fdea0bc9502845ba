# /dev/tty is the controlling terminal: a new session (setsid) with no terminal on its stdio
# has none, so opening it fails (ENXIO) while /dev/null still opens.
setsid sh -c ': >/dev/tty' </dev/null >/dev/null 2>&1; echo "no terminal: $?"
setsid sh -c ': >/dev/null' </dev/null >/dev/null 2>&1; echo "null: $?"
test -c /dev/tty && echo "/dev/tty is a character device"
