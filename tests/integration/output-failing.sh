#!/bin/sh
# psd's stdout fails under it: a full disk (/dev/full: ENOSPC) or a reader
# that went away (a pipe into `head -n 1`: EPIPE).  psd keeps supervising
# and answering, says once on stderr that it drops that output, counts
# what it drops (psctl stats, and psd-http's psd_log_dropped_*_total), and
# still shuts down at once with its usual status.
. "$(dirname "$0")/../lib.sh"

N=500
cat > "$T/psd.ini" <<EOF2
[program:chatty]
command = sh -c 'seq 1 $N; exec sleep 600'
EOF2

stat_of() {	# stat_of KEY: one counter of psctl stats
	ctl --json stats | json "j[\"$1\"]"
}
dropped_at_least() {	# dropped_at_least N
	[ "$(stat_of output_dropped_lines)" -ge "$1" ]
}
ran() {		# ran PROGRAM: it got as far as its sleep
	[ "$(state_of "$1")" = RUNNING ]
}
stop_psd() {	# stop_psd MODE WHAT: shutdown, psd exits 0 at once
	ctl shutdown >/dev/null 2>&1
	wait_psd
	is "$PSD_STATUS" 0 "$1: $2: psd shuts down at once, exit status 0"
}

HTTPD="$TOOLS/psd-http"
for mode in $MODES; do
	# ENOSPC: every write of stdout fails; stderr still works.
	PSD_STDOUT=/dev/full start_cfg "$mode" "$T/psd.ini"
	ok $? "$mode: psd starts with its stdout on /dev/full"
	wait_for dropped_at_least $N
	ok $? "$mode: ENOSPC: psctl stats counts the $N dropped lines"
	ok "$(ctl ping >/dev/null 2>&1; echo $?)" "$mode: ENOSPC: psd answers psctl"
	wait_for ran chatty
	ok $? "$mode: ENOSPC: the program runs on"
	file_has "$T/err" "cannot write to its stdout: No space left on device"
	ok $? "$mode: ENOSPC: psd says so on stderr"
	is "$(grep -c 'cannot write to its stdout' "$T/err")" 1 \
	    "$mode: ENOSPC: and says it once"
	bytes=$(stat_of output_dropped_bytes)
	ok $([ "$bytes" -ge $((N * 10)) ] && echo 0 || echo 1) \
	    "$mode: ENOSPC: dropped bytes counted ($bytes)"
	if [ -x "$HTTPD" ] && command -v curl >/dev/null; then
		port=$(free_port)
		"$HTTPD" --listen "127.0.0.1:$port" -s "$T/sock" \
		    > "$T/http.out" 2>&1 &
		hpid=$!
		own_pid $hpid
		wait_for curl -sf -o "$T/metrics" "http://127.0.0.1:$port/metrics"
		got=$(awk '/^psd_log_dropped_lines_total /{print $2}' "$T/metrics")
		ok $([ "${got:-0}" -ge $N ] && echo 0 || echo 1) \
		    "$mode: ENOSPC: psd-http exports psd_log_dropped_lines_total ($got)"
		kill $hpid 2>/dev/null; wait $hpid 2>/dev/null
	else
		echo "ok - # SKIP psd-http or curl is missing"
		tap_n=$((tap_n + 1))
	fi
	stop_psd "$mode" ENOSPC

	# EPIPE: the only reader of psd's stdout reads one line and exits.
	rm -f "$T/fifo" "$T/first"
	mkfifo "$T/fifo"
	head -n 1 < "$T/fifo" > "$T/first" &
	hpid=$!
	PSD_STDOUT="$T/fifo" start_cfg "$mode" "$T/psd.ini"
	ok $? "$mode: psd starts with its stdout on a pipe"
	wait "$hpid"
	like "$(cat "$T/first")" "chatty" "$mode: EPIPE: the reader got a line"
	wait_for ran chatty
	ok $? "$mode: EPIPE: the program runs on"
	ok "$(ctl ping >/dev/null 2>&1; echo $?)" "$mode: EPIPE: psd answers psctl"
	# The first run's lines fit in the pipe before the reader left; the
	# second run's meet a pipe with no reader.
	ctl restart chatty >/dev/null 2>&1
	wait_for dropped_at_least $N
	ok $? "$mode: EPIPE: psctl stats counts the lines nobody can read"
	wait_for ran chatty
	ok $? "$mode: EPIPE: the restarted program runs on"
	stop_psd "$mode" EPIPE
done
done_testing
