#!/bin/sh
# psd runs a Procfile (+ .env) as foreman 0.87 runs it: side by side on the
# same five Procfiles (web + worker, Rails 7, Node, .env quoting, Django +
# Celery with a formation, -p and two -e files), the same processes start
# with the same argv, directory, PORT, PS and environment, the same lines
# come out under the same names, the same process ends the run, and psd
# exits with foreman's status.  As PID 1 and as a subreaper.
. "$(dirname "$0")/../lib.sh"

command -v foreman >/dev/null 2>&1 || skip_all "foreman not installed" \
    "(Debian ruby-foreman, from .ci/setup --test)"
FIX=$(cd "$(dirname "$0")/../fixtures/procfile" && pwd)

# setup CASE: a fresh copy of the case in $T/CASE, fakes on PATH.
setup() {
	rm -rf "$T/$1"
	cp -R "$FIX/$1" "$T/$1"
	mkdir -p "$T/$1/bin" "$T/$1/rec"
	cp "$FIX/fake.py" "$T/$1/bin/fake"
	for p in bundle rails yarn node npm gunicorn python3 celery; do
		ln -s fake "$T/$1/bin/$p"
	done
}

# summary CASE: what the run did, runner-neutral: each record, the
# program lines (NAME|text) sorted, the process whose end ended the run.
summary() {
	for r in "$T/$1/rec"/*; do
		echo "== ${r##*/}"
		cat "$r"
		echo
	done
	echo "== lines"
	sed -E 's/^[0-9]{2}:[0-9]{2}:[0-9]{2} //; s/^([^ |]+) *\| /\1|/' \
	    "$T/$1/out" | grep '|say: ' | sort
}

# The first process foreman saw exit, and its code.
foreman_ender() {
	sed -nE 's/^[0-9:]+ ([^ ]+) +\| exited with code ([0-9]+)$/\1 \2/p' \
	    "$T/$1/out" | head -n 1
}

# The same from psd's log: "shutting down: essential program X exited ...".
psd_ender() {
	n=$(sed -nE 's/.*shutting down: essential program ([^ ]+) .*/\1/p' \
	    "$T/err" | head -n 1)
	c=$(sed -nE "s/.*program $n: exit ([0-9]+).*/\\1/p" "$T/err" | head -n 1)
	echo "$n $c"
}

for c in webworker rails node dotenv django; do
	fargs=$(cat "$FIX/$c/args" 2>/dev/null)
	# foreman's -p and -e are psd's --port and --env (tini owns -p, -e).
	pargs=$(echo "$fargs" | sed 's/-p /--port /; s/-e /--env /')

	setup $c
	( cd "$T/$c" && PATH="$T/$c/bin:$PATH" timeout 60 foreman start \
	    $fargs > "$T/$c/out" 2>&1 )
	f_status=$?
	f_ender=$(foreman_ender $c)
	summary $c > "$T/$c.foreman"
	ok $([ "$(ls "$T/$c/rec" | wc -l)" -eq "$(cat "$FIX/$c/expect")" ]; \
	    echo $?) "$c: foreman ran $(cat "$FIX/$c/expect") processes"

	for mode in $MODES; do
		setup $c
		cd "$T/$c"
		PATH="$T/$c/bin:$PATH" run_psd $mode -c Procfile \
		    --socket "$T/sock" $pargs
		cd /
		cp "$T/out" "$T/$c/out"
		summary $c > "$T/$c.psd.$mode"
		is "$PSD_STATUS" "$f_status" \
		    "$c, $mode: psd exits with foreman's status ($f_status)"
		is "$(psd_ender $c)" "$f_ender" \
		    "$c, $mode: the same process ends the run ($f_ender)"
		diff -u "$T/$c.foreman" "$T/$c.psd.$mode" > "$T/$c.diff"
		ok $? "$c, $mode: same argv, directory, PORT, PS, environment and output lines as foreman"
		[ -s "$T/$c.diff" ] && diag "$(head -n 40 "$T/$c.diff")"
	done
done

# The ports foreman assigns, spelled out once (not only "the same").
like "$(cat "$T/rails.foreman")" '"PORT": "5001"' \
    "rails: web.2 has PORT 5001 (5000 + 0 x 100 + 1)"
like "$(cat "$T/rails.foreman")" '"PORT": "5300"' "rails: js.1 has PORT 5300"
like "$(cat "$T/node.foreman")" '"PORT": "3100"' \
    "node: PORT=3000 from .env is the base: worker.1 has 3100"
like "$(cat "$T/django.foreman")" '"PORT": "6101"' \
    "django: -p 6000, worker.2 has 6101"
like "$(cat "$T/django.foreman")" '"DEBUG": "1"' "django: both -e files read"
like "$(cat "$T/dotenv.foreman")" '"GREETING": "hello\\nworld \\"friend\\" \\\\o/"' \
    "dotenv: double quotes: \\n and \\\" unescaped"
like "$(cat "$T/dotenv.foreman")" 'web.1\|say: web.1 on stderr' \
    "dotenv: stderr lines come out under the name too"
done_testing
