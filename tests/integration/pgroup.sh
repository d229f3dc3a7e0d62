#!/bin/sh
# -g forwards to the main program's process group, reaching a whole
# pipeline; without -g only the main process gets the signal.
. "$(dirname "$0")/../lib.sh"

REC=$HELPERS/sigrecord
pipeline="$REC $T/a --ready $T/ra --exit-on USR1 --exit-on TERM &
$REC $T/b --ready $T/rb --exit-on USR1 --exit-on TERM &
wait"
for mode in $MODES; do
	for g in -g ""; do
		rm -f "$T/a" "$T/b" "$T/ra" "$T/rb"
		start_psd $mode $g -- sh -c "$pipeline"
		wait_for test -e "$T/ra" -a -e "$T/rb"
		kill -USR1 "$PSD_PID"
		if [ "$g" = -g ]; then
			wait_for file_has "$T/b" '^USR1$'
			wait_psd
			is "$(grep -c '^USR1$' "$T/a" "$T/b" | tr '\n' ' ')" \
			    "$T/a:1 $T/b:1 " "$mode: -g: both members of the pipeline got USR1"
		else
			wait_psd
			is "$(grep -c '^USR1$' "$T/a" "$T/b" | tr '\n' ' ')" \
			    "$T/a:0 $T/b:0 " "$mode: no -g: only the shell got USR1"
			is "$(cat "$T/a" "$T/b" | grep -c '^TERM$')" 2 \
			    "$mode: no -g: the pipeline left behind was drained with TERM"
		fi
	done
done
done_testing
