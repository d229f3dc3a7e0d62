#!/bin/sh
# on_done, the callback: a second-level child per finished job (never
# psd itself, never a zombie), with PSD_JOB_ID, PSD_JOB_STATUS,
# PSD_EXIT_CODE or PSD_SIGNAL and PSD_JOB_ARGS in its environment and
# the job's captured output on its stdin.
. "$(dirname "$0")/../lib.sh"

cat > "$T/cb" <<EOF2
#!/bin/sh
out="$T/cb.\$(echo "\$PSD_JOB_ID" | tr '#' _)"
{ echo "id=\$PSD_JOB_ID"; echo "status=\$PSD_JOB_STATUS"
  echo "code=\${PSD_EXIT_CODE:-}"; echo "signal=\${PSD_SIGNAL:-}"
  echo "args=\$PSD_JOB_ARGS"; echo "pid=\$\$"; } > "\$out.tmp"
cat > "\$out.stdin"
mv "\$out.tmp" "\$out"
EOF2
chmod +x "$T/cb"
cat > "$T/psd.ini" <<EOF2
[pool:cb]
workers = 2
keep_alive = true
on_done = "$T/cb"
EOF2
for mode in $MODES; do
	rm -f "$T"/cb.*
	start_cfg $mode "$T/psd.ini"
	ctl run cb -- sh -c 'echo line one; echo line two; exit 4' > /dev/null
	ctl run cb -- sh -c 'kill -TERM $$' > /dev/null
	wait_for test -e "$T/cb.cb_1"
	ok $? "$mode: the callback ran for the job"
	wait_for test -e "$T/cb.cb_2"
	is "$(sed -n 1,5p "$T/cb.cb_1" | tr '\n' ' ')" \
	    "id=cb#1 status=failed code=4 signal= args=sh -c echo line one; echo line two; exit 4 " \
	    "$mode: PSD_JOB_ID, PSD_JOB_STATUS, PSD_EXIT_CODE, PSD_JOB_ARGS"
	is "$(sed -n 2,4p "$T/cb.cb_2" | tr '\n' ' ')" \
	    "status=failed code= signal=TERM " "$mode: PSD_SIGNAL for a killed job"
	is "$(cat "$T/cb.cb_1.stdin" | tr '\n' ' ')" "line one line two " \
	    "$mode: the job's output on the callback's stdin"
	cbpid=$(sed -n 's/^pid=//p' "$T/cb.cb_1")
	ok "$([ -n "$cbpid" ] && [ "$cbpid" != "$PSD_PID" ]; echo $?)" \
	    "$mode: the callback is a process of its own"
	is "$(zombies_under "$PSD_PID")" 0 "$mode: no zombie is left"
	ctl shutdown > /dev/null
	wait_psd
	is "$PSD_STATUS" 0 "$mode: psd exits cleanly"
done
done_testing
