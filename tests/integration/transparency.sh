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

# What a child gets without psd in between is what it must get with psd,
# except glibc's own 32 and 33 (SIGCANCEL, SIGSETXID): a child starts
# with them at default and unblocked whatever psd inherited, as under
# tini and dumb-init (tests/integration/child-sigstate.sh).
no_glibc_rt() {	# no_glibc_rt "SigIgn:<TAB>HEX"
	printf '%s\t%016x\n' "${1%%	*}" $(( 0x${1##*	} & ~0x180000000 ))
}
want_ign=$(no_glibc_rt "$($ign grep SigIgn /proc/self/status)")
want_blk=$(no_glibc_rt "$($blk grep SigBlk /proc/self/status)")
# (psd runs in the background here, so the baselines do too: a shell
# ignores INT and QUIT for its background jobs.)
base_ign=$(no_glibc_rt "$(grep SigIgn /proc/self/status & wait)")
base_blk=$(no_glibc_rt "$(grep SigBlk /proc/self/status & wait)")
base_fds=$($fds "$HELPERS/fdlist" | tr '\n' ' ')
for mode in $MODES; do
	PSD_WRAP=$ign run_psd $mode -- grep SigIgn /proc/self/status
	is "$(cat "$T/out")" "$want_ign" "$mode: inherited ignored signals reach the child"
	run_psd $mode -- grep SigIgn /proc/self/status
	is "$(cat "$T/out")" "$base_ign" \
	    "$mode: and nothing psd ignores itself (TTIN, TTOU) leaks"
	PSD_WRAP=$blk run_psd $mode -- grep SigBlk /proc/self/status
	is "$(cat "$T/out")" "$want_blk" "$mode: the inherited blocked mask reaches the child"
	run_psd $mode -- grep SigBlk /proc/self/status
	is "$(cat "$T/out")" "$base_blk" "$mode: psd's own mask does not"

	PSD_WRAP=$fds run_psd $mode -- "$HELPERS/fdlist"
	is "$(cat "$T/out" | tr '\n' ' ')" "$base_fds" \
	    "$mode: inherited fds (5 and 7 here) pass; none of psd's own"
	like "$base_fds" "5 $T/file 7 $T/file" "$mode: (the baseline has 5 and 7)"

	PSD_WRAP=$act run_psd $mode -- sh -c 'echo "$LISTEN_PID $$ $LISTEN_FDS"; readlink /proc/self/fd/3'
	set -- $(head -n 1 "$T/out")
	is "$1" "$2" "$mode: LISTEN_PID is rewritten to the child's pid"
	is "$3" 1 "$mode: LISTEN_FDS is kept"
	is "$(sed -n 2p "$T/out")" "$T/file" "$mode: the activated fd 3 reaches the child"
done
done_testing
