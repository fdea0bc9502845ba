# logname failed ("getlogin"): musl's getlogin is getenv("LOGNAME"), and the default
# environment, which stands in for login(1), set neither LOGNAME nor USER.
got=$("$WASM_POSIX" run /bin/sh -c 'logname; echo "$USER"') || { echo "exit $?: $got"; exit 1; }
[ "$got" = "root
root" ] || { echo "got: $got"; exit 1; }
# -e still overrides it
got=$("$WASM_POSIX" run -e LOGNAME=alice /bin/sh -c logname)
[ "$got" = alice ] || { echo "got: $got"; exit 1; }
