#!/bin/sh
# A reader of psd's stdout that stops reading (a stuck `docker logs`) does
# not stop psd: it keeps its buffer bounded, slows the chatty program
# down (its pipe is left full) instead of losing lines, holds the restarts
# of a program that exits at once, keeps reaping orphans and answering
# psctl; once the reader reads again, every line arrives.
. "$(dirname "$0")/../lib.sh"

GEN="$HELPERS/linegen"
N=300000
cat > "$T/psd.ini" <<EOF
[program:chatty]
command = $GEN chatty $N
restart = never
[program:orphans]
command = $TOOLS/psd-orphans --count 20 --linger 0s
autostart = false
restart = never
stdout = null
stderr = null
[program:idle]
command = sleep 600
[program:looper]
command = sh -c 'seq 1 1000; exit 1'
restart = always
restart_delay = 0
start_retries = infinite
daemon = true
EOF

json_stat() {
	ctl --json stats | json "j[\"$1\"]"
}
congested() {
	[ "$(json_stat output_buffered)" -ge 1048576 ]
}
orphans_reaped() {
	[ "$(json_stat orphans_reaped)" -ge 20 ]
}
has_fifo_open() {	# has_fifo_open PID
	ls -l "/proc/$1/fd" 2>/dev/null | grep -q "$T/fifo"
}

mkfifo "$T/fifo"
exec 7<>"$T/fifo"		# a reader that reads nothing (yet)
"$PSD" -c "$T/psd.ini" --socket "$T/sock" > "$T/fifo" 2> "$T/err" &
PSD_PID=$!
WRAP_PID=$PSD_PID
echo "$PSD_PID" >> "$T/.pids"
wait_for ctl_ping
ok $? "psd answers while nobody reads its stdout"
wait_for congested
ok $? "its output buffer fills up to the bound (1 MiB)"
buffered=$(json_stat output_buffered)
ok $([ "$buffered" -lt 2097152 ] && echo 0 || echo 1) \
    "and stays bounded ($buffered bytes buffered)"
like "$(state_of chatty)" "^(STARTING|RUNNING)$" \
    "the chatty program is held back (it would be done in a moment)"

held() {
	ctl status looper | grep -q "restart held: psd's output is not being read"
}
wait_for held
ok $? "a program that restarts at once is held until psd's output flows"
buffered=$(json_stat output_buffered)
ok $([ "$buffered" -lt 4194304 ] && echo 0 || echo 1) \
    "so psd's buffer stays bounded ($buffered bytes)"

ctl start orphans >/dev/null
wait_for orphans_reaped
ok $? "psd still reaps: 20 orphans made and reaped while stdout is stuck"
is "$(json_stat zombies)" 0 "no zombie is left"
like "$(ctl status idle)" "idle +(STARTING|RUNNING) " "psctl status answers"

# Read again: everything comes.
cat "$T/fifo" > "$T/out" 7<&- &
cat_pid=$!
wait_for has_fifo_open $cat_pid
exec 7<&-
wait_for state_is chatty EXITED
ok $? "once read again, the chatty program runs to its end"
ctl shutdown >/dev/null
wait_psd
is "$PSD_STATUS" 0 "psd exits 0"
wait $cat_pid
is "$(grep -c '^chatty *| ' "$T/out")" $N "all $N lines arrived"
gap=$(grep '^chatty *| ' "$T/out" | awk '{ if ($4 != NR) { print NR; exit } }')
is "$gap" "" "in order, none broken or missing"
done_testing
