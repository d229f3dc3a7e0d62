#!/bin/sh
# A burst of 1000 orphans leaves no zombie: psd reaps every one of them,
# as PID 1 and as a subreaper, and counts them (-w logs each).
. "$(dirname "$0")/../lib.sh"

N=1000
reaped_all() {
	[ "$(grep -c 'reaped orphan' "$T/err")" -ge $N ]
}

for mode in $MODES; do
	rm -f "$T/made"
	start_psd $mode -w -- sh -c "$TOOLS/psd-orphans --count $N --burst --linger 0 >\"$T/made\"; exec sleep 1000"
	ok $? "$mode: psd started"
	wait_for file_has "$T/made" "made $N orphans"
	ok $? "$mode: $N orphans made"
	wait_for reaped_all
	ok $? "$mode: psd logged $N reaped orphans"
	is "$(zombies_under "$PSD_PID")" 0 "$mode: no zombie is left"
	kill -TERM "$PSD_PID"
	wait_psd
	is "$PSD_STATUS" 143 "$mode: SIGTERM forwarded to the main program; psd exits 128+15"
done
done_testing
