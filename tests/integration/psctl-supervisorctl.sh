#!/bin/sh
# psctl keeps supervisorctl's habits: tail [-f] [-N] NAME [stderr] prints
# one stream's bare lines, avail lists what is in use and what a reload
# would add, reread says what a reload would change and changes nothing,
# update applies it, pid prints psd's pid or the programs', clear forgets
# a program's lines and empties its log file, and NAME:* names a pool.
. "$(dirname "$0")/../lib.sh"

pid_of() {
	ctl --json status "$1" | json 'j["programs"][0]["pid"]'
}
write() {	# write EXTRA-SECTION-TEXT
	cat > "$T/psd.ini" <<-EOF2
	[program:web]
	command = sh -c 'i=0; while [ \$i -lt 30 ]; do echo out\$i; echo err\$i >&2; i=\$((i+1)); done; exec sleep 600'

	[program:idle]
	command = sleep 601
	autostart = false

	[program:pool]
	command = sleep 602
	instances = 2

	[program:filed]
	command = sh -c 'echo to-the-file; exec sleep 603'
	stdout = file:$T/filed.log
	EOF2
	printf '%b' "$1" >> "$T/psd.ini"
}
for mode in $MODES; do
	write ""
	start_cfg $mode "$T/psd.ini"
	wait_for file_has "$T/out" "web +\| out29" &&
	    wait_for file_has "$T/err" "web +\| err29" &&
	    wait_for file_has "$T/filed.log" to-the-file

	is "$(ctl tail web | tr '\n' ' ')" \
	    "$(seq 10 29 | sed 's/^/out/' | tr '\n' ' ')" \
	    "$mode: tail NAME: the last 20 stdout lines, bare"
	is "$(ctl tail -3 web stderr | tr '\n' ' ')" "err27 err28 err29 " \
	    "$mode: tail -3 NAME stderr: the last 3 stderr lines"
	ctl tail -f -2 web > "$T/tailf" 2>&1 &
	tailf=$!
	echo "$tailf" >> "$T/.pids"
	wait_for file_has "$T/tailf" out29
	ctl signal HUP web >/dev/null	# sh dies; psd restarts web
	wait_for lines_at_least "$T/tailf" 4
	is "$(head -n 3 "$T/tailf" | tr '\n' ' ')" "out28 out29 out0 " \
	    "$mode: tail -f: the last lines, then new ones"
	kill "$tailf" 2>/dev/null
	wait "$tailf" 2>/dev/null
	ctl tail nosuch >/dev/null 2>&1
	is "$?" 4 "$mode: tail of an unknown program: exit 4"
	ctl tail >/dev/null 2>&1
	is "$?" 2 "$mode: tail without a name: usage, exit 2"

	is "$(ctl avail | awk '{print $1 "=" $2 $3 "," $4}' | tr '\n' ' ')" \
	    "web=inuse,auto idle=inuse,manual pool:0=inuse,auto pool:1=inuse,auto filed=inuse,auto " \
	    "$mode: avail: every program in use, auto or manual"

	if [ "$mode" = ns ]; then want=1; else want=$PSD_PID; fi
	is "$(ctl pid)" "$want" "$mode: pid: psd's own pid"
	wait_for state_is web RUNNING
	is "$(ctl pid web)" "$(pid_of web)" "$mode: pid NAME: the program's"
	is "$(ctl pid idle)" 0 "$mode: pid of a program not running: 0"
	is "$(ctl pid all | wc -l)" 5 "$mode: pid all: one line per program"
	is "$(ctl pid 'pool:*' | wc -l)" 2 "$mode: pid NAME:*: each of a pool"

	is "$(ctl reread)" "No config updates to processes" \
	    "$mode: reread with the file unchanged"
	web=$(pid_of web)
	write "\n[program:new]\ncommand = sleep 604\n"
	sed -i 's/sleep 601/sleep 605/' "$T/psd.ini"
	is "$(ctl reread | tr '\n' ',')" "new: available,idle: changed," \
	    "$mode: reread: what a reload would change, in supervisorctl's words"
	like "$(ctl avail)" "new +avail" "$mode: avail shows what reread found"
	ctl status new >/dev/null 2>&1
	is "$?" 4 "$mode: reread changed nothing (no program new yet)"
	is "$(pid_of web)" "$web" "$mode: nor touched a running one"
	is "$(ctl update | tr '\n' ',')" "added: new,changed: idle," \
	    "$mode: update applies it (reload)"
	wait_for state_is new RUNNING
	ok $? "$mode: the added program runs"

	ctl clear web filed > "$T/clear"
	is "$?" 0 "$mode: clear NAME..."
	is "$(ctl tail web)" "" "$mode: clear forgets the lines kept for tail"
	is "$(cat "$T/filed.log")" "" "$mode: clear empties the log file"
	ctl clear >/dev/null 2>&1
	is "$?" 2 "$mode: clear without a name: exit 2"
	ctl shutdown >/dev/null
	wait_psd
done
done_testing
