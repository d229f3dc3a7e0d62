#!/bin/sh
# Pools of one-shot jobs, verb by verb: submit prints POOL#ID, wait is
# AsyncResult.get, result shows the status and the captured output, run
# exits with the job's status, jobs lists them, cancel takes a job off
# the queue, close/join/terminate, psctl status shows the pool; bad
# input gets a one-line error and its own exit status.
. "$(dirname "$0")/../lib.sh"

cat > "$T/psd.ini" <<EOF2
[pool:p]
workers = 1
queue_max = 2
keep_alive = true
job_timeout = 1s
stop_timeout = 2s
environment = GREETING=hi
EOF2
mode=sub
start_cfg $mode "$T/psd.ini"

id=$(ctl submit p -- sh -c 'echo "$GREETING out"; echo err >&2; exit 3')
is "$id" "p#1" "submit prints the job's id"
ctl wait "$id" > "$T/w"
is "$?" 3 "wait exits with the job's status"
like "$(cat "$T/w")" "^p#1 failed exit 3" "wait prints how it ended"
ctl result p#1 > "$T/r" 2> "$T/re"
like "$(cat "$T/r")" "outcome: +exit 3" "result shows the outcome"
file_has "$T/r" "^hi out$"
ok $? "result has the captured stdout (with the pool's environment)"
file_has "$T/re" "^err$"
ok $? "result has the captured stderr on stderr"
file_has "$T/err" "^p#1 *| hi out$"
ok $? "the job's lines are in psd's log as p#1 |"

ctl run p -- sh -c 'echo ran; exit 5' > "$T/run"
is "$?" 5 "run exits with the job's status"
is "$(cat "$T/run")" "ran" "run prints the job's output"
ctl run p -- sh -c 'kill -KILL $$'
is "$?" 137 "run: a job killed by signal 9 exits 137"
ctl run p -- /nonexistent/cmd 2> "$T/e127"
is "$?" 127 "a job whose command does not exist fails with 127"
like "$(cat "$T/e127")" "No such file or directory" "and says why (errno)"
ctl --json result p#4 | json 'j["job"][0]["errno"]' > "$T/errno"
is "$(cat "$T/errno")" 2 "the errno (ENOENT) is in its result"
ctl run p -- sleep 30 2> "$T/to"
is "$?" 143 "job_timeout stops a job (stop_signal TERM: 143)"
like "$(cat "$T/to")" "timed out" "and says it timed out"

# the queue: one slot busy, queue_max 2
ctl submit p -- sh -c "while [ ! -e '$T/go' ]; do sleep 0.01; done" > /dev/null
ctl submit p -- true > "$T/q1"
ctl submit p -- true > "$T/q2"
ctl submit --no-wait p -- true 2> "$T/full"
is "$?" 7 "a full queue with --no-wait exits 7"
like "$(cat "$T/full")" "queue is full" "and says so"
ctl jobs p > "$T/jobs"
like "$(grep "$(cat "$T/q1")" "$T/jobs")" "queued" "jobs lists queued jobs"
ctl cancel "$(cat "$T/q1")" > "$T/c"
like "$(cat "$T/c")" "cancelled" "cancel takes a queued job off the queue"
ctl --json status | json '[(p["name"], p["queued"], p["running"]) for p in j["pools"]]' > "$T/st"
is "$(cat "$T/st")" "[('p', 1, 1)]" "status shows the pool's queued and running jobs"
touch "$T/go"
ctl wait "$(cat "$T/q2")" > /dev/null
is "$?" 0 "the queue goes on"

ctl submit nosuch -- true 2> "$T/e4"
is "$?" 4 "an unknown pool exits 4"
is "$(cat "$T/e4")" "psctl: no such pool: nosuch" "with one line"
ctl wait p#999 2> /dev/null
is "$?" 4 "an unknown job exits 4"
ctl submit p 2> /dev/null
is "$?" 2 "submit without a command is a usage error"

ctl submit p -- sleep 30 > "$T/long"
ctl submit p -- true > /dev/null
ctl terminate p > "$T/t"
like "$(cat "$T/t")" "1 running jobs stopped, 1 queued jobs dropped" "terminate says what it stopped and dropped"
ctl submit p -- true 2> "$T/closed"
is "$?" 6 "a closed pool refuses jobs: exit 6"
like "$(cat "$T/closed")" "is closed" "and says so"
ctl join p > "$T/j"
is "$?" 0 "join returns once the closed pool has drained"
ctl wait "$(cat "$T/long")" > /dev/null
is "$?" 143 "terminate stopped the running job (TERM)"
ctl shutdown > /dev/null
wait_psd
is "$PSD_STATUS" 0 "psd exits cleanly"
done_testing
