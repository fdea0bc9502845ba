# /proc/PID/comm (pidof matches on it): a program's name, and for a #! script the script's
# own name, not its interpreter's (Linux names the process after the file exec was given).
d=$(mktemp -d)
printf '#!/bin/sh\ncat /proc/$$/comm\n' >"$d/comm-script.sh"
chmod +x "$d/comm-script.sh"
cat /proc/self/comm
"$d/comm-script.sh"
sh -c 'cat /proc/$$/comm' | sed 's/^dash$/sh/'
sh -c 'exec cat /proc/$$/comm'
rm -rf "$d"
