#!/bin/sh
# stdout/stderr = log carries every line of every program exactly once,
# in order per program and unbroken: 8 programs writing 100 000 numbered
# lines as fast as they can, some with very long lines (cut into 32 KiB
# pieces, never dropped), some without a newline at the end.  A program's
# last lines come out before psd says it exited, and a SIGTERM to psd in
# the middle of a stream loses nothing that was written before it.
. "$(dirname "$0")/../lib.sh"

command -v python3 >/dev/null || skip_all "python3 checks the lines"
CHECK="python3 $(dirname "$0")/../checklines.py"
GEN="$HELPERS/linegen"

of() {	# of FILE NAME: NAME's lines only (a fast filter for the checker)
	grep "^$2 *| " "$1"
}

# same FILE NAME STREAM GEN-ARGS...: NAME's lines in FILE, prefix taken
# off, are byte for byte what linegen GEN-ARGS writes on STREAM (1, 2),
# with lines over 32 KiB cut into 32 KiB pieces and a last newline added.
same() {
	_f=$1; _n=$2; _s=$3; shift 3
	if [ "$_s" = 1 ]; then
		"$GEN" "$@" 2>/dev/null | fold -b -w 32768 > "$T/want"
	else
		"$GEN" "$@" 2>&1 >/dev/null | fold -b -w 32768 > "$T/want"
	fi
	[ -n "$(tail -c 1 "$T/want")" ] && echo >> "$T/want"
	of "$_f" "$_n" | sed 's/^[^|]*| //' > "$T/got"
	cmp "$T/got" "$T/want" 2>&1 && echo ok
}
N=100000

cat > "$T/load.ini" <<EOF
[program:plain]
command = $GEN plain:%(instance)d $N
instances = 4
restart = never
[program:partial]
command = $GEN -p partial $N
restart = never
[program:long]
command = $GEN -l 1000 -L 100000 long $N
restart = never
[program:split]
command = $GEN -e split $N
restart = never
[program:longpartial]
command = $GEN -l 5000 -L 40000 -p longpartial $N
restart = never
EOF

for mode in $MODES; do
	run_psd $mode -c "$T/load.ini" --socket none
	is "$PSD_STATUS" 0 "$mode: every program ended well: psd exits 0"
	for i in 0 1 2 3; do
		is "$(same "$T/out" plain:$i 1 plain:$i $N)" ok \
		    "$mode: plain:$i: $N lines, once each, in order"
	done
	is "$(same "$T/out" partial 1 -p partial $N)" ok \
	    "$mode: a last line without newline is flushed at exit"
	is "$(same "$T/out" long 1 -l 1000 -L 100000 long $N)" ok \
	    "$mode: 100 KB lines arrive cut into 32 KiB pieces, nothing lost"
	is "$(same "$T/out" split 1 -e split $N)" ok \
	    "$mode: stdout lines of a program writing both streams"
	is "$(same "$T/err" split 2 -e split $N)" ok \
	    "$mode: its stderr lines go to psd's stderr, in order"
	is "$(same "$T/out" longpartial 1 -l 5000 -L 40000 -p longpartial $N)" ok \
	    "$mode: long lines and a partial last line together"
done

# A line of exactly 32 KiB, or of 100 + 32 668 bytes, whose newline comes
# in a later read: one line, no empty line after it; a real empty line
# after it stays.
cat > "$T/exact.ini" <<EOF
[program:exact]
command = python3 -c 'import os, time; os.write(1, b"b" * 32768); time.sleep(0.1); os.write(1, b"\\n4444\\n"); os.write(1, b"x" * 100); time.sleep(0.1); os.write(1, b"y" * 32668 + b"\\n\\nafter-empty\\n")'
restart = never
EOF
run_psd sub -c "$T/exact.ini" --socket none
is "$(sed 's/^exact | //' "$T/out" | awk '{ printf "%d ", length($0) }')" \
    "32768 4 32768 0 11 " \
    "a newline just after a cut ends the cut line; an empty line stays"

# The exit is reported after the program's last words.
cat > "$T/order.ini" <<EOF
[psd]
log_stream = stdout
[program:talker]
command = sh -c 'seq 1 5000; echo LAST-WORDS; exit 3'
restart = never
EOF
run_psd sub -c "$T/order.ini" --socket none
is "$PSD_STATUS" 3 "a failed non-daemon program's status is psd's"
words=$(grep -n 'LAST-WORDS' "$T/out" | cut -d: -f1)
exited=$(grep -n 'program talker: exit 3' "$T/out" | cut -d: -f1)
ok $([ -n "$words" ] && [ -n "$exited" ] && [ "$words" -lt "$exited" ] \
    && echo 0 || echo 1) "its last line (line $words) comes before 'exit 3' (line $exited)"
like "$(grep -c '^psd  *| ' "$T/out")" '^[1-9]' \
    "log_stream = stdout: psd's own lines are in the same stream"

# SIGTERM mid-stream: the writer goes on writing; what it wrote before
# the stop (at least its first 20 000 lines) all comes out, unbroken.
cat > "$T/term.ini" <<EOF
[program:stream]
command = sh -c '$GEN stream 20000 && touch "$T/written" && exec $GEN -s 20001 stream 100000000'
EOF
for mode in $MODES; do
	rm -f "$T/written"
	start_psd $mode -c "$T/term.ini" --socket none
	wait_for test -e "$T/written"
	kill -TERM "$PSD_PID"
	wait_psd
	is "$PSD_STATUS" 0 "$mode: SIGTERM mid-stream: psd stops cleanly"
	is "$(of "$T/out" stream | $CHECK --at-least - stream 20000)" ok \
	    "$mode: every line written before the stop came out, unbroken"
done
done_testing
