#!/bin/sh
# The child's exit code passes through; death by signal N gives 128+N;
# -e CODE turns CODE into 0.  As PID 1 and as a subreaper.
. "$(dirname "$0")/../lib.sh"

# All 256 codes, 32 psds at a time; one watchdog for the lot.
all_codes() {
	mode=$1 bad=""
	: > "$T/batch"
	( sleep "$TEST_TIMEOUT"; kill -KILL $(cat "$T/batch") ) \
	    >/dev/null 2>&1 &
	watch=$!
	for base in $(seq 0 32 255); do
		pids=""
		for code in $(seq $base $((base + 31))); do
			if [ $mode = ns ]; then
				unshare --fork --pid --mount-proc -- "$PSD" -- \
				    sh -c "exit $code" &
			else
				"$PSD" -- sh -c "exit $code" &
			fi
			pids="$pids $!:$code"
			echo "$!" >> "$T/batch"
		done
		for pc in $pids; do
			wait "${pc%:*}"
			st=$?
			[ "$st" = "${pc#*:}" ] || bad="$bad ${pc#*:}:$st"
		done
		: > "$T/batch"
	done
	kill $watch 2>/dev/null
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
