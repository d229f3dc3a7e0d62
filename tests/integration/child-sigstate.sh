#!/bin/sh
# A program starts with every signal at SIG_DFL and none blocked, even
# when psd itself was started with glibc's own 32 and 33 ignored and
# blocked (make ignores them; glibc's sigaction and sigprocmask cannot
# undo that, so psd resets them with the raw system calls in the child):
# psd -- CMD, a config's program, and psd as tini and dumb-init, each as
# PID 1 and as a subreaper.  What else psd inherited ignored or blocked
# stays so for a transparent CMD (as tini keeps it), goes for a config's
# program, and for dumb-init's CMD 1-31 are reset and nothing is blocked
# (as dumb-init does): checked beside the real tini and dumb-init.
. "$(dirname "$0")/../lib.sh"

[ "$(uname -m)" = x86_64 ] || skip_all "raw rt_sigaction numbers are x86-64's"
python3 -c 'import ctypes' 2>/dev/null || skip_all "python3 ctypes needed"

mkdir "$T/bin"
for n in tini dumb-init; do ln -s "$PSD" "$T/bin/$n"; done

# $T/dirty IGN BLK CMD...: exec CMD with signals IGN ignored and BLK
# blocked (comma lists; 32 and 33 by the raw system calls).
cat > "$T/dirty" <<'PY'
#!/usr/bin/env python3
import ctypes, os, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)	# python ignores these two
signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
signal.signal(signal.SIGINT, signal.SIG_DFL)	# sh ignores them in a job
signal.signal(signal.SIGQUIT, signal.SIG_DFL)
libc = ctypes.CDLL(None, use_errno=True)
ign = (ctypes.c_ulong * 4)(1, 0, 0, 0)		# SIG_IGN
for s in sys.argv[1].split(","):
    if libc.syscall(13, int(s), ign, None, 8) != 0:
        sys.exit("rt_sigaction %s failed" % s)
mask = 0
for s in sys.argv[2].split(","):
    mask |= 1 << (int(s) - 1)
m = ctypes.c_ulong(mask)
if libc.syscall(14, 0, ctypes.byref(m), None, 8) != 0:
    sys.exit("rt_sigprocmask failed")
os.execvp(sys.argv[3], sys.argv[3:])
PY
chmod +x "$T/dirty"

# $T/report [FILE]: the child's "SigIgn SigBlk" in hex, on stdout or in FILE.
cat > "$T/report" <<'SH'
#!/bin/sh
# (exec: dash clears the mask of a child it forks)
set -- "${1:-/dev/stdout}" '/^SigIgn|^SigBlk/ { v[$1] = $2 } END { print v["SigIgn:"], v["SigBlk:"] }'
exec awk "$2" /proc/self/status > "$1"
SH
chmod +x "$T/report"
ZERO="0000000000000000 0000000000000000"

# run_as NAME MODE IGN BLK ARGS...: psd (or its link NAME) under the
# dirty wrapper; prints the child's report.
run_as() {
	_name=$1; _m=$2; _ign=$3; _blk=$4; shift 4
	_psd=$PSD
	[ "$_name" = psd ] || PSD=$T/bin/$_name
	rm -f "$T/st"
	PSD_WRAP="$T/dirty $_ign $_blk" run_psd "$_m" "$@"
	PSD=$_psd
	if [ -s "$T/st" ]; then cat "$T/st"
	else grep -E '^[0-9a-f]{16} [0-9a-f]{16}$' "$T/out"; fi
}

printf '[program:report]\ncommand = %s %s\nrestart = never\n' \
    "$T/report" "$T/st" > "$T/a.ini"

for mode in $MODES; do
	is "$(run_as psd $mode 32,33 32,33 -- "$T/report")" "$ZERO" \
	    "$mode: psd -- CMD: 32 and 33 back to SIG_DFL, unblocked"
	is "$(run_as psd $mode 32,33,1,40 32,33,10,46 -c "$T/a.ini" --socket "$T/sock")" "$ZERO" \
	    "$mode: a config's program: everything SIG_DFL, nothing blocked"
	is "$(run_as tini $mode 32,33 32,33 -s -- "$T/report")" "$ZERO" \
	    "$mode: psd as tini: 32 and 33 back to SIG_DFL, unblocked"
	is "$(run_as dumb-init $mode 32,33 32,33 "$T/report")" "$ZERO" \
	    "$mode: psd as dumb-init: 32 and 33 back to SIG_DFL, unblocked"
	is "$(run_as dumb-init $mode 32,33 32,33 -c "$T/report")" "$ZERO" \
	    "$mode: psd as dumb-init -c: 32 and 33 back to SIG_DFL, unblocked"
done

# Beside the real peers, with HUP and 40 ignored, USR1 and 46 blocked
# (32 and 33 left out of the comparison: the peers pass them on).
peer() {	# peer CMD...: the real peer's child's report, 32/33 cleared
	set -- $("$T/dirty" 32,33,1,40 32,33,10,46 "$@" "$T/report" 2>/dev/null)
	printf '%016x %016x\n' $((0x$1 & ~0x180000000)) $((0x$2 & ~0x180000000))
}
for p in "tini -s --" "dumb-init" "dumb-init -c"; do
	set -- $p
	command -v "$1" > /dev/null || continue
	want=$(peer "$@")
	name=$1; shift
	is "$(run_as "$name" sub 32,33,1,40 32,33,10,46 "$@" "$T/report")" "$want" \
	    "psd as $p: the child's signals as the real $name's, but 32 and 33"
done
is "$(run_as tini sub 32,33,1,40 32,33,10,46 -s -- "$T/report")" \
    "0000008000000001 0000200000000200" \
    "psd as tini: HUP and 40 stay ignored, USR1 and 46 blocked"
is "$(run_as dumb-init sub 32,33,1,40 32,33,10,46 "$T/report")" \
    "0000008000000000 0000000000000000" \
    "psd as dumb-init: 40 stays ignored; 1-31 reset, nothing blocked"
done_testing
