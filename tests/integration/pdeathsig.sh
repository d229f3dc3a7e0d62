#!/bin/sh
# -p SIG: when psd's parent dies, the kernel sends psd SIG, which psd
# forwards to its child like any signal.
. "$(dirname "$0")/../lib.sh"

for mode in $MODES; do
	if [ $mode = ns ]; then wrap="unshare --fork --pid --mount-proc --"; else wrap=""; fi
	rm -f "$T/sigs" "$T/ready"
	# The parent is a shell that waits; killing it orphans psd.
	sh -c "$wrap \"$PSD\" -p USR2 -- \"$HELPERS/sigrecord\" \"$T/sigs\" --ready \"$T/ready\" --exit-on USR2 & wait" &
	parent=$!
	echo "$parent" >> "$T/.pids"
	wait_for test -e "$T/ready"
	if [ $mode = ns ]; then
		# unshare is psd's parent there: kill it, not the shell
		u=$(child_of "$parent"); kill -KILL "$u"
	else
		kill -KILL "$parent"
	fi
	wait_for file_has "$T/sigs" '^USR2$'
	ok $? "$mode: parent died: psd got USR2 and forwarded it"
	wait_for sh -c "! pgrep -f '$HELPERS/sigrecord $T/sigs' >/dev/null"
	ok $? "$mode: the child exited on it, and psd with it"
done
done_testing
