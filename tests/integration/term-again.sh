#!/bin/sh
# psd -- CMD: the first SIGTERM is the main program's to handle (it is
# forwarded, as tini does); a second one makes psd stop the main program
# itself (SIGKILL after its stop_timeout), a third kills it at once.
. "$(dirname "$0")/../lib.sh"

main='trap "echo TERM >> \"$1\"" TERM; echo up > "$2"; while :; do sleep 0.05; done'
stopping() {
	[ "$(ctl --json status main | json 'j["programs"][0]["state"]')" = STOPPING ]
}
terms() {	# terms N: the main program has recorded N TERMs
	[ "$(lines "$T/got")" -ge "$1" ]
}
for mode in $MODES; do
	rm -f "$T/got" "$T/up" "$T/sock"
	start_psd $mode --socket "$T/sock" -- sh -c "$main" main "$T/got" "$T/up"
	wait_for test -e "$T/up"
	wait_for ctl_ping
	kill -TERM "$PSD_PID"
	wait_for terms 1
	is "$(state_of main)" RUNNING "$mode: first TERM: forwarded; the program ignores it and runs on"
	kill -TERM "$PSD_PID"
	wait_for stopping
	ok $? "$mode: second TERM: psd stops the main program itself (STOPPING)"
	kill -TERM "$PSD_PID"
	wait_psd
	is "$PSD_STATUS" 137 "$mode: third TERM: SIGKILL at once; psd exits 128+9"
	like "$(cat "$T/err")" "shutting down now \(received SIGTERM again\): sending KILL" \
	    "$mode: and says so"
done
done_testing
