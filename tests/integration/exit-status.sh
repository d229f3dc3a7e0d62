#!/bin/sh
# The child's exit code passes through; death by signal N gives 128+N;
# -e CODE turns CODE into 0.  As PID 1 and as a subreaper.
. "$(dirname "$0")/../lib.sh"

for mode in $MODES; do
	bad=""
	for code in $(seq 0 255); do
		run_psd $mode -- sh -c "exit $code"
		[ "$PSD_STATUS" = "$code" ] || bad="$bad $code:$PSD_STATUS"
	done
	is "$bad" "" "$mode: every exit code 0-255 passes through"

	for sig in TERM HUP INT KILL 35; do
		run_psd $mode -- sh -c "kill -$sig \$\$"
		num=$(kill -l "$sig" 2>/dev/null || echo "$sig")
		case $sig in [0-9]*) num=$sig ;; esac
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
