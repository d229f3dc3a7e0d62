#!/bin/sh
# When the main program exits, psd does not leave the rest to the kernel:
# a grandchild that traps TERM gets it and finishes its handler before psd
# exits; one that ignores TERM is killed after --grace.
. "$(dirname "$0")/../lib.sh"

cat > "$T/trapper" <<EOT
trap 'echo got >>"$T/log"; sleep 0.2; echo done >>"$T/log"; exit 0' TERM
echo up >"$T/up"
sleep 1000 & wait
EOT
cat > "$T/ignorer" <<EOT
trap '' TERM
echo up >"$T/up"
while :; do sleep 1; done
EOT
main='sh "$1" & while [ ! -e "$2" ]; do sleep 0.01; done; exit $3'
for mode in $MODES; do
	rm -f "$T/log" "$T/up"
	run_psd $mode -- sh -c "$main" main "$T/trapper" "$T/up" 7
	is "$PSD_STATUS" 7 "$mode: psd exits with the main program's status"
	is "$(cat "$T/log" 2>/dev/null | tr '\n' ' ')" "got done " \
	    "$mode: the grandchild got TERM and finished its handler before psd exited"

	rm -f "$T/up"
	start=$(date +%s%N)
	run_psd $mode --grace 300ms -- sh -c "$main" main "$T/ignorer" "$T/up" 0
	end=$(date +%s%N)
	is "$PSD_STATUS" 0 "$mode: a grandchild ignoring TERM does not change the status"
	ms=$(( (end - start) / 1000000 ))
	ok $([ $ms -ge 300 ] && echo 0 || echo 1) "$mode: psd waited out the grace period before SIGKILL ($ms ms)"
	is "$(pgrep -f "$T/ignorer" | wc -l)" 0 "$mode: the TERM-ignoring grandchild is gone"
done
done_testing
