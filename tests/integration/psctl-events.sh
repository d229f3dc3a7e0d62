#!/bin/sh
# psctl events: the JSON schema (every key on every line), the kinds in
# order for a failing program, filters by program and kind, --since and
# --no-follow, errors for a bad kind and an unknown program, and the
# follower getting an event as it happens (pushed, not polled).
. "$(dirname "$0")/../lib.sh"

cat > "$T/psd.ini" <<EOF
[program:fail]
command = sh -c 'while [ ! -e "$T/go" ]; do sleep 0.01; done; exit 3'
restart = on-failure
restart_delay = 100ms
start_retries = 1
daemon = true
[program:steady]
command = sleep 600
[program:quiet]
command = sleep 600
autostart = false
EOF
start_cfg sub "$T/psd.ini"

# a follower of fail only, before anything happens to it
ctl events --json fail > "$T/fail.json" 2>&1 &
fpid=$!
own_pid "$fpid"
# a follower of two kinds of one program
ctl events -k stopped,started quiet > "$T/quiet.txt" 2>&1 &
qpid=$!
own_pid "$qpid"
# both are subscribed once psd counts their connections (and this one)
subscribed() {
	[ "$(ctl --json stats | json 'j["connections"]')" -ge 3 ]
}
wait_for subscribed
touch "$T/go"
fatal_seen() { grep -q '"kind":"fatal"' "$T/fail.json"; }
wait_for fatal_seen
ok $? "a follower gets events as they happen, up to fatal"

kinds=$(python3 - "$T/fail.json" <<'PY'
import json, sys
want = ["seq", "time_ms", "kind", "program", "pid", "exit_code", "status",
        "delay_ms", "message", "lost"]
kinds = []
for line in open(sys.argv[1]):
    e = json.loads(line)
    if sorted(e) != sorted(want):
        print("bad keys: %s" % sorted(e)); sys.exit(1)
    if not isinstance(e["seq"], int) or not isinstance(e["time_ms"], int):
        print("bad types"); sys.exit(1)
    if e["program"] != "fail":
        print("not filtered: %s" % e["program"]); sys.exit(1)
    if e["kind"] == "exited" and (e["exit_code"] != 3 or e["status"] != "exit 3"):
        print("bad exit: %r" % e); sys.exit(1)
    if e["kind"] == "backoff" and not isinstance(e["delay_ms"], int):
        print("backoff without delay"); sys.exit(1)
    kinds.append(e["kind"])
print(" ".join(kinds))
PY
)
is "$kinds" "exited backoff started exited fatal" \
    "--json: every line has the same keys; fail's kinds in order"

ctl start quiet >/dev/null
ctl stop quiet >/dev/null
quiet_both() {
	grep -q ' started quiet pid [0-9]' "$T/quiet.txt" &&
	    grep -q ' stopped quiet signal TERM' "$T/quiet.txt"
}
wait_for quiet_both
ok $? "text lines: kind, program, pid, status"
is "$(grep -c 'steady\|fail' "$T/quiet.txt")" 0 "a program filter leaves the others out"

hist=$(ctl events --no-follow --since 1h -k exited)
like "$hist" "exited  fail exit 3" "--since: history from psd's ring"
is "$(printf '%s\n' "$hist" | grep -vc exited)" 0 "-k exited: only that kind"
is "$(ctl events --no-follow --since 0s)" "" "--since 0s: nothing that new"
n=$(ctl events --json --no-follow | wc -l)
ok $(( n >= 6 ? 0 : 1 )) "--no-follow prints what psd keeps and ends ($n)"

ctl events -k nosuch >/dev/null 2>&1
is $? 2 "an unknown kind: usage error"
ctl events --no-follow nosuch >/dev/null 2>&1
is $? 4 "an unknown program: exit 4"

ctl shutdown >/dev/null
wait_psd
wait "$fpid"
is $? 0 "psd shutting down ends a follower, exit 0"
done_testing
