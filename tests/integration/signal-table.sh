#!/bin/sh
# Every signal from 1 to 64 that psd receives reaches the main program
# (KILL and STOP cannot be caught, CHLD is psd's own, the job-control
# stops have their own test: jobctl.sh), fault signals and glibc's 32 and
# 33 included; and -r FROM:TO rewrites every FROM, in both directions
# between the standard and the real-time signals.
. "$(dirname "$0")/../lib.sh"

REC=$HELPERS/sigrecord
has_child() { [ -n "$(child_of "$PSD_PID")" ]; }
sleeping() { [ "$(cat "/proc/$(child_of "$PSD_PID")/comm" 2>/dev/null)" = sleep ]; }
# The name sigrecord writes: the shell's for 1-31, RTMIN+N above.
name() {
	if [ "$1" -eq 16 ]; then echo STKFLT	# dash does not know it
	elif [ "$1" -eq 34 ]; then echo RTMIN
	elif [ "$1" -gt 34 ]; then echo "RTMIN+$(($1 - 34))"
	else kill -l "$1"; fi
}

# send_each FILE SIG:WANT...: send each SIG to psd, wait for WANT's line.
send_each() {
	_f=$1; shift
	_miss=
	for _p in "$@"; do
		_s=${_p%%:*}; _w=$(name "${_p#*:}")
		kill -"$_s" "$PSD_PID" || { _miss="$_miss $_s(kill)"; continue; }
		wait_for grep -qxF "$_w" "$_f" >&2 || _miss="$_miss $_s"
	done
	echo "${_miss# }"
}

plain=
for s in $(seq 1 64); do
	case $s in 9|15|17|18|19|20|21|22|32|33) continue ;; esac
	plain="$plain $s:$s"
done
# FROM 1..31 to 34..64 (32 and 33 to USR1 and USR2, taken from nothing else).
up= ; down=
for s in $(seq 1 31); do
	case $s in 9|17|19) continue ;; esac
	up="$up -r $s:$((s + 33))"
done
up="$up -r 32:10 -r 33:12"
# FROM 34..64 back to 1..31 (not to KILL or STOP; 48 -> TERM ends it).
for s in $(seq 34 64); do
	case $((s - 33)) in 9|19) continue ;; esac
	down="$down -r $s:$((s - 33))"
done

for mode in $MODES; do
	rm -f "$T/sigs" "$T/ready"
	start_psd $mode -- "$REC" "$T/sigs" --ready "$T/ready" --exit-on TERM
	wait_for test -e "$T/ready"
	ok $? "$mode: recorder ready"
	is "$(send_each "$T/sigs" $plain 18:18)" "" \
	    "$mode: signals 1-64 (but KILL STOP CHLD TERM TSTP TTIN TTOU 32 33) forwarded as themselves"
	kill -TERM "$PSD_PID"
	wait_psd
	is "$PSD_STATUS" 0 "$mode: TERM last: the recorder exits 0, so does psd"

	# glibc keeps 32 and 33 (no handler can catch them): they kill the
	# child, and psd, still there, reports it.  (make ignores them, and
	# an ignored signal stays ignored across exec: the child resets them
	# with the raw x86-64 rt_sigaction, which glibc's sigaction refuses.)
	if [ "$(uname -m)" = x86_64 ]; then
		for s in 32 33; do
			start_psd $mode -- python3 -c 'import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
dfl = (ctypes.c_ulong * 4)(0, 0, 0, 0)
for s in (32, 33):
    libc.syscall(13, s, dfl, None, 8)
os.execvp("sleep", ["sleep", "100"])'
			wait_for sleeping
			kill -$s "$PSD_PID"
			wait_psd
			is "$PSD_STATUS" $((128 + s)) "$mode: signal $s forwarded: the child dies of it, psd exits $((128 + s))"
		done
	fi

	rm -f "$T/sigs" "$T/ready"
	# shellcheck disable=SC2086
	start_psd $mode $up -- "$REC" "$T/sigs" --ready "$T/ready" --exit-on RTMAX
	wait_for test -e "$T/ready"
	pairs=
	for s in $(seq 1 30); do
		case $s in 9|17|19) continue ;; esac
		pairs="$pairs $s:$((s + 33))"
	done
	is "$(send_each "$T/sigs" $pairs 32:10 33:12)" "" \
	    "$mode: -r FROM:TO rewrites every FROM 1-33 (faults, TTIN, TTOU, 32, 33 too)"
	kill -SYS "$PSD_PID"
	wait_psd
	is "$PSD_STATUS" 0 "$mode: -r SYS:RTMAX: the recorder exits on RTMAX"
	is "$(grep -c -x -e HUP -e ILL -e SEGV -e TTIN -e TSTP -e SYS "$T/sigs")" 0 \
	    "$mode: no rewritten signal arrived as itself"

	rm -f "$T/sigs" "$T/ready"
	# shellcheck disable=SC2086
	start_psd $mode $down -- "$REC" "$T/sigs" --ready "$T/ready" --exit-on TERM
	wait_for test -e "$T/ready"
	pairs=
	for s in $(seq 34 64); do
		case $((s - 33)) in 9|15|19) continue ;; esac
		pairs="$pairs $s:$((s - 33))"
	done
	is "$(send_each "$T/sigs" $pairs)" "" \
	    "$mode: -r FROM:TO rewrites every real-time FROM 34-64"
	kill -48 "$PSD_PID"
	wait_psd
	is "$PSD_STATUS" 0 "$mode: -r 48:TERM: the recorder exits on TERM"
done

# What cannot be caught cannot be rewritten: refused at start-up.
for bad in KILL:TERM STOP:TERM 9:0 19:1; do
	run_psd sub -r "$bad" -- true
	is "$PSD_STATUS" 2 "-r $bad refused (exit 2)"
	like "$(cat "$T/err")" "cannot be rewritten" "-r $bad: says why"
done
done_testing
