#!/bin/sh
# A C program linked with libsystemd: sd_notify(READY=1, STATUS=, ERRNO=),
# sd_notify_barrier (psd closes the passed fd at once), sd_watchdog_enabled
# (WATCHDOG_USEC and WATCHDOG_PID set for the program itself), MAINPID=
# (psd then watches and signals that pid, though it is not psd's child),
# and STOPPING=1 (it ends on its own: no signal, its exit status counts).
. "$(dirname "$0")/../lib.sh"

C="$HELPERS/notify-client"
[ -x "$C" ] || skip_all "built without libsystemd: no notify-client"

cat > "$T/psd.ini" <<EOF
[program:a]
command = "$C" -o "$T/a" -d 100 -s "warmed up" -b
ready = notify
watchdog = 10min

[program:plain]
command = "$C" -o "$T/plain" -e 2
ready = notify

[program:m]
command = "$C" -o "$T/m" -m
ready = notify
kill_group = false

[program:s]
command = "$C" -o "$T/s" -S 300
ready = notify
restart = on-failure
stop_timeout = 10s
daemon = true
EOF
val() {	# val FILE KEY: the last KEY=value the client noted
	sed -n "s/^$2=//p" "$1" 2>/dev/null | tail -n 1
}
field() {	# field PROGRAM EXPR-ON-p
	ctl --json status "$1" | json "(lambda p: $2)(j['programs'][0])"
}
a_snap() {	# a is READY in one status reply, kept in $T/snap
	field a '"|".join(str(p[k]) for k in ("state", "status",
	    "ready_after_us"))' > "$T/snap" && [ "$(snap 1)" = READY ]
}
snap() {	# snap N: field N of that reply
	cut -d '|' -f "$1" "$T/snap"
}
has_val() {	# has_val FILE KEY: the client has written KEY
	[ -n "$(val "$1" "$2")" ]
}
for mode in $MODES; do
	rm -f "$T/a" "$T/plain" "$T/m" "$T/s"
	start_cfg $mode "$T/psd.ini"
	# a restarts every 5s (no WATCHDOG=1), and what a run said is gone
	# with it: read state and fields from one reply.
	wait_for a_snap
	is "$(snap 1)" READY "$mode: sd_notify READY=1: READY"
	is "$(snap 2)" "warmed up" "$mode: STATUS= shown"
	wait_for has_val "$T/a" barrier
	like "$(val "$T/a" barrier)" '^[0-9]+$' "$mode: sd_notify_barrier returned (no timeout)"
	is "$(val "$T/a" watchdog_enabled)" 1 \
	    "$mode: sd_watchdog_enabled: on, WATCHDOG_PID is the program's pid"
	is "$(val "$T/a" watchdog_usec)" 600000000 "$mode: WATCHDOG_USEC = watchdog"
	ok $([ "$(snap 3)" -gt 100000 ] && echo 0 || echo 1) \
	    "$mode: ready_after_us counts from the spawn (after the 100 ms delay)"

	wait_for state_is plain READY
	is "$(val "$T/plain" watchdog_enabled)" 0 "$mode: no watchdog: sd_watchdog_enabled is 0"
	is "$(field plain 'p["errno"]')" 2 "$mode: ERRNO= shown"
	like "$(ctl status plain)" "errno 2" "$mode: ... in the table too"

	wait_for state_is m READY
	mpid=$(val "$T/m" mainpid)
	opid=$(val "$T/m" pid)
	ok $([ -n "$mpid" ] && [ "$mpid" != "$opid" ] && echo 0 || echo 1) \
	    "$mode: the client forked a new main pid"
	is "$(field m 'p["pid"]')" "$mpid" "$mode: MAINPID=: psctl shows the new main pid"
	ctl stop --wait m >/dev/null
	is "$(state_of m)" STOPPED "$mode: stop signals the new main pid; its exit is seen (pidfd)"
	like "$(cat "$T/err")" "program m: main pid is now $mpid" "$mode: ... as logged"

	wait_for file_has "$T/s" "^stopping="
	wait_for state_is s EXITED
	like "$(grep -c 'program s: stopping on its own' "$T/err")" '^1$' \
	    "$mode: STOPPING=1: psd knows it is ending on its own"
	is "$(field s 'p["last_exit"]')" "exit 0" "$mode: ... it exited 0, no signal sent"
	is "$(field s 'p["restarts"]')" 0 "$mode: ... and on-failure did not restart it"

	ctl shutdown >/dev/null
	wait_psd
	is "$PSD_STATUS" 0 "$mode: clean shutdown"
done
done_testing
