#!/bin/sh
# multiprocessing's daemon semantics: psd's work is done when every
# non-daemon program has ended; daemon programs are then stopped.  psd
# exits with the first failed non-daemon program's status, an essential
# program's end stops everything at once, and with -- CMD the status is
# the main program's.
. "$(dirname "$0")/../lib.sh"

for mode in $MODES; do
	cat > "$T/a.ini" <<EOF
[program:job1]
command = sh -c 'exit 0'
restart = never

[program:job2]
command = sh -c 'sleep 0.3; exit 4'
restart = never

[program:sidecar]
command = sh -c 'trap "echo sidecar got TERM >> $T/log; exit 0" TERM; while :; do sleep 0.05; done'
daemon = true
EOF
	rm -f "$T/log"
	run_psd $mode -c "$T/a.ini" --socket "$T/sock"
	is "$PSD_STATUS" 4 "$mode: non-daemon programs ended: psd exits with the failed one's status"
	is "$(cat "$T/log" 2>/dev/null)" "sidecar got TERM" "$mode: and the daemon program was stopped"

	cat > "$T/e.ini" <<EOF
[program:server]
command = sleep 600

[program:keyservice]
command = sh -c 'sleep 0.2; exit 9'
essential = true
restart = never
daemon = true
EOF
	run_psd $mode -c "$T/e.ini" --socket "$T/sock"
	is "$PSD_STATUS" 9 "$mode: an essential program ended: psd stops everything and exits with its status"

	cat > "$T/m.ini" <<EOF
[program:sidecar]
command = sleep 600
daemon = true
EOF
	run_psd $mode -c "$T/m.ini" --socket "$T/sock" -- sh -c 'exit 6'
	is "$PSD_STATUS" 6 "$mode: -c FILE -- CMD: psd exits with the main program's status"
	like "$(cat "$T/err")" "program sidecar: stopped \(signal TERM\)" \
	    "$mode: the sidecar was stopped when main ended"

	cat > "$T/d.ini" <<EOF
[program:only-daemons]
command = sleep 600
daemon = true
EOF
	rm -f "$T/pid"
	start_cfg $mode "$T/d.ini"
	wait_for state_is only-daemons RUNNING
	ok $? "$mode: with only daemon programs psd keeps running"
	ctl shutdown >/dev/null
	wait_psd
	is "$PSD_STATUS" 0 "$mode: until told to stop: exit 0"
done
done_testing
