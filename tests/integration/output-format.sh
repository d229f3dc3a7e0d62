#!/bin/sh
# How carried lines look: "NAME | text" with the names padded to one
# width; coloured per program only on a terminal, never with NO_COLOR
# (or log_color = never), always with log_color = always; ISO-8601 times
# with log_timestamps; tty = true gives the program a terminal.
. "$(dirname "$0")/../lib.sh"

command -v python3 >/dev/null || skip_all "python3 is needed to drive a pty"
PTY="python3 $(dirname "$0")/../ptydrive.py"
ESC=$(printf '\033')

cat > "$T/psd.ini" <<EOF
[program:a]
command = sh -c 'echo line-from-a; echo DONE-A'
restart = never
[program:longer-name]
command = sh -c 'echo line-from-longer'
restart = never
EOF
echo "expect DONE-A" > "$T/script"

# On a terminal: colours.
r=$($PTY "$T/script" -- env -u NO_COLOR "$PSD" -c "$T/psd.ini" --socket none 2>"$T/tty")
is "$r" "EXIT 0" "under a terminal psd runs and exits 0"
ok $(grep -q "${ESC}\[36ma  *|${ESC}\[0m line-from-a" "$T/tty" && echo 0 || echo 1) \
    "on a terminal the name column is coloured"
ok $(grep -q "${ESC}\[1mpsd  *|" "$T/tty" && echo 0 || echo 1) \
    "psd's own lines too"
r=$($PTY "$T/script" -- env NO_COLOR=1 "$PSD" -c "$T/psd.ini" --socket none 2>"$T/tty")
ok $(grep -q "$ESC" "$T/tty" && echo 1 || echo 0) "NO_COLOR: no colour on a terminal"
like "$(cat "$T/tty")" "a +\| line-from-a" "but the same lines"

# Not a terminal: no colour, unless asked.
run_psd sub -c "$T/psd.ini" --socket none
ok $(grep -q "$ESC" "$T/out" "$T/err" && echo 1 || echo 0) "to a file: no colour"
is "$(grep line-from "$T/out" | sort)" "a           | line-from-a
longer-name | line-from-longer" "names are padded to the longest"
like "$(cat "$T/err")" "^psd         \| program a: started" \
    "psd's own lines share the column"
printf '[psd]\nlog_color = always\nlog_timestamps = true\n' > "$T/color.ini"
cat "$T/psd.ini" >> "$T/color.ini"
run_psd sub -c "$T/color.ini" --socket none
ok $(grep -q "${ESC}\[36m" "$T/out" && echo 0 || echo 1) "log_color = always: colour even to a file"
like "$(grep line-from-a "$T/out")" \
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}[+-][0-9]{2}:[0-9]{2} ' \
    "log_timestamps: an ISO-8601 time in front"

# Single-command mode keeps tini's form for psd's own lines.
run_psd sub -v -- sh -c 'exit 0'
like "$(cat "$T/err")" "^psd: " "psd -- CMD: psd's lines are 'psd: ...'"

# tty = true: the program sees a terminal on stdout, its lines still come.
cat > "$T/tty.ini" <<EOF
[program:t]
command = sh -c 'if [ -t 1 ]; then echo stdout-is-a-tty; else echo not-a-tty; fi; echo err-too >&2'
tty = true
restart = never
EOF
run_psd sub -c "$T/tty.ini" --socket none
like "$(cat "$T/out")" "t +\| stdout-is-a-tty" "tty = true: the program's stdout is a terminal"
like "$(cat "$T/out")" "t +\| err-too" "its stderr shares the terminal"
done_testing
