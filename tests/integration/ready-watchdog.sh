#!/bin/sh
# watchdog = DURATION: once READY, a program must send WATCHDOG=1 within
# every watchdog period.  One that stops pinging gets watchdog_signal
# (default SIGABRT) and is restarted by its restart policy; one that is
# frozen (SIGSTOP) cannot take the signal, so the stop escalates to
# SIGKILL after stop_timeout.  psctl status counts the misses.
. "$(dirname "$0")/../lib.sh"

C="$HELPERS/notify-client"
[ -x "$C" ] || skip_all "built without libsystemd: no notify-client"

cat > "$T/psd.ini" <<EOF
[program:pinger]
command = "$C" -o "$T/pinger" -w 3
ready = notify
watchdog = 400ms
restart = on-failure
restart_delay = 50ms
start_retries = infinite

[program:frozen]
command = "$C" -o "$T/frozen" -w -1
ready = notify
watchdog = 2s
stop_timeout = 300ms
restart = on-failure
restart_delay = 50ms
start_retries = infinite
EOF
field() {	# field PROGRAM EXPR-ON-p
	ctl --json status "$1" | json "(lambda p: $2)(j['programs'][0])"
}
restarted() {	# restarted PROGRAM: restarted at least once and READY again
	[ "$(field "$1" 'p["restarts"] >= 1 and p["state"] == "READY"')" = True ]
}
for mode in $MODES; do
	rm -f "$T/pinger" "$T/frozen"
	start_cfg $mode "$T/psd.ini"
	wait_for state_is pinger READY
	wait_for file_has "$T/pinger" "^pings_done="
	wait_for restarted pinger
	is "$(field pinger 'p["last_exit"]')" "signal ABRT" \
	    "$mode: stopped pinging: killed with watchdog_signal (ABRT)"
	ok $([ "$(field pinger 'p["watchdog_misses"]')" -ge 1 ] && echo 0 || echo 1) \
	    "$mode: the miss is counted"
	is "$(grep -c '^pid=' "$T/pinger")" "$(( $(field pinger 'p["restarts"]') + 1 ))" \
	    "$mode: ... and the restart policy started it again"
	like "$(cat "$T/err")" "program pinger: watchdog: no WATCHDOG=1 for 400ms" \
	    "$mode: the miss is logged with the period"

	wait_for state_is frozen READY
	ctl signal STOP frozen >/dev/null
	wait_for restarted frozen
	is "$(field frozen 'p["last_exit"]')" "signal KILL" \
	    "$mode: frozen (SIGSTOP): ABRT could not land, SIGKILL after stop_timeout"
	is "$(field frozen 'p["watchdog_misses"]')" 1 "$mode: one miss counted"
	like "$(ctl status frozen)" "watchdog misses: 1" "$mode: psctl status shows the misses"
	ctl shutdown >/dev/null
	wait_psd
	is "$PSD_STATUS" 0 "$mode: clean shutdown"
done
done_testing
