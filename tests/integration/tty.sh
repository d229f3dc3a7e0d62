#!/bin/sh
# With a terminal on stdin, the main program is the terminal's foreground
# process group: Ctrl-C reaches it (130), and an interactive shell under
# psd has working job control (`docker run -it image bash`).
. "$(dirname "$0")/../lib.sh"

command -v python3 >/dev/null || skip_all "python3 is needed to drive a pty"
PTY="python3 $(dirname "$0")/../ptydrive.py"

cat > "$T/ctrlc" <<'EOS'
expect READY-1
send \x03
EOS
cat > "$T/bash" <<'EOS'
expect PROMPT>
send sh -c 'echo JOB-$((6*7))-UP; exec sleep 100'\n
expect JOB-42-UP
send \x03
expect PROMPT>
send echo still-$((40 + 3))\n
expect still-43
send exit 0\n
EOS
for mode in $MODES; do
	if [ $mode = ns ]; then wrap="unshare --fork --pid --mount-proc --kill-child --"; else wrap=""; fi
	r=$($PTY "$T/ctrlc" -- $wrap "$PSD" -- sh -c 'echo READY-$((0+1)); exec sleep 100' 2>"$T/log")
	is "$r" "EXIT 130" "$mode: Ctrl-C on the terminal kills the foreground child: 130"

	r=$($PTY "$T/bash" -- $wrap "$PSD" -- env PS1='PROMPT> ' bash --norc --noprofile -i 2>"$T/log")
	is "$r" "EXIT 0" "$mode: interactive bash: Ctrl-C stops its job, not bash; exit 0 gives 0"
	like "$(cat "$T/log")" "still-43" "$mode: bash went on after Ctrl-C"
	if grep -q "no job control" "$T/log"; then ok 1 "$mode: bash has job control"; else ok 0 "$mode: bash has job control"; fi

	r=$($PTY "$T/ctrlc" -- $wrap "$PSD" --setsid -- sh -c 'echo READY-$((0+1)); exec sleep 100' 2>"$T/log")
	is "$r" "EXIT 130" "$mode: --setsid: the child owns the terminal; Ctrl-C still reaches it"
done
done_testing
