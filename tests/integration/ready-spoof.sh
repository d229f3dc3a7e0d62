#!/bin/sh
# Spoofed readiness is ignored: READY=1 sent to a program's NOTIFY_SOCKET
# by a process outside its tree (the test itself, and another program
# psd runs) changes nothing; the program's own READY=1 still works.
. "$(dirname "$0")/../lib.sh"

command -v systemd-notify >/dev/null || skip_all "no systemd-notify"

cat > "$T/psd.ini" <<EOF
[program:target]
command = sh -c 'echo "\$NOTIFY_SOCKET" > "$T/sockname"; while [ ! -e "$T/go" ]; do sleep 0.01; done; systemd-notify --ready --status=genuine; exec sleep 600'
ready = notify
start_seconds = 0

[program:sibling]
command = sh -c 'while [ ! -s "$T/sockname" ]; do sleep 0.01; done; NOTIFY_SOCKET=\$(cat "$T/sockname") systemd-notify --ready --status=spoofed; echo \$? > "$T/sibling-sent"; exec sleep 600'

[program:dep]
command = sh -c 'touch "$T/dep-started"; exec sleep 600'
depends_on = target
EOF
field() {	# field PROGRAM EXPR-ON-p
	ctl --json status "$1" | json "(lambda p: $2)(j['programs'][0])"
}
for mode in $MODES; do
	rm -f "$T/sockname" "$T/go" "$T/sibling-sent" "$T/dep-started"
	start_cfg $mode "$T/psd.ini" -v
	wait_for test -s "$T/sockname"
	like "$(cat "$T/sockname")" "^@" "$mode: NOTIFY_SOCKET is an abstract socket"

	# systemd-notify waits for its barrier, which psd answers only after
	# it has handled the READY=1 before it: no race in what follows.
	NOTIFY_SOCKET=$(cat "$T/sockname") systemd-notify --ready --status=spoofed
	is $? 0 "$mode: an outsider's systemd-notify returned (psd closed its fd)"
	wait_for test -s "$T/sibling-sent"
	is "$(cat "$T/sibling-sent")" 0 "$mode: so did the sibling program's"
	is "$(state_of target)" RUNNING "$mode: spoofed READY=1: target still RUNNING"
	is "$(field target 'p["status"]')" None "$mode: ... and no STATUS= taken"
	ok $([ ! -e "$T/dep-started" ] && echo 0 || echo 1) \
	    "$mode: ... and its dependent did not start"
	like "$(cat "$T/err")" \
	    "notify: dropped a datagram (from pid [0-9]+: not a process of any program|without the sender's pid)" \
	    "$mode: the outsider's datagram was dropped (logged at -v)"
	like "$(cat "$T/err")" \
	    "program sibling: dropped a notify datagram from pid [0-9]+: the program is not ready = notify" \
	    "$mode: the sibling's was attributed to the sibling, and dropped"

	touch "$T/go"
	wait_for test -e "$T/dep-started"
	is "$(state_of target)" READY "$mode: the program's own READY=1 works"
	is "$(field target 'p["status"]')" genuine "$mode: ... with its own STATUS="
	ctl shutdown >/dev/null
	wait_psd
done
done_testing
