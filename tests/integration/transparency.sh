#!/bin/sh
# The main program starts with what psd inherited: ignored signals (a
# shell's & ignores INT and QUIT), the blocked mask, the fds >= 3 psd was
# given, and socket activation's LISTEN_PID rewritten to the child.  psd's
# own fds never leak.
. "$(dirname "$0")/../lib.sh"

ign=$(wrapper ign "trap '' INT QUIT USR2")
blk=$(wrapper blk "exec python3 -c 'import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1, signal.SIGRTMIN})
os.execvp(sys.argv[1], sys.argv[1:])' \"\$@\"")
echo data > "$T/file"
fds=$(wrapper fds "exec 5<\"$T/file\" 7<\"$T/file\"")
act=$(wrapper act "exec 3<\"$T/file\"; export LISTEN_FDS=1 LISTEN_PID=\$\$")

want_ign=$($ign grep SigIgn /proc/self/status)
want_blk=$($blk grep SigBlk /proc/self/status)
for mode in $MODES; do
	PSD_WRAP=$ign run_psd $mode -- grep SigIgn /proc/self/status
	is "$(cat "$T/out")" "$want_ign" "$mode: inherited ignored signals reach the child"
	run_psd $mode -- grep SigIgn /proc/self/status
	is "$(cat "$T/out")" "SigIgn:	0000000000000000" \
	    "$mode: and nothing psd ignores itself (TTIN, TTOU) leaks"
	PSD_WRAP=$blk run_psd $mode -- grep SigBlk /proc/self/status
	is "$(cat "$T/out")" "$want_blk" "$mode: the inherited blocked mask reaches the child"
	run_psd $mode -- grep SigBlk /proc/self/status
	is "$(cat "$T/out")" "SigBlk:	0000000000000000" "$mode: psd's own mask does not"

	PSD_WRAP=$fds run_psd $mode -- "$HELPERS/fdlist"
	is "$(cat "$T/out" | tr '\n' ' ')" "5 $T/file 7 $T/file " \
	    "$mode: inherited fds 5 and 7 pass; none of psd's own"

	PSD_WRAP=$act run_psd $mode -- sh -c 'echo "$LISTEN_PID $$ $LISTEN_FDS"; readlink /proc/self/fd/3'
	set -- $(head -n 1 "$T/out")
	is "$1" "$2" "$mode: LISTEN_PID is rewritten to the child's pid"
	is "$3" 1 "$mode: LISTEN_FDS is kept"
	is "$(sed -n 2p "$T/out")" "$T/file" "$mode: the activated fd 3 reaches the child"
done
done_testing
