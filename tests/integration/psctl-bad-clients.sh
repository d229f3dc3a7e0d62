#!/bin/sh
# Bad clients against a live psd: garbage, another version, half messages,
# a 1 MiB message, malformed fields, a client that never reads, one that
# never finishes its request, too many at once.  Each gets an answer (or
# is dropped), and psd goes on answering psctl with its programs intact.
# First a good request, byte for byte doc/protocol.md's worked example.
. "$(dirname "$0")/../lib.sh"

command -v python3 >/dev/null || skip_all "python3 is needed to speak bad protocol"
BAD="python3 $(dirname "$0")/../badclient.py"

cat > "$T/psd.ini" <<EOF
[program:web]
command = sleep 600
start_seconds = 100ms
EOF
bad() {	# bad CASE WANT
	is "$($BAD "$T/sock" "$1" 2>&1)" "$2" "$mode: $1: $2"
}
answers() {
	ctl ping >/dev/null 2>&1 && state_is web RUNNING
}
for mode in $MODES; do
	start_cfg $mode "$T/psd.ini"
	wait_for state_is web RUNNING
	pid=$(ctl --json status web | json 'j["programs"][0]["pid"]')
	# Started first: it is answered at the end, after its bound.
	$BAD "$T/sock" stalled > "$T/stalled" 2>&1 &
	stalled=$!

	bad status "64:1,2,256,257,258,16,259,279,260,280,282,281,277,7,5,278 4:263"
	bad garbage "version 1"
	bad version "version 1"
	bad version-big "version 1"
	bad huge "error too-big"
	bad half-body "error bad-request"
	bad half-header "error bad-request"
	bad unknown-type "error bad-request"
	bad unterminated "error bad-request"
	bad bad-int "error bad-request"
	bad field-overrun "error bad-request"
	bad too-many-fields "error bad-request"
	bad pipelined "3 3"
	bad no-reader dropped
	bad silent "error bad-request"
	wait $stalled
	is "$(cat "$T/stalled")" "error bad-request" "$mode: a request left half sent is answered, and closed"
	bad many "error denied"

	answers
	ok $? "$mode: psd still answers, its program still RUNNING"
	is "$(ctl --json status web | json 'j["programs"][0]["pid"]')" "$pid" \
	    "$mode: ... the same process"
	is "$(ctl --json stats | json 'j["connections"]')" 1 \
	    "$mode: no connection left behind (only this one)"
	ok $([ -e "/proc/$PSD_PID" ] && echo 0 || echo 1) "$mode: psd is alive"
	ctl shutdown >/dev/null
	wait_psd
	is "$PSD_STATUS" 0 "$mode: and shuts down cleanly"
done
done_testing
