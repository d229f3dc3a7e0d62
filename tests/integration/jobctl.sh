#!/bin/sh
# Job control without a terminal: TSTP (or TTIN, TTOU) sent to psd stops
# the main program and then psd itself, so the parent's waitpid(WUNTRACED)
# returns; CONT resumes both.  With --setsid the child's group is orphaned
# (the kernel would discard TSTP), so it gets SIGSTOP.  As PID 1 psd cannot
# stop: its child does.  In a terminal, Ctrl-Z on `psd -c FILE` suspends
# psd with its programs, and bg/fg resume them.
. "$(dirname "$0")/../lib.sh"

state() { awk '{print $3}' "/proc/$1/stat" 2>/dev/null; }
stopped() { [ "$(state "$1")" = T ]; }
running() { s=$(state "$1"); [ "$s" = S ] || [ "$s" = R ]; }
has_child() { [ -n "$(child_of "$PSD_PID")" ]; }

for mode in $MODES; do
	for opt in "" --setsid; do
		for sig in TSTP TTIN TTOU; do
			start_psd $mode $opt -- sleep 100
			wait_for has_child
			kid=$(child_of "$PSD_PID")
			kill -$sig "$PSD_PID"
			wait_for stopped "$kid"
			ok $? "$mode $opt: $sig stops the child"
			if [ $mode = sub ]; then
				wait_for stopped "$PSD_PID"
				ok $? "$mode $opt: $sig: psd stops too"
			fi
			kill -CONT "$PSD_PID"
			wait_for running "$kid"
			ok $? "$mode $opt: CONT resumes the child"
			running "$PSD_PID"
			ok $? "$mode $opt: and psd"
			kill -TERM "$PSD_PID"
			wait_psd
			is "$PSD_STATUS" 143 "$mode $opt: then TERM ends it (143)"
		done
	done
done

# The parent sees a stopped job (a shell's Ctrl-Z and fg, without a tty).
for opt in "" --setsid; do
	r=$(python3 - "$PSD" $opt <<'EOS'
import os, signal, subprocess, sys, time
p = subprocess.Popen([sys.argv[1]] + sys.argv[2:] + ["--", "sleep", "100"])
kids = "/proc/%d/task/%d/children" % (p.pid, p.pid)
for _ in range(2000):	# bounded: psd is set up once its child runs
    if open(kids).read().strip():
        break
    time.sleep(0.01)
os.kill(p.pid, signal.SIGTSTP)
_, st = os.waitpid(p.pid, os.WUNTRACED)
print("stopped" if os.WIFSTOPPED(st) else "not stopped", end=" ")
os.kill(p.pid, signal.SIGCONT)
_, st = os.waitpid(p.pid, os.WCONTINUED)
print("continued" if os.WIFCONTINUED(st) else "not continued", end=" ")
os.kill(p.pid, signal.SIGTERM)
print(p.wait())
EOS
)
	is "$r" "stopped continued 143" "psd $opt: waitpid(WUNTRACED) sees the stop, WCONTINUED the resume"
done

# In a terminal: Ctrl-Z on a foreground psd -c, then bg.  Each program
# writes its pid and says so before it execs: a slow machine may see the
# Ctrl-Z before the exec, and the process is then still the program's.
command -v bash >/dev/null || skip_all "bash is needed for the terminal part"
cat > "$T/jc.ini" <<EOF2
[program:a]
command = sh -c 'echo \$\$ > $T/a.pid; echo a-up; exec sleep 1001.$$'
[program:b]
command = sh -c 'echo \$\$ > $T/b.pid; echo b-up; exec sleep 1002.$$'
EOF2
cat > "$T/script" <<EOF2
expect PROMPT>
send $PSD -c $T/jc.ini --socket $T/sock\\n
expect (a-up[\\s\\S]*b-up|b-up[\\s\\S]*a-up)
send \\x1a
expect Stopped
send echo STATE-\$(awk '{print \$3}' /proc/\$(cat $T/a.pid)/stat)-\$(awk '{print \$3}' /proc/\$(cat $T/b.pid)/stat)\\n
expect STATE-T-T
send bg\\n
send for i in \$(seq 600); do s=\$(awk '{print \$3}' /proc/\$(cat $T/a.pid)/stat); [ \$s != T ] && break; sleep 0.1; done; echo AGAIN-\$s\\n
expect AGAIN-S
send kill %1; wait %1; echo RC-\$?\\n
expect RC-0
send exit 0\\n
EOF2
r=$(python3 "$(dirname "$0")/../ptydrive.py" "$T/script" -- env PS1='PROMPT> ' bash --norc --noprofile -i 2>"$T/log")
is "$r" "EXIT 0" "terminal: Ctrl-Z stops psd -c and its programs (T T), bg resumes them, TERM ends psd (0)"
[ "$r" = "EXIT 0" ] || diag "$(tail -20 "$T/log")"
# On a failure, leave nothing behind (these are this test's own).
for p in $(pgrep -f "$T/jc.ini") $(pgrep -f "sleep 100[12]\.$$"); do
	kill -KILL "$p" 2>/dev/null
done
done_testing
