#!/bin/sh
# The one-command form, psd --jobs 4 --map -- CMD {} < items, side by
# side with xargs -P 4 -I {} on the same input: the same set of output
# lines (psd prefixes them MAP#ID |), the same exit status for each kind
# of failure, and a summary line.  And psctl map: a block per job, in
# input order with --ordered, the first failure's status and a summary.
. "$(dirname "$0")/../lib.sh"

command -v xargs > /dev/null || skip_all "xargs is not installed"
seq 1 40 > "$T/items"
# item -> its output lines, and a failure kind for some items
cat > "$T/work" <<'EOF2'
#!/bin/sh
echo "item $1 a"
echo "item $1 b"
case "$1:$KIND" in
	13:fail) exit 3 ;;
	13:255) exit 255 ;;
	13:signal) kill -KILL $$ ;;
esac
exit 0
EOF2
chmod +x "$T/work"
for kind in ok fail 255 signal; do
	KIND=$kind xargs -P 4 -I {} "$T/work" {} < "$T/items" > "$T/x.out" 2> /dev/null
	xs=$?
	PSD_STDIN="$T/items" KIND=$kind run_psd sub --jobs 4 --map -- "$T/work" {}
	is "$PSD_STATUS" "$xs" "$kind: psd exits as xargs does ($xs)"
	sed 's/^map#[0-9]* *| //' "$T/out" | sort > "$T/p.sorted"
	sort "$T/x.out" > "$T/x.sorted"
	case $kind in
	ok|fail)
		ok "$(cmp -s "$T/p.sorted" "$T/x.sorted"; echo $?)" \
		    "$kind: the same output lines as xargs ($(lines "$T/x.sorted"))" ;;
	*)	# xargs stops starting commands after a 255 or a signal (how
		# many it started depends on timing); psd runs every item.
		ok "$(comm -23 "$T/x.sorted" "$T/p.sorted" | grep -q .; [ $? = 1 ]; echo $?)" \
		    "$kind: every line xargs printed, psd printed too"
		is "$(lines "$T/p.sorted")" 80 "$kind: psd ran every item" ;;
	esac
done
like "$(tail -n 1 "$T/err")" "^psd: map: 39 ok, 1 failed \(map#13\)$" "a summary names the failed job"
printf 'a\nb\n' > "$T/two"
PSD_STDIN="$T/two" run_psd sub --jobs 2 --map -- /nonexistent/cmd {}
xargs -P 2 -I {} /nonexistent/cmd {} < "$T/two" 2> /dev/null
is "$PSD_STATUS" "$?" "a missing command: the same status as xargs (127)"
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
