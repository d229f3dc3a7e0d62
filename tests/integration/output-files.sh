#!/bin/sh
# stdout = file:PATH: lines appended as written (stderr = stdout merges
# the two), rotation by size done by psd keeping log_backups old files,
# SIGUSR1 reopening for an external rotation, %(program_name)s in the
# path, and a file that cannot be opened: FATAL with the reason.
. "$(dirname "$0")/../lib.sh"

GEN="$HELPERS/linegen"
mkdir -p "$T/logs"
cat > "$T/psd.ini" <<EOF
[program:merged]
command = sh -c 'echo to-out; echo to-err >&2; echo again-out; exec sleep 600'
stdout = file:$T/logs/%(program_name)s.log
stderr = stdout

[program:rotor]
command = sh -c '$GEN rotor 1000 && touch "$T/rotor-done" && exec sleep 600'
stdout = file:$T/logs/rotor.log
log_max_size = 2KB
log_backups = 3

[program:ticker]
command = sh -c 'i=0; while :; do i=\$((i+1)); echo "tick \$i"; sleep 0.05; done'
stdout = file:$T/logs/ticker.log

[program:badfile]
command = echo never
stdout = file:$T/no/such/dir/x.log
EOF
start_cfg sub "$T/psd.ini"

wait_for lines_at_least "$T/logs/merged.log" 3
is "$(cat "$T/logs/merged.log")" "to-out
to-err
again-out" "file: and stderr = stdout: both streams, in order, raw lines"

wait_for test -e "$T/rotor-done"
wait_for test -e "$T/logs/rotor.log.3"
ok $? "rotation: rotor.log.1 .. .3 kept"
ok $([ ! -e "$T/logs/rotor.log.4" ] && echo 0 || echo 1) \
    "log_backups = 3: no fourth old file"
big=0
for f in "$T/logs/rotor.log" "$T/logs/rotor.log".[123]; do
	[ "$(wc -c < "$f")" -gt 2048 ] && big=1
done
is "$big" 0 "no file is over log_max_size (2 KB)"
# The kept files hold the newest lines, contiguous, ending with line 1000.
cat "$T/logs/rotor.log.3" "$T/logs/rotor.log.2" "$T/logs/rotor.log.1" \
    "$T/logs/rotor.log" | awk '{print $2}' > "$T/kept"
is "$(tail -n 1 "$T/kept")" 1000 "the newest line is in rotor.log"
gap=$(awk 'NR > 1 && $1 != prev + 1 { print NR } { prev = $1 }' "$T/kept")
is "$gap" "" "the kept lines are contiguous across the files"

# External rotation: move the file away, SIGUSR1, a new file appears.
wait_for lines_at_least "$T/logs/ticker.log" 2
pid_before=$(ctl --json status ticker | json 'j["programs"][0]["pid"]')
mv "$T/logs/ticker.log" "$T/logs/ticker.log.old"
kill -USR1 "$PSD_PID"
wait_for lines_at_least "$T/logs/ticker.log" 1
ok $? "SIGUSR1: psd reopens its files; new lines go to a new ticker.log"
n_old=$(lines "$T/logs/ticker.log.old")
first_new=$(head -n 1 "$T/logs/ticker.log" | awk '{print $2}')
last_old=$(tail -n 1 "$T/logs/ticker.log.old" | awk '{print $2}')
is "$first_new" "$((last_old + 1))" "no tick lost between the two files ($n_old in the old one)"
is "$(ctl --json status ticker | json 'j["programs"][0]["pid"]')" "$pid_before" \
    "the program was not disturbed (same pid)"

wait_for state_is badfile FATAL
like "$(ctl status badfile)" "open log file $T/no/such/dir/x.log: No such file or directory" \
    "a log file that cannot be opened: FATAL, with the reason"
like "$(cat "$T/err")" "program badfile: open log file" "and psd says so"
like "$(ctl status merged)" "merged +(STARTING|RUNNING) " \
    "the rest runs on: a start that failed is not the end of psd's work"

ctl shutdown >/dev/null
wait_psd
is "$PSD_STATUS" 126 "psd exits with the failed start's status (126)"

# A start that fails before any process exists is counted once: with
# one other program running, psd's work is not over.
cat > "$T/one.ini" <<EOF
[program:keeper]
command = sleep 600
[program:bad]
command = echo never
stdout = file:$T/no/such/dir/y.log
EOF
start_cfg sub "$T/one.ini"
wait_for state_is bad FATAL
ctl ping >/dev/null 2>&1
ok $? "another program's failed start does not end psd's work"
like "$(ctl status keeper)" "keeper +(STARTING|RUNNING) " "the running one runs on"
ctl shutdown >/dev/null
wait_psd
is "$PSD_STATUS" 126 "and a shutdown still ends it (status 126)"
done_testing
