#!/bin/sh
# -p SIG: when psd's parent dies, the kernel sends psd SIG, which psd
# forwards to its child like any signal.
. "$(dirname "$0")/../lib.sh"

for mode in $MODES; do
	if [ $mode = ns ]; then wrap="unshare --fork --pid --mount-proc --"; else wrap=""; fi
	rm -f "$T/sigs" "$T/ready"
	# The parent is a shell that waits; killing it orphans psd.
	sh -c "$wrap \"$PSD\" -p USR2 -- \"$HELPERS/sigrecord\" \"$T/sigs\" --ready \"$T/ready\" --exit-on USR2 & wait" &
	top=$!
	echo "$top" >> "$T/.pids"
	wait_for test -e "$T/ready"
	parent=$(child_of "$top")
	[ $mode = ns ] && { unshare_pid=$parent; parent=$unshare_pid; }
	psd=$(child_of "$parent")
	[ $mode = sub ] && { psd=$parent; parent=$top; }
	rec=$(child_of "$psd")
	ok $([ -n "$psd" ] && [ -n "$rec" ] && echo 0 || echo 1) \
	    "$mode: psd ($psd) runs the recorder ($rec)"
	kill -KILL "$parent"
	wait_for file_has "$T/sigs" '^USR2$'
	ok $? "$mode: its parent died: psd got USR2 and forwarded it"
	wait_for gone "$rec" && wait_for gone "$psd"
	ok $? "$mode: the child exited on it, and psd with it"
	wait "$top" 2>/dev/null
done
done_testing
