#!/bin/sh
# With no command psd only reaps, until SIGTERM or SIGINT (exit 0); other
# signals do not end it.
. "$(dirname "$0")/../lib.sh"

for mode in $MODES; do
	for sig in TERM INT; do
		rm -f "$T/pid"
		# The pid file is written once psd handles signals.
		start_psd $mode --pidfile "$T/pid"
		wait_for test -e "$T/pid"
		kill -USR1 "$PSD_PID"
		kill -HUP "$PSD_PID"
		kill -$sig "$PSD_PID"
		wait_psd
		is "$PSD_STATUS" 0 "$mode: pause mode: USR1 and HUP ignored, $sig exits 0"
	done
done

# As PID 1, an orphan that enters the namespace is reaped in pause mode.
rm -f "$T/pid"
start_psd ns -w --pidfile "$T/pid"
wait_for test -e "$T/pid"
nsenter --target "$PSD_PID" --pid --mount -- sh -c 'sleep 0.1 & exit 0'
wait_for file_has "$T/err" "reaped orphan"
ok $? "ns: pause mode reaps orphans left in the namespace"
is "$(zombies_under "$PSD_PID")" 0 "ns: no zombie left"
kill -TERM "$PSD_PID"
wait_psd
is "$PSD_STATUS" 0 "ns: then SIGTERM exits 0"
done_testing
