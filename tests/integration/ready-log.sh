#!/bin/sh
# ready = log:REGEX: READY when a line of the program's output (stdout or
# stderr) matches; dependents start only then, and a line that never
# comes fails the start after ready_timeout.
. "$(dirname "$0")/../lib.sh"

for mode in $MODES; do
	cat > "$T/psd.ini" <<EOF
[program:server]
command = sh -c 'echo "starting up"; while [ ! -e "$T/go" ]; do sleep 0.01; done; echo "listening on port 8080" >&2; exec sleep 600'
ready = log:listening on port [0-9]+
start_seconds = 0

[program:client]
command = sh -c 'echo started > "$T/client"; exec sleep 600'
depends_on = server

[program:mute]
command = sh -c 'echo "not the line"; exec sleep 600'
ready = log:^READY$
ready_timeout = 300ms
start_retries = 0
daemon = true
EOF
	rm -f "$T/go" "$T/client"
	start_cfg $mode "$T/psd.ini"
	wait_for file_has "$T/out" "server +\| starting up"
	is "$(state_of server)" RUNNING "$mode: a line that does not match: not ready yet"
	ok $([ ! -e "$T/client" ] && echo 0 || echo 1) \
	    "$mode: the dependent waits"
	touch "$T/go"
	wait_for state_is server READY
	ok $? "$mode: the matching line (on stderr) makes it READY"
	wait_for test -e "$T/client"
	ok $? "$mode: then the dependent starts"
	wait_for state_is mute FATAL
	ok $? "$mode: a line that never comes: the start fails after ready_timeout"
	ctl shutdown >/dev/null
	wait_psd
	is "$PSD_STATUS" 143 "$mode: shutdown with mute FATAL: its status (143)"
done
done_testing
