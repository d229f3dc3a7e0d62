#!/bin/sh
# Reload (SIGHUP or psctl reload) applies only the difference: added
# programs start, removed ones stop, changed ones restart, ones whose
# policy or timeouts changed take them without a restart, the rest are
# not touched.  What would start is compared, not the text; a pool keeps
# its names when its size changes.  An invalid file changes nothing.
. "$(dirname "$0")/../lib.sh"

write() {	# write NAME=COMMAND...
	: > "$T/psd.ini"
	for pc in "$@"; do
		printf '[program:%s]\ncommand = %s\n\n' "${pc%%=*}" "${pc#*=}" >> "$T/psd.ini"
	done
}
pid_of() {
	ctl --json status "$1" | json 'j["programs"][0]["pid"]'
}
for mode in $MODES; do
	write same="sleep 600" changes="sleep 601" goes="sleep 602"
	start_cfg $mode "$T/psd.ini"
	wait_for state_is goes RUNNING
	same=$(pid_of same)
	old=$(pid_of changes)
	write same="sleep 600" changes="sleep 700" comes="sleep 603"
	out=$(ctl reload)
	is "$(echo "$out" | tr '\n' ',')" "added: comes,removed: goes,changed: changes," \
	    "$mode: psctl reload reports what it did"
	wait_for state_is comes RUNNING
	wait_for state_is changes RUNNING
	is "$(pid_of same)" "$same" "$mode: an unchanged program keeps running (same pid)"
	ok $([ "$(pid_of changes)" != "$old" ] && echo 0 || echo 1) "$mode: a changed one was restarted"
	like "$(ctl --json status changes | json 'j["programs"][0]["command"]')" "sleep 700" \
	    "$mode: with its new command"
	ctl status goes >/dev/null 2>&1
	is "$?" 4 "$mode: a removed one is gone (psctl: no such program)"

	echo "[program:broken" >> "$T/psd.ini"
	ctl reload > "$T/rl" 2>&1
	is "$?" 1 "$mode: a broken file: psctl reload fails"
	like "$(cat "$T/rl")" "psd.ini:10: section header without a closing \]" \
	    "$mode: with the error, file and line"
	is "$(pid_of same)" "$same" "$mode: and nothing changed"

	write same="sleep 600" changes="sleep 700" comes="sleep 603" hup="sleep 604"
	kill -HUP "$PSD_PID"
	wait_for state_is hup RUNNING
	ok $? "$mode: SIGHUP reloads too"

	sed -i 's/^command = sleep 600$/&\nstop_timeout = 3s\nrestart = always/' "$T/psd.ini"
	is "$(ctl reload)" "updated: same" \
	    "$mode: new policy and timeouts only: updated, not restarted"
	is "$(pid_of same)" "$same" "$mode: the process runs on (same pid)"

	sed -i 's/^command = sleep 600$/command =   sleep    600/' "$T/psd.ini"
	is "$(ctl reload)" "updated: same" \
	    "$mode: command changed only in spaces: updated, not restarted"
	is "$(pid_of same)" "$same" "$mode: the process runs on (same pid)"

	# A pool keeps its names from 1 instance to 3 and back.
	printf '[program:pool]\ncommand = sleep 605\ninstances = 1\n' \
	    >> "$T/psd.ini"
	is "$(ctl reload)" "added: pool:0" "$mode: instances = 1 is pool:0"
	wait_for state_is pool:0 RUNNING
	pool0=$(pid_of pool:0)
	sed -i 's/^instances = 1$/instances = 3/' "$T/psd.ini"
	is "$(ctl reload | tr '\n' ',')" "added: pool:1,added: pool:2," \
	    "$mode: 1 -> 3 instances: two added, none renamed"
	sed -i 's/^instances = 3$/instances = 1/' "$T/psd.ini"
	is "$(ctl reload | tr '\n' ',')" "removed: pool:1,removed: pool:2," \
	    "$mode: 3 -> 1: two removed, none renamed"
	is "$(pid_of pool:0)" "$pool0" "$mode: pool:0 ran on throughout (same pid)"
	ctl shutdown >/dev/null
	wait_psd
done
done_testing
