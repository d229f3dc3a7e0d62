#!/bin/sh
# psctl wait: the join() of a program.  It blocks until the programs have
# ended for good (not at an exit that will be restarted), prints how each
# ended, and exits with the first non-zero status (128+N for signal N);
# a program that never ran returns at once; --timeout gives up with 1.
# In single-command mode it waits for the main program.
. "$(dirname "$0")/../lib.sh"

cat > "$T/psd.ini" <<EOF
[program:held]
command = sh -c 'while [ ! -e "$T/go" ]; do sleep 0.01; done; exit 7'
restart = never
daemon = true

[program:killed]
command = sleep 600
restart = never
daemon = true
start_seconds = 100ms

[program:fine]
command = true
restart = never
daemon = true

[program:never]
command = sleep 600
autostart = false

[program:flaky]
command = sh -c 'exit 9'
start_retries = 2
restart_delay = 200ms
daemon = true

[program:keep]
command = sleep 600
EOF
connections_are() {	# connections_are N: psd has N open connections
	[ "$(ctl --json stats | json 'j["connections"]')" = "$1" ]
}
for mode in $MODES; do
	rm -f "$T/go"
	start_cfg $mode "$T/psd.ini"
	wait_for state_is held RUNNING

	ctl wait held > "$T/w" 2>&1 &
	waiter=$!
	wait_for connections_are 2
	ok $? "$mode: wait blocks while the program runs (its connection stays)"
	touch "$T/go"
	wait $waiter
	is "$?" 7 "$mode: wait returns the exit status"
	is "$(cat "$T/w")" "held: exit 7" "$mode: ... and prints it"

	wait_for state_is killed RUNNING
	ctl signal KILL killed >/dev/null
	is "$(ctl wait killed)" "killed: signal KILL" "$mode: a program killed by a signal: its name"
	ctl wait killed >/dev/null
	is "$?" 137 "$mode: ... and 128+N"

	ctl wait fine killed held > "$T/w"
	is "$?" 137 "$mode: several: the first non-zero status, in order"
	is "$(cat "$T/w" | tr '\n' ' ')" "fine: exit 0 killed: signal KILL held: exit 7 " \
	    "$mode: ... each one printed"

	is "$(ctl wait never)" "never: never ran" "$mode: a program that never ran: at once"
	ctl wait never >/dev/null
	is "$?" 0 "$mode: ... with 0"

	ctl wait flaky > "$T/w"
	is "$?" 9 "$mode: a failing program: its status once it will not restart"
	is "$(state_of flaky)" FATAL "$mode: ... which is when it is FATAL, not its first exit"
	like "$(cat "$T/w")" "^flaky: exit 9" "$mode: ... printed"

	ctl wait keep --timeout 200ms > "$T/w" 2> "$T/e"
	is "$?" 1 "$mode: wait --timeout (after the names): 1 when it runs on"
	is "$(cat "$T/e")" "psctl: timed out after 200ms waiting for the programs (psctl status shows where they are)" \
	    "$mode: ... saying so"
	is "$(state_of keep)" RUNNING "$mode: ... and the program is untouched"

	ctl --json wait fine held > "$T/j"
	is "$(json '[(r["name"], r["state"], r["exit_code"], r["last_exit"]) for r in j["results"]]' < "$T/j")" \
	    "[('fine', 'EXITED', 0, 'exit 0'), ('held', 'EXITED', 7, 'exit 7')]" \
	    "$mode: --json wait: name, state, exit_code, last_exit"
	ctl wait nosuch 2>/dev/null
	is "$?" 4 "$mode: wait for an unknown program: 4"

	ctl shutdown >/dev/null
	wait_psd
done

# Single-command mode: wait for the main program, while psd exits too.
for mode in $MODES; do
	rm -f "$T/go" "$T/sock"
	start_psd $mode --socket "$T/sock" -- sh -c "while [ ! -e '$T/go' ]; do sleep 0.01; done; exit 5"
	wait_for state_is main RUNNING
	ctl wait main > "$T/w" 2>&1 &
	waiter=$!
	wait_for connections_are 2
	touch "$T/go"
	wait $waiter
	is "$?" 5 "$mode: single-command mode: wait main returns its status"
	is "$(cat "$T/w")" "main: exit 5" "$mode: ... and prints it before psd is gone"
	wait_psd
	is "$PSD_STATUS" 5 "$mode: ... psd exits with it too"
done
done_testing
