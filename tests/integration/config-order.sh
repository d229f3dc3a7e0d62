#!/bin/sh
# Start-up follows depends_on (a program starts once what it depends on is
# up), and shutdown goes in reverse order.  Each program is up when it
# says so (ready = log:), so the order cannot depend on how fast a shell
# gets to its first line.
. "$(dirname "$0")/../lib.sh"

prog() {	# prog NAME DEPS: a program that logs its start and its stop
	cat <<EOF
[program:$1]
command = sh -c 'echo start $1 >> "$T/log"; trap "echo stop $1 >> $T/log; exit 0" TERM; echo up; while :; do sleep 0.05; done'
ready = log:^up$
${2:+depends_on = $2}

EOF
}
{ prog web "db cache"; prog db; prog cache db; } > "$T/psd.ini"
for mode in $MODES; do
	rm -f "$T/log"
	start_cfg $mode "$T/psd.ini"
	wait_for file_has "$T/log" "start web"
	is "$(tr '\n' ',' < "$T/log")" "start db,start cache,start web," \
	    "$mode: db, then cache (needs db), then web (needs both)"
	wait_for state_is web READY
	kill -TERM "$PSD_PID"
	wait_psd
	is "$PSD_STATUS" 0 "$mode: SIGTERM: a clean shutdown exits 0"
	is "$(grep stop "$T/log" | tr '\n' ',')" "stop web,stop cache,stop db," \
	    "$mode: stopped in reverse order: web, cache, db"
done
done_testing
