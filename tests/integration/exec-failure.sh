#!/bin/sh
# A command that cannot be run: 127 when it does not exist, 126 when it is
# not executable, with one line naming the program and the error.
. "$(dirname "$0")/../lib.sh"

printf '#!/bin/sh\necho hi\n' > "$T/noexec"
chmod 644 "$T/noexec"
for mode in $MODES; do
	run_psd $mode -- /nonexistent/prog arg
	is "$PSD_STATUS" 127 "$mode: missing program exits 127"
	is "$(cat "$T/err")" "psd: program main: exec /nonexistent/prog: No such file or directory" \
	    "$mode: one line naming the program and the error"

	run_psd $mode -- no-such-command-anywhere
	is "$PSD_STATUS" 127 "$mode: a name not in PATH exits 127"

	run_psd $mode -- "$T/noexec"
	is "$PSD_STATUS" 126 "$mode: a file without x permission exits 126"
	like "$(cat "$T/err")" "exec .*/noexec: Permission denied" \
	    "$mode: and says Permission denied"
done
done_testing
