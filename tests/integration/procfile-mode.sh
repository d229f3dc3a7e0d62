#!/bin/sh
# A Procfile under psd: programs named NAME.N that psctl steers, one
# warning per line foreman would ignore, one-line errors (exit 2, nothing
# started) for what psd will not guess, and --restart for psd's policy
# instead of "the first to end ends the run".
. "$(dirname "$0")/../lib.sh"

mkdir -p "$T/app"
cd "$T/app" || exit 1

# errors: exit 2, one line naming what was wrong
printf 'web: sleep 600\nworker: sleep 600\nweb: sleep 1\n' > dup
run_psd sub --procfile dup --socket "$T/sock"
is "$PSD_STATUS" 2 "a name given twice: exit 2"
is "$(cat "$T/err")" "psd: dup: 3: web: already defined on line 1" \
    "  one line, with the lines"
printf 'web: sleep 600\n' > Procfile
run_psd sub -c Procfile -m web=1,wrker=2 --socket "$T/sock"
is "$PSD_STATUS" 2 "a formation naming no process: exit 2"
is "$(cat "$T/err")" "psd: -m: formation names \"wrker\", which Procfile does not define" \
    "  saying which"
run_psd sub -c Procfile -m web --socket "$T/sock"
like "$(cat "$T/err")" "formation \"web\": expected NAME=N" "-m web: expected NAME=N"
: > empty
run_psd sub --procfile empty --socket "$T/sock"
is "$(cat "$T/err")" "psd: empty: no processes defined (a Procfile has NAME: COMMAND lines)" \
    "--procfile with no entries: no processes defined"
run_psd sub -c Procfile --env missing.env --socket "$T/sock"
is "$PSD_STATUS" 2 "a missing --env file: exit 2"
like "$(cat "$T/err")" "missing.env: cannot read: No such file or directory" \
    "  naming it"
printf 'PORT=http\n' > .env
run_psd sub -c Procfile --socket "$T/sock"
like "$(cat "$T/err")" "PORT: \"http\" \\(from .env\\) is not a port number" \
    "a PORT that is no number: refused"
rm .env

printf '[program:web]\ncommand = sleep 600\n' > psd.ini
run_psd sub -c psd.ini -m web=2 --socket "$T/sock"
is "$(cat "$T/err")" "psd: psd.ini: -m is for a Procfile, and this is not one (no NAME: COMMAND lines first)" \
    "-m with an INI file: refused, not ignored"

# warnings: psd starts anyway
printf 'web: echo "$GREETING"\nweb 2: no\n' > Procfile
printf 'export GREETING=hi\nGREETING = hi\n' > .env
run_psd sub -c Procfile --socket "$T/sock"
is "$PSD_STATUS" 0 "lines foreman ignores: psd runs anyway"
like "$(cat "$T/err")" "Procfile:2: not a NAME: COMMAND line; ignored, as foreman does" \
    "  one warning for a Procfile line"
like "$(cat "$T/err")" "\\.env:1: \"export\" is not part of foreman's .env syntax" \
    "  one for export"
like "$(cat "$T/err")" "\\.env:2: not a NAME=VALUE line; ignored" \
    "  one for spaces around ="
rm .env

for mode in $MODES; do
	# psctl steers NAME.N; the first to end ends the run
	printf 'web: exec sleep 600\nworker: exec sleep 601\n' > Procfile
	start_cfg $mode Procfile -m web=2,worker=1
	wait_for state_is web.2 RUNNING
	is "$(ctl status web | awk 'NR > 1 {print $1}' | tr '\n' ' ')" "web.1 web.2 " \
	    "$mode: psctl status web shows web.1 web.2"
	old=$(ctl pid web.2)
	ctl restart --wait web.2 >/dev/null
	ok $([ "$(ctl pid web.2)" != "$old" ] && echo 0 || echo 1) \
	    "$mode: psctl restart web.2 restarts that one"
	printf 'web: exec sleep 600\nworker: exec sleep 601\nclock: exec sleep 602\n' > Procfile
	is "$(ctl reread)" "No config updates to processes" \
	    "$mode: reread of a Procfile: -m still holds (clock=0)"
	ctl signal KILL worker.1 >/dev/null
	wait_psd
	is "$PSD_STATUS" 137 "$mode: worker.1 killed: the run ends with 128+9"
	like "$(cat "$T/err")" "essential program worker.1 exited" \
	    "$mode: and psd says which process ended it"

	# --restart on-failure: a failing process restarts, the rest run on
	printf 'web: exec sleep 600\nflaky: sleep 1; exit 3\n' > Procfile
	start_cfg $mode Procfile --restart on-failure
	wait_for file_has "$T/err" "program flaky.1: exit 3"
	wait_for eval '[ "$(grep -c "program flaky.1: started" "$T/err")" -ge 2 ]'
	ok $? "$mode: --restart on-failure: flaky.1 is started again"
	is "$(state_of web.1)" RUNNING "$mode: and web.1 runs on"
	ctl shutdown >/dev/null
	wait_psd
	is "$PSD_STATUS" 0 "$mode: psctl shutdown: exit 0"
done
cd /
done_testing
