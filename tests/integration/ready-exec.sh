#!/bin/sh
# ready = exec:CMD runs CMD every ready_interval, as a second-level child
# with the program's user and environment, until it exits 0: then the
# program is READY and its dependents start.  A probe that hangs is
# killed when the next one is due, and no probe lingers as a zombie.
. "$(dirname "$0")/../lib.sh"

need_user psdnotify || skip_all "cannot create the user psdnotify"
chmod 0711 "$T"
mkdir -m 0777 "$T/u"

cat > "$T/psd.ini" <<EOF
[program:svc]
command = sh -c 'while [ ! -e "$T/go" ]; do sleep 0.01; done; touch "$T/flag"; exec sleep 600'
ready = exec:echo "\$PSD_PROGRAM \$PSD_PID" >> "$T/probes"; test -e "$T/flag"
ready_interval = 50ms
start_seconds = 0

[program:dep]
command = sh -c 'if [ -e "$T/flag" ]; then echo flag > "$T/dep"; else echo none > "$T/dep"; fi; exec sleep 600'
depends_on = svc

[program:asuser]
command = sleep 600
user = psdnotify
ready = exec:[ "\$(id -un)" = psdnotify ] && touch "$T/u/probe-user"
ready_interval = 50ms

[program:hang]
command = sleep 600
ready = exec:echo x >> "$T/u/hang"; exec sleep 601
ready_interval = 100ms
ready_timeout = 0
daemon = true
EOF
hung_probes() {	# live "sleep 601" probes under psd
	n=0
	for p in $(descendants "$PSD_PID"); do
		[ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" != Z ] &&
		    tr '\0' ' ' 2>/dev/null < "/proc/$p/cmdline" | grep -q '^sleep 601' &&
		    n=$((n + 1))
	done
	echo $n
}
at_most_one_hung() {
	[ "$(hung_probes)" -le 1 ]
}
no_zombie_under_psd() { [ "$(zombies_under "$PSD_PID")" = 0 ]; }

for mode in $MODES; do
	rm -f "$T/go" "$T/flag" "$T/dep" "$T/probes" "$T"/u/*
	start_cfg $mode "$T/psd.ini"
	wait_for lines_at_least "$T/probes" 3
	is "$(state_of svc)" RUNNING "$mode: svc RUNNING while its probe fails"
	ok $([ ! -e "$T/dep" ] && echo 0 || echo 1) "$mode: dep waits"
	pid=$(ctl --json status svc | json 'j["programs"][0]["pid"]')
	is "$(tail -n 1 "$T/probes")" "svc $pid" \
	    "$mode: the probe has PSD_PROGRAM and PSD_PID (the program's pid)"
	touch "$T/go"
	wait_for test -s "$T/dep"
	is "$(cat "$T/dep")" flag "$mode: dep started after the probe passed"
	is "$(state_of svc)" READY "$mode: svc READY"
	n=$(lines "$T/probes")
	wait_for state_is asuser READY
	ok $([ -e "$T/u/probe-user" ] && echo 0 || echo 1) \
	    "$mode: the probe runs as the program's user"

	wait_for lines_at_least "$T/u/hang" 4
	wait_for at_most_one_hung
	ok $([ "$(hung_probes)" -le 1 ] && echo 0 || echo 1) \
	    "$mode: a hung probe is killed when the next is due (no pile-up)"
	# A probe just killed is a zombie until psd's next pass reaps it:
	# what must not happen is one that stays (every look finds one).
	z=0
	wait_for no_zombie_under_psd || z=$(zombies_under "$PSD_PID")
	is "$z" 0 "$mode: no probe lingers as a zombie"
	is "$(lines "$T/probes")" "$n" "$mode: no more probes once READY"
	ctl shutdown >/dev/null
	wait_psd
	is "$PSD_STATUS" 0 "$mode: clean shutdown"
	ok $([ "$(hung_probes)" -eq 0 ] && echo 0 || echo 1) "$mode: no probe outlives psd"
done
done_testing
