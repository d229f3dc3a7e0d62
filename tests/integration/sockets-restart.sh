#!/bin/sh
# psd keeps a program's sockets open across its restarts: connections
# made while it restarts wait in the kernel's queue and are answered,
# none refused (a server killed with SIGKILL loses only the connection it
# had in hand).  A reload that keeps a listen address keeps the
# very socket (the same inode in psd's /proc/PID/fd); a reload opens and
# closes exactly the addresses that changed.
. "$(dirname "$0")/../lib.sh"

PY=/usr/bin/python3
LOAD="$PY $(cd "$(dirname "$0")/.." && pwd)/sockload.py"
SERVE="$(cd "$(dirname "$0")/.." && pwd)/sockserve.py"
N=${SOCKETS_LOAD_N:-200}

pa=$(free_port)
pb=$(free_port)
pc=$(free_port)
write_cfg() {	# write_cfg LISTEN-OF-srv LISTEN-OF-other
	cat > "$T/psd.ini" <<EOF
[program:srv]
command = $PY $SERVE
listen = $1
start_seconds = 0
restart = always
restart_delay = 0

[program:other]
command = $PY $SERVE
listen = $2
start_seconds = 0
EOF
}
write_cfg "tcp:127.0.0.1:$pa" "tcp:127.0.0.1:$pb"
start_cfg sub "$T/psd.ini"
wait_for state_is srv RUNNING

# Restarts (and a crash) for as long as the load runs.
$LOAD load 127.0.0.1 $pa $N 10 > "$T/load.txt" &
load=$!
restarts=0
while kill -0 $load 2>/dev/null; do
	if [ $restarts -eq 2 ]; then
		kill -KILL "$(ctl --json status srv | json 'j["programs"][0]["pid"]')"
	else
		ctl restart srv >/dev/null
	fi
	wait_for state_is srv RUNNING
	restarts=$((restarts + 1))
done
wait $load
# Every connection is answered but, at most, the one the SIGKILLed server
# had accepted and not yet answered: nothing can save that one.  None is
# refused: the socket outlives every server.
lost=$(awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "=")
	if (kv[1] == "reset" || kv[1] == "other") n += kv[2] } } END { print n + 0 }' "$T/load.txt")
like "$(cat "$T/load.txt")" "^answered=[0-9]+ refused=0 " \
    "$N connections during $restarts restarts (one a SIGKILL): none refused"
ok $([ "$lost" -le 1 ] && grep -q "^answered=$((N - lost)) " "$T/load.txt" &&
    echo 0 || echo 1) \
    "every one answered but at most the one the SIGKILLed server held ($(cat "$T/load.txt"))"
srv=$(sed 's/.*servers=\([0-9]*\).*/\1/' "$T/load.txt")
[ "$srv" -ge 2 ]
ok $? "the restarts happened under the load ($srv servers answered)"

inode() {	# inode PROGRAM LISTEN: psctl's inode for it
	ctl --json sockets | json "[s['inode'] for s in j['sockets'] if s['program'] == '$1' and s['listen'] == '$2'][0]"
}
held() {	# held INODE: is it among psd's open fds?
	ls -l /proc/$PSD_PID/fd | grep -q "socket:\[$1\]"
}
ia=$(inode srv "tcp:127.0.0.1:$pa")
ib=$(inode other "tcp:127.0.0.1:$pb")
held "$ia"
ok $? "psctl's inode is the socket psd holds"

# A reload that changes other's listen only.
write_cfg "tcp:127.0.0.1:$pa" "tcp:127.0.0.1:$pc"
ctl reload >/dev/null
ok $? "reload"
is "$(inode srv "tcp:127.0.0.1:$pa")" "$ia" "unchanged listen: the same socket"
held "$ia"
ok $? "still held by psd"
held "$ib"
ok $((! $?)) "the address that went away is closed"
wait_for state_is other RUNNING
like "$($LOAD ask 127.0.0.1 $pc)" "^pong " "the new address is served"
$LOAD ask 127.0.0.1 $pb >/dev/null 2>&1
ok $((! $?)) "the old address refuses"
like "$($LOAD ask 127.0.0.1 $pa)" "^pong " "srv still answers"

# A reload whose new address is taken changes nothing.
$PY -c "import socket, time; s = socket.socket(); s.bind(('127.0.0.1', $pb)); s.listen(1); open('$T/busy', 'w').close(); time.sleep(600)" &
busy=$!
own_pid $busy
wait_for test -e "$T/busy"
write_cfg "tcp:127.0.0.1:$pa" "tcp:127.0.0.1:$pb"
ctl reload > "$T/reload.txt" 2>&1
ok $((! $?)) "a reload with a taken port fails"
like "$(cat "$T/reload.txt")" "psd.ini:[0-9]+: \[program:other\] listen: tcp:127.0.0.1:$pb: bind: Address already in use" \
    "naming file:line, the key and the address"
like "$($LOAD ask 127.0.0.1 $pc)" "^pong " "and the old sockets stay"
kill $busy
ctl shutdown >/dev/null
wait_psd
is "$PSD_STATUS" 0 "clean shutdown"
done_testing
