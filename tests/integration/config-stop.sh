#!/bin/sh
# Stopping: stop_signal to the program's whole process group
# (kill_group = true), SIGKILL after stop_timeout for one that ignores it;
# a stop is over only when the whole group is gone, so a child that
# ignores TERM after its parent exited gets SIGKILL too.
. "$(dirname "$0")/../lib.sh"

cat > "$T/psd.ini" <<EOF
[program:stubborn]
command = sh -c 'trap "" TERM; echo up > "$T/up"; while :; do sleep 0.05; done'
stop_timeout = 300ms

[program:family]
command = sh -c '"$HELPERS/sigrecord" "$T/kid" --ready "$T/kidready" --exit-on TERM & wait'

[program:survivor]
command = sh -c '"$HELPERS/sigrecord" "$T/survrec" --ready "$T/surv" --ignore TERM & wait'
stop_timeout = 300ms

[program:alone]
command = sh -c '"$HELPERS/sigrecord" "$T/kid2" --ready "$T/kid2ready" --exit-on TERM & wait'
kill_group = false
EOF
for mode in $MODES; do
	rm -f "$T/up" "$T/kid" "$T/kidready" "$T/kid2" "$T/kid2ready" "$T/surv" "$T/survrec"
	start_cfg $mode "$T/psd.ini"
	wait_for test -e "$T/up" -a -e "$T/kidready" -a -e "$T/kid2ready" -a -e "$T/surv"
	out=$(ctl stop --wait stubborn)
	is "$(state_of stubborn)" STOPPED "$mode: a program ignoring TERM is stopped"
	is "$(ctl --json status stubborn | json 'j["programs"][0]["last_exit"]')" \
	    "signal KILL" "$mode: by SIGKILL after stop_timeout"
	like "$(cat "$T/err")" "stubborn: still running 300ms after TERM; sending KILL" \
	    "$mode: and psd says so"
	ctl stop --wait family >/dev/null
	is "$(cat "$T/kid")" TERM "$mode: kill_group: the program's child got TERM too"
	ok $(pgrep -f "$T/survrec" >/dev/null && echo 0 || echo 1) \
	    "$mode: a child ignoring TERM runs"
	ctl stop --wait survivor >/dev/null
	is "$(state_of survivor)" STOPPED "$mode: its leader gone, the rest of the group ignoring TERM"
	ok $(pgrep -f "$T/survrec" >/dev/null && echo 1 || echo 0) \
	    "$mode: ... is SIGKILLed at stop_timeout before the stop is over"
	like "$(cat "$T/err")" "survivor: the rest of its process group is still running 300ms after TERM" \
	    "$mode: and psd says so"
	ctl stop --wait alone >/dev/null
	is "$(cat "$T/kid2" 2>/dev/null)" "" "$mode: kill_group = false: only the program itself"
	ctl shutdown >/dev/null
	wait_psd
	is "$(cat "$T/kid2" 2>/dev/null)" TERM "$mode: its orphaned child was drained at shutdown"
done
done_testing
