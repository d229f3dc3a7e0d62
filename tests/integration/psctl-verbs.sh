#!/bin/sh
# Every psctl verb against a live psd, in human and --json form (parsed
# back with python3's json), with systemctl-style exit statuses.
. "$(dirname "$0")/../lib.sh"

cat > "$T/psd.ini" <<EOF
[program:web]
command = sleep 600
start_seconds = 100ms

[program:later]
command = sleep 600
autostart = false
start_seconds = 100ms

[program:broken]
command = /nonexistent
daemon = true

[program:job]
command = sh -c 'read x < "$T/go"; exit 7'
restart = never
daemon = true

[program:zombies]
command = "$TOOLS/psd-zombies" --count 2 --linger 600s
daemon = true
EOF
mkfifo "$T/go"
ctl_tree_has_zombie() {
	ctl tree | grep -q " Z "
}
for mode in $MODES; do
	start_cfg $mode "$T/psd.ini"
	wait_for state_is web RUNNING
	wait_for state_is broken FATAL

	out=$(ctl status)
	is "$?" 3 "$mode: status: 3 when a program is not running"
	like "$(echo "$out" | head -n 1)" "^NAME +STATE +PID +UPTIME +RESTARTS +LAST EXIT +DAEMON +INFO$" \
	    "$mode: status: an aligned table with a header"
	like "$out" "broken +FATAL .*exec /nonexistent: No such file or directory" \
	    "$mode: status shows why a program is FATAL"
	ctl status web >/dev/null
	is "$?" 0 "$mode: status web: 0 when running"
	ctl status nosuch 2> "$T/e"
	is "$?" 4 "$mode: status of an unknown program: 4"
	is "$(cat "$T/e")" "psctl: no such program: nosuch" "$mode: ... named in one line"
	is "$(ctl --json status | json '[p["name"] for p in j["programs"]]')" \
	    "['web', 'later', 'broken', 'job', 'zombies']" "$mode: --json status: one document"
	is "$(ctl --json status web | json 'sorted(j["programs"][0].keys())')" \
	    "['autostart', 'command', 'daemon', 'errno', 'essential', 'exit_code', 'last_exit', 'name', 'notify_state', 'orphans', 'pid', 'ready', 'ready_after_us', 'reason', 'restarts', 'state', 'status', 'uptime_ms', 'watchdog_misses']" \
	    "$mode: --json status: stable field names"

	ctl start --wait later >/dev/null
	is "$?" 0 "$mode: start --wait: 0 once RUNNING"
	is "$(state_of later)" RUNNING "$mode: ... and it is"
	old=$(ctl --json status later | json 'j["programs"][0]["pid"]')
	ctl restart --wait later >/dev/null
	new=$(ctl --json status later | json 'j["programs"][0]["pid"]')
	ok $([ "$old" != "$new" ] && [ "$(state_of later)" = RUNNING ] && echo 0 || echo 1) \
	    "$mode: restart --wait: a new pid, RUNNING"
	ctl stop --wait later >/dev/null
	is "$(state_of later)" STOPPED "$mode: stop --wait: STOPPED"
	ctl start --wait broken > "$T/o"
	is "$?" 1 "$mode: start --wait of a program that cannot start: 1"
	like "$(cat "$T/o")" "broken: FATAL" "$mode: ... saying FATAL"
	ctl --json signal CONT web | json 'j["results"][0]["message"]' > "$T/o"
	is "$(cat "$T/o")" "signalled" "$mode: signal CONT web"
	ctl signal CONT later >/dev/null
	is "$?" 3 "$mode: signal to a stopped program: 3"
	ctl signal BOGUS web 2>/dev/null
	is "$?" 2 "$mode: an unknown signal: 2 (usage)"

	echo go > "$T/go" &
	out=$(ctl wait job)
	is "$?" 7 "$mode: wait: returns the program's exit status"
	is "$out" "job: exit 7" "$mode: ... and prints it"

	ctl ready > "$T/o"
	is "$?" 1 "$mode: ready: 1 while an autostart program is not up"
	like "$(cat "$T/o")" "not ready: broken is FATAL" "$mode: ... with the reason"

	wait_for ctl_tree_has_zombie
	out=$(ctl tree)
	like "$out" "S +zombies .*psd-zombies --count 2" "$mode: tree shows the programs"
	like "$out" " Z +zombies .*<defunct>" "$mode: tree marks zombies (state Z)"
	like "$(ctl --json tree | json 'j["zombies"]')" "^[1-9]" "$mode: --json tree counts them"
	ctl --json stats > "$T/s"
	is "$(json 'sorted(j)' < "$T/s" | tr -d "'")" \
	    "[attribution, config, connections, hooks, orphans_attributed, orphans_by_program, orphans_reaped, output_buffered, output_bytes, output_dropped_bytes, output_dropped_lines, output_lines, pid, programs, reaped, restarts, running, spawns, uptime_ms, wakeups, zombies]" \
	    "$mode: --json stats: stable fields"
	like "$(json 'j["zombies"]' < "$T/s")" "^[1-9]" "$mode: stats counts zombies now"

	is "$(ctl ping)" pong "$mode: ping"
	is "$(ctl --json version | json 'j["protocol"]')" 1 "$mode: version: the protocol"
	ctl shutdown --no-wait >/dev/null
	is "$?" 0 "$mode: shutdown --no-wait"
	wait_psd
	ctl ping 2> "$T/e"
	is "$?" 5 "$mode: psd gone: 5"
	like "$(cat "$T/e")" "^psctl: cannot connect to $T/sock: .* -- is psd running\?$" \
	    "$mode: ... 'is psd running?'"
done
done_testing
