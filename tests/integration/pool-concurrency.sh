#!/bin/sh
# Concurrency is exact: never more than `workers` jobs at once, counted
# from each job's own start and end records; and a reload that lowers
# workers takes effect without stopping the jobs that run: the queued
# ones then start one at a time.
. "$(dirname "$0")/../lib.sh"

cat > "$T/job" <<EOF2
#!/bin/sh
echo "+ \$(date +%s%N) \$1" >> "$T/log"
while [ ! -e "$T/go" ]; do sleep 0.01; done
echo "- \$(date +%s%N) \$1" >> "$T/log"
EOF2
chmod +x "$T/job"
conf() {	# conf WORKERS
	printf '[pool:c]\nworkers = %s\nkeep_alive = true\n' "$1" > "$T/psd.ini"
}
# max_at_once [AFTER]: the most jobs running at once (after time AFTER)
max_at_once() {
	python3 - "$T/log" "${1:-0}" <<'PY'
import sys
ev = sorted((int(t), s) for s, t, _ in (l.split() for l in open(sys.argv[1])))
after, n, most = int(sys.argv[2]), 0, 0
for t, s in ev:
    n += 1 if s == "+" else -1
    if t > after and s == "+":
        most = max(most, n)
print(most)
PY
}
started() {	# started N: N jobs have begun
	[ "$(grep -c '^+' "$T/log" 2>/dev/null)" = "$1" ]
}

conf 3
mode=sub
start_cfg $mode "$T/psd.ini"
rm -f "$T/log" "$T/go"
ctl map c -- "$T/job" {} ::: 1 2 3 4 5 6 7 8 9 10 11 12 > /dev/null 2>&1 &
mapper=$!
wait_for started 3
ok $? "3 workers: 3 jobs start"
ctl --json status | json '[(p["running"], p["queued"]) for p in j["pools"]]' > "$T/st"
is "$(cat "$T/st")" "[(3, 9)]" "3 run, 9 wait in the queue"
touch "$T/go"
wait "$mapper"
is "$?" 0 "map: all 12 done"
is "$(max_at_once)" 3 "never more than 3 at once (from the jobs' own records)"

# reload to 1 worker while 3 run
rm -f "$T/log" "$T/go"
ctl map c -- "$T/job" {} ::: a b c d e f > /dev/null 2>&1 &
mapper=$!
wait_for started 3
conf 1
ctl reload > /dev/null
mark=$(date +%s%N)
ok $? "reload to workers = 1"
is "$(grep -c '^-' "$T/log")" 0 "the running jobs were not stopped"
touch "$T/go"
wait "$mapper"
is "$?" 0 "every job ran"
is "$(max_at_once "$mark")" 1 "after the reload, jobs start only when none runs"
ctl shutdown > /dev/null
wait_psd
done_testing
