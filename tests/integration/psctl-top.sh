#!/bin/sh
# psctl top in a real terminal (tmux): a zombie psd-zombies makes is
# shown as Z, highlighted, and goes once psd reaps it; the keys s, S and
# r stop, start and restart the selected program; the screen survives
# resizing; q quits.  Without a terminal, --once prints one frame.
. "$(dirname "$0")/../lib.sh"

command -v tmux >/dev/null || skip_all "tmux is not installed"
"$PSCTL" -s "$T/nosock" top 2>&1 </dev/null | grep -q "without ncurses" &&
    skip_all "psctl was built without ncurses"

mkfifo "$T/fifo"
cat > "$T/psd.ini" <<EOF
[program:svc]
command = sleep 600
start_seconds = 0
[program:z]
command = sh -c 'exec $TOOLS/psd-zombies --count 2 --every 1h --hold < $T/fifo'
restart = never
daemon = true
[pool:jobs]
workers = 3
EOF
start_cfg sub "$T/psd.ini"
exec 3> "$T/fifo"	# opens once z's shell opens it for reading

TM="tmux -S $T/tmux.sock -f /dev/null"
$TM new-session -d -x 100 -y 30 \
    "LANG=C.UTF-8 TERM=screen $PSCTL -s $T/sock top -d 200ms 2>$T/top.err"
own_pid "$($TM display-message -p '#{pane_pid}')"

screen() { $TM capture-pane -p; }
# the widest line, in characters (UTF-8)
widest() {
	python3 -c 'import sys; print(max([len(l.rstrip("\n")) for l in sys.stdin.buffer.read().decode("utf-8", "replace").splitlines()] + [0]))'
}
shows() { screen | grep -Eq -- "$1"; }
shows_not() { ! screen | grep -Eq -- "$1"; }

wait_for shows "Z +\[psd-zombies\] <defunct>"
ok $? "a zombie is shown with state Z while it exists"
zrow=$(screen | grep -c "<defunct>")
is "$zrow" 2 "both of psd-zombies' zombies are listed"
like "$(screen | grep '^ *z ')" "Z!" "its program's row marks it"
like "$(screen | sed -n 2p)" "zombies 2" "the header counts zombies now"

echo >&3		# the parent exits: psd adopts and reaps them
wait_for shows_not "<defunct>"
ok $? "the zombies are gone once reaped"
wait_for shows "orphan +z pid [0-9]+"
ok $? "the event pane shows the orphans reaped, with their program"

pid1=$(ctl --json status svc | json 'j["programs"][0]["pid"]')
$TM send-keys s
wait_for shows "^> svc +STOPPED"
ok $? "s stops the selected program"
$TM send-keys S
wait_for shows "^> svc +RUNNING"
ok $? "S starts it"
pid2=$(ctl --json status svc | json 'j["programs"][0]["pid"]')
$TM send-keys r
newpid() {
	p=$(ctl --json status svc | json 'j["programs"][0]["pid"]')
	[ "$p" != "$pid2" ] && [ "$p" != 0 ] && shows "^> svc +RUNNING +$p "
}
wait_for newpid
ok $? "r restarts it (a new pid: $pid1, $pid2, then another)"

$TM send-keys j Enter
wait_for shows "Z zombie \(exited, not yet reaped\)"
ok $? "Enter expands a tree, with the state legend"

$TM resize-window -x 60 -y 14
small() {
	screen | sed -n 1p | grep -q "^psd [0-9]" &&
	    screen | grep -q -- "-- events --" &&
	    [ "$(screen | widest)" -le 60 ]
}
wait_for small
ok $? "resized to 60x14: header on top, the pane title, nothing past 60 columns"
$TM resize-window -x 120 -y 40
big() {
	screen | sed -n 1p | grep -q "^psd [0-9]" &&
	    [ "$(screen | grep -n -- '-- events --' | cut -d: -f1)" -gt 20 ]
}
wait_for big
ok $? "resized to 120x40: the layout follows"

$TM send-keys q
gone_session() { ! $TM has-session 2>/dev/null; }
wait_for gone_session
ok $? "q quits"
is "$(cat "$T/top.err")" "" "and top said nothing on stderr"

once=$(ctl top --once </dev/null)
is "$?" 0 "--once without a terminal: exit 0"
like "$once" "NAME +STATE +PID +UPTIME" "--once prints the column header"
like "$once" "svc +RUNNING" "and the programs"
like "$once" "-- events --" "and the event pane"
ctl run jobs -- true >/dev/null
like "$(ctl top --once </dev/null)" "jobs +open +3 +0 +0 +1 +0" \
    "and each pool: workers, running, queued, done, failed"
ctl top </dev/null >/dev/null 2>"$T/notty"
is $? 2 "top without a terminal (not --once): usage error"
like "$(cat "$T/notty")" "needs a terminal" "saying so"
exec 3>&-
ctl shutdown >/dev/null
wait_psd
done_testing
