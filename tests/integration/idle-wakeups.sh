#!/bin/sh
# An idle psd makes no wakeups: none while nobody watches, and none more
# with a psctl events follower attached (events are pushed, not polled).
# The kernel's voluntary_ctxt_switches of psd stays flat over an interval.
. "$(dirname "$0")/../lib.sh"

cat > "$T/psd.ini" <<EOF
[program:a]
command = sleep 600
start_seconds = 0
[program:b]
command = sleep 600
start_seconds = 0
EOF
start_cfg sub "$T/psd.ini"
wait_for state_is a RUNNING
wait_for state_is b RUNNING

switches() {
	awk '/^voluntary_ctxt_switches/ {print $2}' "/proc/$PSD_PID/status"
}
# settled: no switch over a short interval (the last request's
# connection takes a few turns of the loop to close)
still() {
	_a=$(switches); sleep 0.5; [ "$(switches)" = "$_a" ]
}

wait_for still
before=$(switches)
sleep 1
is "$(switches)" "$before" "idle and unwatched: no wakeups in 1s"

ctl events > "$T/ev" 2>&1 &
own_pid $!
subscribed() {
	[ "$(ctl --json stats | json 'j["connections"]')" -ge 2 ]
}
wait_for subscribed
wait_for still
before=$(switches)
sleep 1
is "$(switches)" "$before" "idle with a psctl events attached: no wakeups in 1s"

# and the follower still hears at once when something happens
ctl stop a >/dev/null
wait_for file_has "$T/ev" "stopped a"
ok $? "the follower gets the event"
ctl shutdown >/dev/null
wait_psd
done_testing
