#!/bin/sh
# Orphans get their program, also after setsid and after a double fork:
# with a cgroup per program (where cgroup v2 is writable) the events,
# the log line, psctl tree and psctl stats name the program; psctl stats
# says which mechanism is in use; --attribution session falls back to
# the process group / session rule, which cannot see past setsid.
. "$(dirname "$0")/../lib.sh"

cat > "$T/psd.ini" <<EOF
[program:leaver]
command = sh -c '(setsid sh -c "until [ -e $T/go ]; do sleep 0.01; done; exit 5" &); exec sleep 600'
[program:df]
command = $TOOLS/psd-doublefork --count 1 --every 1h --linger 30s
[program:other]
command = sleep 600
EOF

# run_case MODE: psd with --attribution MODE; events to $T/ev.MODE
run_case() {
	rm -f "$T/go"
	start_cfg sub "$T/psd.ini" -w --attribution "$1" || return 1
	ctl events --json -k orphan > "$T/ev.$1" 2>&1 &
	own_pid $!
	# the setsid child and the double fork's grandchild are adopted
	wait_for adopted 2
}

# adopted N: psd has N children that are not its programs' main pids
adopted() {
	[ "$(ctl --json tree | json 'sum(1 for p in j["processes"] if p["depth"] == 1) - 3')" -ge "$1" ]
}

run_case auto
mech=$(ctl --json stats | json 'j["attribution"]')
like "$mech" "^(cgroup|session)$" "psctl stats says which mechanism attributes orphans"
if [ "$mech" = cgroup ]; then
	MAINS=$(ctl --json status | json '" ".join(str(p["pid"]) for p in j["programs"])')
	export MAINS
	tree=$(ctl --json tree | json '" ".join(p["program"] for p in j["processes"] if p["depth"] == 1 and str(p["pid"]) not in __import__("os").environ["MAINS"].split())')
	like "$tree" "leaver" "psctl tree: the setsid orphan is leaver's"
	like "$tree" "df" "psctl tree: the double fork's grandchild is df's"
	touch "$T/go"
	got_orphan() { grep -q '"program":"leaver"' "$T/ev.auto"; }
	wait_for got_orphan
	ok $? "events: the setsid orphan reaped is leaver's"
	like "$(cat "$T/ev.auto")" '"exit_code":5' "with its exit status"
	wait_for file_has "$T/err" "reaped orphan pid [0-9]+ of leaver"
	ok $? "the log line names the program"
	ctl signal KILL df >/dev/null	# the grandchild lingers on
	kill_grandchild() {
		for p in $(descendants "$PSD_PID"); do
			grep -q 'psd-doublefork' "/proc/$p/cmdline" 2>/dev/null &&
			    [ "$(awk '{print $4}' "/proc/$p/stat")" = "$PSD_PID" ] &&
			    kill "$p"
		done
		grep -q '"program":"df"' "$T/ev.auto"
	}
	wait_for kill_grandchild
	ok $? "events: the double fork's grandchild reaped is df's"
	is "$(ctl --json stats | json 'j["orphans_by_program"].get("leaver", 0) > 0 and j["orphans_by_program"].get("df", 0) > 0')" \
	    True "psctl stats counts them by program"
else
	diag "no writable cgroup v2 here: only the fallback is tested"
fi
ctl shutdown >/dev/null
wait_psd
is "$(ls -d /sys/fs/cgroup/psd.$PSD_PID /sys/fs/cgroup/unified/psd.$PSD_PID 2>/dev/null)" "" \
    "psd removes the cgroups it made"

run_case session
is "$(ctl --json stats | json 'j["attribution"]')" session "--attribution session: the fallback"
touch "$T/go"
wait_for file_has "$T/ev.session" '"kind":"orphan"'
like "$(cat "$T/ev.session")" '"program":null' "without cgroups the setsid orphan has no program"
ctl shutdown >/dev/null
wait_psd

"$PSD" --attribution bogus -c "$T/psd.ini" >/dev/null 2>"$T/bad"
is $? 2 "a bad --attribution is a usage error"
like "$(cat "$T/bad")" "expected auto, cgroup or session" "naming the choices"
done_testing
