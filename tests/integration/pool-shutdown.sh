#!/bin/sh
# The work-done rule with pools: a closed pool with work keeps psd alive
# until it drains, then psd's work is done; an open idle pool does not
# keep psd alive.  On shutdown the running jobs get their stop signal and
# psd says how many queued jobs it dropped: nothing accepted is lost
# silently.
. "$(dirname "$0")/../lib.sh"

cat > "$T/psd.ini" <<EOF2
[pool:w]
workers = 1

[program:keeper]
command = sh -c 'while [ ! -e "$T/stop" ]; do sleep 0.01; done'
restart = never
EOF2
cat > "$T/slow" <<EOF2
#!/bin/sh
trap 'echo stopped >> "$T/stopped"; exit 0' TERM
echo run >> "$T/ran"
while [ ! -e "$T/go" ]; do sleep 0.01; done
EOF2
chmod +x "$T/slow"
for mode in $MODES; do
	rm -f "$T/stop" "$T/go" "$T/ran" "$T/stopped"
	start_cfg $mode "$T/psd.ini"
	ctl submit w -- "$T/slow" > /dev/null
	ctl submit w -- "$T/slow" > /dev/null
	ctl close w > /dev/null
	touch "$T/stop"		# the only program ends; the pool has work
	wait_for state_is keeper EXITED
	ok "$(ctl ping > /dev/null 2>&1; echo $?)" \
	    "$mode: a closed pool with work keeps psd alive"
	touch "$T/go"
	wait_psd
	is "$PSD_STATUS" 0 "$mode: once it drains, psd's work is done"
	is "$(lines "$T/ran")" 2 "$mode: both jobs ran"

	# shutdown with a running job and a queue
	rm -f "$T/stop" "$T/go" "$T/ran" "$T/stopped"
	start_cfg $mode "$T/psd.ini"
	for i in 1 2 3 4; do ctl submit w -- "$T/slow" > /dev/null; done
	wait_for test -e "$T/ran"
	ctl shutdown > /dev/null
	wait_psd
	# (as PID 1, psd's last sweep may TERM it again while its trap runs)
	is "$(sort -u "$T/stopped" 2>/dev/null)" "stopped" \
	    "$mode: the running job got its stop signal"
	file_has "$T/err" "pool w: shutting down: 1 running jobs stopped, 3 queued jobs dropped"
	ok $? "$mode: psd says how many queued jobs it dropped"
done

# an open idle pool does not keep psd alive
cat > "$T/idle.ini" <<EOF2
[pool:idle]
workers = 2
[program:one]
command = true
restart = never
EOF2
run_psd sub -c "$T/idle.ini" --socket "$T/sock2"
is "$PSD_STATUS" 0 "an open idle pool does not keep psd alive"
done_testing
