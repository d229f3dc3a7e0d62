#!/bin/sh
# psd -d: the starting command returns once psd is up (socket open), psd
# runs on in its own session with a pid file, and start-up errors still
# reach the terminal with a non-zero status.
. "$(dirname "$0")/../lib.sh"

cat > "$T/psd.ini" <<EOF
[program:svc]
command = sleep 600
EOF
"$PSD" -d -c "$T/psd.ini" --socket "$T/sock" --pidfile "$T/psd.pid" \
    > "$T/out" 2> "$T/err"
is "$?" 0 "psd -d returns 0 once psd is up"
ctl_ping
ok $? "the socket answers at once"
pid=$(cat "$T/psd.pid" 2>/dev/null)
echo "$pid" >> "$T/.pids"
ok $([ -n "$pid" ] && [ -e "/proc/$pid" ] && echo 0 || echo 1) "the pid file names a live psd ($pid)"
sid=$(ps -o sid= -p "$pid" | tr -d ' ')
ok $([ -n "$sid" ] && [ "$sid" != "$pid" ] && [ "$sid" != "$(ps -o sid= -p $$ | tr -d ' ')" ] && echo 0 || echo 1) \
    "it is in a new session, and not its leader (double fork: no terminal can become its own)"
ok $([ "$(ps -o ppid= -p "$pid" | tr -d ' ')" != $$ ] && echo 0 || echo 1) \
    "its parent is not the starting shell"
wait_for state_is svc RUNNING
ok $? "its program runs"
ctl shutdown >/dev/null
wait_for gone "$pid"
ok $? "psctl shutdown ends it"
ok $([ ! -e "$T/psd.pid" ] && echo 0 || echo 1) "and the pid file is removed"

# A start-up failure: the socket is taken.
"$PSD" -d -c "$T/psd.ini" --socket "$T/sock2" --pidfile "$T/a.pid" >/dev/null 2>&1
echo "$(cat "$T/a.pid")" >> "$T/.pids"
"$PSD" -d -c "$T/psd.ini" --socket "$T/sock2" > "$T/out" 2> "$T/err"
st=$?
ok $([ $st -ne 0 ] && echo 0 || echo 1) "a second psd -d on the same socket fails (status $st)"
like "$(cat "$T/err")" "another psd is running on $T/sock2" "and says why, on the terminal"
"$PSCTL" -s "$T/sock2" shutdown >/dev/null
done_testing
