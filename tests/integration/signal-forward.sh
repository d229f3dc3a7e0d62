#!/bin/sh
# Every catchable signal psd gets goes to the main program; -r rewrites a
# signal before forwarding it, and rewriting to 0 drops it.
. "$(dirname "$0")/../lib.sh"

REC=$HELPERS/sigrecord
for mode in $MODES; do
	rm -f "$T/sigs" "$T/ready"
	start_psd $mode -- "$REC" "$T/sigs" --ready "$T/ready" --exit-on TERM
	wait_for test -e "$T/ready"
	ok $? "$mode: recorder ready"
	for sig in HUP INT QUIT USR1 USR2 WINCH TSTP CONT TERM; do
		kill -$sig "$PSD_PID"
		wait_for file_has "$T/sigs" "^$sig\$" || break
	done
	wait_psd
	is "$(grep -v CHLD "$T/sigs" | tr '\n' ' ')" "HUP INT QUIT USR1 USR2 WINCH TSTP CONT TERM " \
	    "$mode: HUP INT QUIT USR1 USR2 WINCH TSTP CONT TERM forwarded in order"
	is "$PSD_STATUS" 0 "$mode: psd exits with the recorder's status"

	rm -f "$T/sigs" "$T/ready"
	start_psd $mode -r USR1:USR2 -r HUP:0 -r 34:SIGRTMIN+2 -- "$REC" "$T/sigs" \
	    --ready "$T/ready" --exit-on TERM
	wait_for test -e "$T/ready"
	kill -USR1 "$PSD_PID"
	wait_for file_has "$T/sigs" "^USR2\$"
	ok $? "$mode: -r USR1:USR2 delivers USR2"
	kill -HUP "$PSD_PID"
	kill -34 "$PSD_PID"
	wait_for file_has "$T/sigs" "^RTMIN\+2\$"
	ok $? "$mode: -r 34:SIGRTMIN+2 rewrites a real-time signal"
	kill -TERM "$PSD_PID"
	wait_psd
	is "$(grep -c -e '^HUP$' -e '^USR1$' "$T/sigs")" 0 "$mode: -r HUP:0 dropped HUP; USR1 never arrived as itself"
done
done_testing
