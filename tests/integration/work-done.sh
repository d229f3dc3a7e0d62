#!/bin/sh
# When psd's work is done (psd.conf(5), PSD'S WORK AND EXIT STATUS): a
# program stopped by request has not ended (psctl stop never shuts psd
# down), the main program of -- CMD ends psd whatever else runs, and psd
# says in one line why it ends and where its exit status comes from.
. "$(dirname "$0")/../lib.sh"

# has_line TEXT: psd's stderr has this line (after "psd | ").
has_line() {
	sed 's/^psd *| //' "$T/err" | grep -Fxq -- "$1"
}

cat > "$T/stop.ini" <<EOF
[program:a]
command = sleep 600

[program:j]
command = true
restart = never
EOF
cat > "$T/fatal.ini" <<EOF
[program:a]
command = sleep 600

[program:j]
command = /nonexistent/j
EOF
cat > "$T/side.ini" <<EOF
[program:side]
command = sleep 600
EOF
cat > "$T/jobs.ini" <<EOF
[program:j1]
command = true
restart = never

[program:j2]
command = sh -c 'exit 4'
restart = never
EOF

for mode in $MODES; do
	# Bug 1: once j has ended, psctl stop a used to end psd's work.
	start_cfg $mode "$T/stop.ini"
	wait_for state_is j EXITED
	ctl stop a >/dev/null
	wait_for state_is a STOPPED
	ok $? "$mode: a is stopped by request"
	ctl ping >/dev/null 2>&1
	ok $? "$mode: psd still answers after psctl stop a (j has ended)"
	! grep -q "shutting down" "$T/err"
	ok $? "$mode: and is not shutting down"
	ctl shutdown >/dev/null
	wait_psd
	is "$PSD_STATUS" 0 "$mode: psctl shutdown then exits 0"
	has_line "shutting down: psctl shutdown; exit status 0 (nothing is FATAL)"
	ok $? "$mode: the shutdown line says why and where 0 comes from"

	# The same with j FATAL: the status of what is FATAL at shutdown.
	start_cfg $mode "$T/fatal.ini"
	wait_for state_is j FATAL
	ctl stop a >/dev/null
	wait_for state_is a STOPPED
	ctl ping >/dev/null 2>&1
	ok $? "$mode: psctl stop a with j FATAL: psd goes on"
	ctl shutdown >/dev/null
	wait_psd
	is "$PSD_STATUS" 127 "$mode: shutdown with j FATAL exits with j's 127"
	has_line "shutting down: psctl shutdown; exit status 127, from j, FATAL now"
	ok $? "$mode: and says so"

	# Bug 2: psd -c FILE -- CMD went on after CMD ended.
	run_psd $mode -c "$T/side.ini" --socket "$T/sock" -- sh -c 'exit 5'
	is "$PSD_STATUS" 5 "$mode: -c FILE -- CMD exits with CMD's 5 though side runs"
	has_line "shutting down: main program exited (status 5); exit status 5"
	ok $? "$mode: the shutdown line names the main program"
	grep -q "program side: stopped" "$T/err"
	ok $? "$mode: side was stopped"

	# Every non-daemon program ended: the first failure's status.
	run_psd $mode -c "$T/jobs.ini" --socket "$T/sock"
	is "$PSD_STATUS" 4 "$mode: every job ended: the failed one's 4"
	has_line "shutting down: every non-daemon program has ended; exit status 4, from j2, the first that failed"
	ok $? "$mode: the shutdown line names j2"
done
done_testing
