#!/bin/sh
# The child's exit code passes through; death by signal N gives 128+N;
# -e CODE turns CODE into 0.  As PID 1 and as a subreaper.
. "$(dirname "$0")/../lib.sh"

# All 256 codes, 16 psds at a time.  Each run has its own watchdog: a
# budget bounds a hang of that run, never how fast the machine gets
# through all 256 (one budget for the lot fired under load).  A run the
# watchdog had to kill is reported as such, not as a wrong status.
all_codes() {
	mode=$1 bad=""
	for base in $(seq 0 16 255); do
		runs=""
		for code in $(seq $base $((base + 15))); do
			if [ $mode = ns ]; then
				unshare --fork --pid --mount-proc --kill-child -- \
				    "$PSD" -- sh -c "exit $code" &
			else
				"$PSD" -- sh -c "exit $code" &
			fi
			pid=$!
			watchdog "$T/late.$code" $pid
			runs="$runs $pid:$WATCHDOG:$code"
		done
		for run in $runs; do
			pid=${run%%:*} code=${run##*:} watch=${run#*:}
			watch=${watch%%:*}
			wait "$pid"
			st=$?
			unwatch "$watch"
			[ -e "$T/late.$code" ] && st=timeout
			[ "$st" = "$code" ] || bad="$bad $code:$st"
		done
	done
	echo "$bad"
}

for mode in $MODES; do
	is "$(all_codes $mode)" "" "$mode: every exit code 0-255 passes through"

	# The child resets the signal first: a test run in the background
	# inherits INT and QUIT ignored, and psd passes that on (as it must).
	for sig in TERM HUP INT KILL RTMIN+1; do
		run_psd $mode -- python3 -c "import os, signal
s = getattr(signal, 'SIG$sig'.replace('SIGRTMIN+1', 'SIGRTMIN'))
s = s + 1 if '$sig' == 'RTMIN+1' else s
if s != signal.SIGKILL: signal.signal(s, signal.SIG_DFL)
os.kill(os.getpid(), s)"
		num=$(python3 -c "import signal; print(signal.SIGRTMIN + 1 if '$sig' == 'RTMIN+1' else signal.SIG$sig)")
		is "$PSD_STATUS" "$((128 + num))" "$mode: killed by $sig gives 128+$num"
	done

	run_psd $mode -e 3 -e 143 -- sh -c 'exit 3'
	is "$PSD_STATUS" 0 "$mode: -e 3 remaps exit 3 to 0"
	run_psd $mode -e 143 -- sh -c 'kill -TERM $$'
	is "$PSD_STATUS" 0 "$mode: -e 143 remaps death by TERM to 0"
	run_psd $mode -e 3 -- sh -c 'exit 4'
	is "$PSD_STATUS" 4 "$mode: -e 3 leaves exit 4 alone"
done
done_testing
