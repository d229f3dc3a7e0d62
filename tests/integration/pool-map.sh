#!/bin/sh
# The one-command form, psd --jobs 4 --map -- CMD {} < items, side by
# side with xargs -P 4 -I {} on the same input: the same set of output
# lines (psd prefixes them MAP#ID |), the same exit status for each kind
# of failure, and a summary line.  And psctl map: a block per job, in
# input order with --ordered, the first failure's status and a summary.
. "$(dirname "$0")/../lib.sh"

command -v xargs > /dev/null || skip_all "xargs is not installed"
seq 1 40 > "$T/items"
# item -> its output lines, and a failure kind for item 13.  For 255 and
# a signal, xargs stops starting commands once it has seen item 13 end
# (the running ones finish).  To make "which items started" the same in
# every run: item 13 ends only once 14, 15 and 16 run (the 4 slots are
# full, so 1-12 are over), and 14-16 end only once 13 is reaped (its pid
# is gone, not a zombie), so the scheduler has seen 13 end before any
# slot frees: items 1-16 run, 17-40 never start.
cat > "$T/work" <<'EOF2'
#!/bin/sh
echo "item $1 a"
echo "item $1 b"
waitfor() { while [ ! -e "$1" ]; do sleep 0.01; done; }
case "$KIND" in 255|signal)
	case $1 in
	13)	echo $$ > "$D/pid13.tmp" && mv "$D/pid13.tmp" "$D/pid13"
		for i in 14 15 16; do waitfor "$D/started.$i"; done ;;
	14|15|16)
		touch "$D/started.$1"
		waitfor "$D/pid13"
		while kill -0 "$(cat "$D/pid13")" 2> /dev/null; do sleep 0.01; done ;;
	esac ;;
esac
case "$1:$KIND" in
	13:fail) exit 3 ;;
	13:255) exit 255 ;;
	13:signal) kill -KILL $$ ;;
esac
exit 0
EOF2
chmod +x "$T/work"
seq 1 16 | sed 's/.*/item & a\nitem & b/' | sort > "$T/first16"
for kind in ok fail 255 signal; do
	rm -rf "$T/d" && mkdir "$T/d"
	D="$T/d" KIND=$kind xargs -P 4 -I {} "$T/work" {} < "$T/items" > "$T/x.out" 2> /dev/null
	xs=$?
	rm -rf "$T/d" && mkdir "$T/d"
	PSD_STDIN="$T/items" D="$T/d" KIND=$kind run_psd sub --jobs 4 --map -- "$T/work" {}
	is "$PSD_STATUS" "$xs" "$kind: psd exits as xargs does ($xs)"
	sed 's/^map#[0-9]* *| //' "$T/out" | sort > "$T/p.sorted"
	sort "$T/x.out" > "$T/x.sorted"
	ok "$(cmp -s "$T/p.sorted" "$T/x.sorted"; echo $?)" \
	    "$kind: the same output lines as xargs ($(lines "$T/x.sorted"))"
	case $kind in
	fail)	cp "$T/err" "$T/fail.err" ;;
	255|signal)
		ok "$(cmp -s "$T/p.sorted" "$T/first16"; echo $?)" \
		    "$kind: items 1-16 ran, none after 13 ended"
		is "$(tail -n 1 "$T/err")" \
		    "psd: map: 15 ok, 1 failed, 24 not started (map#13)" \
		    "$kind: the summary counts the items not started"
		grep -q "map#13 $( [ $kind = 255 ] && echo 'exited with status 255' || echo 'was killed by a signal'): 24 queued items not started" "$T/err"
		ok $? "$kind: psd says why it stopped" ;;
	esac
done
like "$(tail -n 1 "$T/fail.err")" "^psd: map: 39 ok, 1 failed \(map#13\)$" "a summary names the failed job"
printf 'a\nb\n' > "$T/two"
PSD_STDIN="$T/two" run_psd sub --jobs 2 --map -- /nonexistent/cmd {}
xargs -P 2 -I {} /nonexistent/cmd {} < "$T/two" 2> /dev/null
is "$PSD_STATUS" "$?" "a missing command: the same status as xargs (127)"
# xargs stops at a command it cannot run; one slot makes the count exact
printf '%s\n' a b c d e f > "$T/six"
PSD_STDIN="$T/six" run_psd sub --jobs 1 --map -- /nonexistent/cmd {}
is "$PSD_STATUS" 127 "a missing command, one slot: 127"
is "$(tail -n 1 "$T/err")" "psd: map: 0 ok, 1 failed, 5 not started (map#1)" \
    "and no item starts after it, as xargs does"
run_psd sub --map
is "$PSD_STATUS" 2 "--map without a command is a usage error"
run_psd sub --jobs 0 --map -- true
is "$PSD_STATUS" 2 "--jobs 0 is a usage error"

# psctl map
cat > "$T/psd.ini" <<EOF2
[pool:m]
workers = 3
keep_alive = true
EOF2
start_cfg sub "$T/psd.ini"
ctl map --ordered m -- sh -c 'sleep 0.0$((9 - $1)); echo "x $1"; echo "y $1"' sh {} \
    ::: 1 2 3 4 5 6 > "$T/ordered" 2> "$T/sum"
is "$?" 0 "psctl map: exit 0 when all succeed"
is "$(tr '\n' ' ' < "$T/ordered")" "x 1 y 1 x 2 y 2 x 3 y 3 x 4 y 4 x 5 y 5 x 6 y 6 " \
    "--ordered: each job's block, in input order"
is "$(cat "$T/sum")" "map: 6 ok, 0 failed" "the summary line"
printf '1\n2\n7\n3\n9\n' | ctl map m -- sh -c '[ $1 -lt 5 ] || exit $1' sh > /dev/null 2> "$T/sum"
st=$?
ok "$([ $st = 7 ] || [ $st = 9 ]; echo $?)" "items from stdin; the first failure's status ($st)"
like "$(cat "$T/sum")" "^map: 3 ok, 2 failed \(m#[0-9]+, m#[0-9]+\)$" "the summary names the failed jobs"

# psctl map killed (TERM; a background job of sh ignores INT): what it
# submitted and did not start is cancelled, as on Ctrl-C
rm -f "$T/go"
"$PSCTL" -s "$T/sock" map m -- sh -c "while [ ! -e '$T/go' ]; do sleep 0.01; done" ::: 1 2 3 4 5 6 7 8 > /dev/null 2>&1 &
mapper=$!
queued_is() {
	[ "$(ctl --json status | json 'j["pools"][0]["queued"]')" = "$1" ]
}
wait_for queued_is 5
kill -TERM $mapper
wait $mapper
wait_for queued_is 0
ok $? "killing psctl map cancels its queued jobs"
touch "$T/go"
ctl --json status | json 'j["pools"][0]["cancelled"]' > "$T/c"
is "$(cat "$T/c")" 5 "5 cancelled, the 3 running finish"
ctl shutdown > /dev/null
wait_psd
done_testing
