#!/bin/sh
# on_exit / on_fatal hooks run as second-level children with PSD_*
# variables; they never block psd and never linger as zombies.  A
# detach = true program outlives psd.
. "$(dirname "$0")/../lib.sh"

cat > "$T/psd.ini" <<EOF
[program:flaky]
command = sh -c 'exit 3'
restart = on-failure
restart_delay = 10ms
start_retries = 1
on_exit = echo "exit \$PSD_PROGRAM \$PSD_EXIT_CODE \$PSD_STATE" >> "$T/hooks"
on_fatal = sleep 0.2; echo "fatal \$PSD_PROGRAM \$PSD_STATE" >> "$T/hooks"
daemon = true

[program:keeper]
command = sleep 600
EOF
for mode in $MODES; do
	rm -f "$T/hooks"
	start_cfg $mode "$T/psd.ini"
	wait_for file_has "$T/hooks" "^fatal"
	is "$(cat "$T/hooks" | tr '\n' ',')" \
	    "exit flaky 3 BACKOFF,exit flaky 3 FATAL,fatal flaky FATAL," \
	    "$mode: on_exit after each exit, on_fatal once, with PSD_* variables"
	is "$(zombies_under "$PSD_PID")" 0 "$mode: no hook lingers as a zombie"
	is "$(ctl --json stats | json 'j["hooks"]')" 3 "$mode: three hooks run"
	ctl shutdown >/dev/null
	wait_psd
done

# detach = true: double-forked into its own session, not stopped by psd.
cat > "$T/d.ini" <<EOF
[program:detached]
command = sh -c 'echo \$\$ > "$T/dpid"; exec sleep 600'
detach = true

[program:main]
command = sh -c 'sleep 0.3'
restart = never
EOF
rm -f "$T/dpid"
run_psd sub -c "$T/d.ini" --socket "$T/sock"
is "$PSD_STATUS" 0 "sub: psd finished its work"
dpid=$(cat "$T/dpid" 2>/dev/null)
ok $([ -n "$dpid" ] && [ -e "/proc/$dpid" ] && ! gone "$dpid" && echo 0 || echo 1) \
    "sub: the detached program ($dpid) outlived psd"
dsid=$(ps -o sid= -p "$dpid" 2>/dev/null | tr -d ' ')
ok $([ -n "$dsid" ] && [ "$dsid" != "$(ps -o sid= -p $$ | tr -d ' ')" ] && echo 0 || echo 1) \
    "sub: in a session of its own ($dsid), not psd's"
kill "$dpid" 2>/dev/null
done_testing
