#!/bin/sh
# psd as a service: a psd run by another psd as a ready = notify program
# says READY=1 once its own programs are up and ready (which gates a
# program of the outer psd), STATUS= with counts, WATCHDOG=1 at half of
# WATCHDOG_USEC, RELOADING=1/READY=1 around a reload and STOPPING=1 when
# it shuts down.  libsystemd is mapped only into the psd that was given
# NOTIFY_SOCKET.
. "$(dirname "$0")/../lib.sh"

[ "${PSD_HAVE_SYSTEMD:-0}" = 1 ] || skip_all "psd built without systemd support"
command -v systemd-notify >/dev/null || skip_all "no systemd-notify"

cat > "$T/inner.ini" <<EOF
[program:slow]
command = sh -c 'sleep 0.3; systemd-notify --ready; exec sleep 600'
ready = notify

[program:plain]
command = sleep 600
start_seconds = 200ms
EOF
cat > "$T/psd.ini" <<EOF
[program:inner]
command = "$PSD" -vv -c "$T/inner.ini" --socket "$T/inner.sock"
ready = notify
start_seconds = 0
watchdog = 4s
restart = on-failure

[program:after]
command = sh -c '"$PSCTL" -s "$T/inner.sock" status > "$T/inner-at-after"; exec sleep 600'
depends_on = inner
EOF
field() {	# field PROGRAM EXPR-ON-p
	ctl --json status "$1" | json "(lambda p: $2)(j['programs'][0])"
}
inner_pid() {	# the inner psd, as a pid of this side
	for p in $(descendants "$PSD_PID"); do
		tr '\0' ' ' 2>/dev/null < "/proc/$p/cmdline" |
		    grep -q -- "-c $T/inner.ini" && echo "$p"
	done | head -n 1
}
inner_status_is() {	# inner_status_is TEXT: the inner psd's STATUS=
	[ "$(field inner 'p["status"]')" = "$1" ]
}
pings_at_least() {	# pings_at_least N: the inner psd sent N WATCHDOG=1
	[ "$(grep -c 'sd_notify: WATCHDOG=1' "$T/err")" -ge "$1" ]
}
for mode in $MODES; do
	rm -f "$T/inner-at-after"
	start_cfg $mode "$T/psd.ini"
	wait_for test -s "$T/inner-at-after"
	is "$(awk 'NR > 1 {print $1 "=" $2}' "$T/inner-at-after" | tr '\n' ' ')" \
	    "slow=READY plain=RUNNING " \
	    "$mode: the outer program started once the inner psd's programs were up"
	is "$(state_of inner)" READY "$mode: the inner psd said READY=1"
	wait_for inner_status_is "2 running, 0 starting, 0 fatal"
	is "$(field inner 'p["status"]')" "2 running, 0 starting, 0 fatal" \
	    "$mode: its STATUS= counts its programs"

	ipid=$(inner_pid)
	ok $(grep -q libsystemd "/proc/$ipid/maps" && echo 0 || echo 1) \
	    "$mode: the inner psd (NOTIFY_SOCKET set) loaded libsystemd"
	ok $([ -r "/proc/$PSD_PID/maps" ] && ! grep -q libsystemd "/proc/$PSD_PID/maps" &&
	    echo 0 || echo 1) \
	    "$mode: the outer psd (no NOTIFY_SOCKET) did not"

	wait_for pings_at_least 3
	is "$(field inner 'p["watchdog_misses"]')" 0 \
	    "$mode: WATCHDOG=1 every half period: no miss"

	ctl signal HUP inner >/dev/null
	wait_for file_has "$T/err" "program inner: reloaded"
	like "$(grep -E -o 'program inner: reload(ing|ed)' "$T/err" | tr '\n' ,)" \
	    "program inner: reloading,program inner: reloaded," \
	    "$mode: a reload is bracketed by RELOADING=1 and READY=1"
	is "$(state_of inner)" READY "$mode: ... and it stays READY"

	"$PSCTL" -s "$T/inner.sock" shutdown >/dev/null
	wait_for state_is inner EXITED
	like "$(cat "$T/err")" "program inner: stopping on its own \(STOPPING=1\)" \
	    "$mode: the inner psd's shutdown says STOPPING=1"
	is "$(field inner 'p["last_exit"]')" "exit 0" "$mode: ... and it exited 0"
	ctl shutdown >/dev/null
	wait_psd
	is "$PSD_STATUS" 0 "$mode: clean shutdown"
done
done_testing
