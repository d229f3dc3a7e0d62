#!/bin/sh
# ready_timeout fails a start that never becomes ready: psd stops it (a
# failure, so the restart policy applies), and since a run that never got
# ready counts as a failed start, start_retries ends it in FATAL with the
# reason in psctl status.
. "$(dirname "$0")/../lib.sh"

cat > "$T/psd.ini" <<EOF
[program:never]
command = sleep 600
ready = notify
ready_timeout = 300ms
restart = on-failure
restart_delay = 50ms
start_retries = 1
daemon = true

[program:keeper]
command = sleep 600
EOF
for mode in $MODES; do
	start_cfg $mode "$T/psd.ini"
	wait_for state_is never FATAL
	is "$(state_of never)" FATAL "$mode: never ready: FATAL"
	is "$(ctl --json status never | json 'j["programs"][0]["restarts"]')" 1 \
	    "$mode: after start_retries + 1 starts"
	like "$(ctl --json status never | json 'j["programs"][0]["reason"]')" \
	    "^2 fast failures in a row \(last: not ready within 300ms \(ready_timeout\)\)$" \
	    "$mode: psctl status gives the reason"
	is "$(grep -c 'program never: not ready within 300ms (ready_timeout); sending TERM' "$T/err")" 2 \
	    "$mode: each timeout is logged"
	ctl shutdown >/dev/null
	wait_psd
	is "$PSD_STATUS" 143 "$mode: shutdown with never FATAL: its status (143)"
done
done_testing
