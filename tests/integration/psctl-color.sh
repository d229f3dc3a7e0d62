#!/bin/sh
# psctl's human output is coloured only on a terminal, and not when
# NO_COLOR is set (to anything but the empty string); --json never is.
. "$(dirname "$0")/../lib.sh"

command -v python3 >/dev/null || skip_all "python3 is needed for a pty"
# onpty CMD...: run CMD with a pseudo-terminal as stdout; print its output.
onpty() {
	python3 -c '
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
out = b""
while True:
    try:
        d = os.read(fd, 65536)
    except OSError:
        break
    if not d:
        break
    out += d
os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
' "$@"
}
esc=$(printf '\033')
has_esc() {
	case $1 in *"$esc["*) echo yes ;; *) echo no ;; esac
}
printf '[program:web]\ncommand = sleep 600\nstart_seconds = 100ms\n' > "$T/psd.ini"
start_cfg sub "$T/psd.ini"
wait_for state_is web RUNNING
out=$(onpty "$PSCTL" -s "$T/sock" status)
is "$(has_esc "$out")" yes "on a terminal: colours"
like "$out" "${esc}\[32mRUNNING" "... RUNNING in green"
is "$(has_esc "$(NO_COLOR=1 onpty "$PSCTL" -s "$T/sock" status)")" no "NO_COLOR=1: none"
is "$(has_esc "$(NO_COLOR= onpty "$PSCTL" -s "$T/sock" status)")" yes "NO_COLOR empty: colours"
is "$(has_esc "$(ctl status)")" no "to a pipe: none"
is "$(has_esc "$(onpty "$PSCTL" -s "$T/sock" --json status)")" no "--json on a terminal: none"
is "$(has_esc "$(onpty "$PSCTL" -s "$T/sock" tree)")" yes "tree on a terminal: colours"
ctl shutdown >/dev/null
wait_psd
done_testing
