#!/bin/sh
# psd -c FILE --check --print-config writes a psd.ini that loads to the
# same programs: for every supervisord.conf of the corpus (and the event
# listener scenario), the printed file, loaded again, gives the same
# --check listing (argv, environment, directory, user, umask, restart
# rules, exit codes, listeners, outputs, sizes) as the original, names
# aside: GROUP:PROCESS is written GROUP.PROCESS.  The Procfiles of the
# foreman corpus too.
. "$(dirname "$0")/../lib.sh"

FIX=$(cd "$(dirname "$0")/../fixtures" && pwd)
export SDREC=/bin/true SDREC_DIR="$T" SDREC_MARK=mark EVDIR="$T" \
    SDLISTEN=/bin/true

# The listing without what names the file or the program.
listing() {
	"$PSD" -c "$1" --check 2>/dev/null |
	    sed -e '/^;/d' -e 's/  *; .*$//' -e 's/^\[program:.*\]$/[program]/'
}

n=0
for conf in "$FIX"/supervisord/*.conf "$FIX"/supervisord-events/*.conf; do
	name=$(basename "$conf" .conf)
	n=$((n + 1))
	(cd "$T" && "$PSD" -c "$conf" --check --print-config \
	    > "$T/$name.ini" 2> "$T/$name.warn")
	st=$?
	listing "$conf" > "$T/$name.want"
	listing "$T/$name.ini" > "$T/$name.got"
	if [ "$st" -eq 0 ] && grep -q '^\[program\]' "$T/$name.want" &&
	    cmp -s "$T/$name.want" "$T/$name.got"; then
		ok 0 "$name: the printed psd.ini loads to the same programs"
	else
		ok 1 "$name: the printed psd.ini loads to the same programs"
		diff -u "$T/$name.want" "$T/$name.got" | head -30 | sed 's/^/# /'
		"$PSD" -c "$T/$name.ini" --check 2>&1 >/dev/null | head -3 |
		    sed 's/^/# /'
	fi
done
# Procfiles too (each read from its own directory, .env beside it).
for pf in "$FIX"/procfile/*/Procfile; do
	name=procfile-$(basename "$(dirname "$pf")")
	dir=$(dirname "$pf")
	(cd "$dir" && "$PSD" -c Procfile --check --print-config \
	    > "$T/$name.ini" 2> "$T/$name.err"; echo $? > "$T/$name.st";
	    listing Procfile > "$T/$name.want")
	listing "$T/$name.ini" > "$T/$name.got"
	if grep -q 'a value with a newline' "$T/$name.err"; then
		# a value with a newline: an error, never a file that misreads
		[ "$(cat "$T/$name.st")" = 2 ] &&
		    grep -q 'environment: a value with a newline' "$T/$name.err"
		ok $? "$name: a newline in a value is an error naming the key"
	elif grep -q '^\[program\]' "$T/$name.want" &&
	    cmp -s "$T/$name.want" "$T/$name.got"; then
		ok 0 "$name: the printed psd.ini loads to the same programs"
	else
		ok 1 "$name: the printed psd.ini loads to the same programs"
		diff -u "$T/$name.want" "$T/$name.got" | head -30 | sed 's/^/# /'
	fi
done
"$PSD" -c "$FIX/supervisord/01-laravel-queue.conf" --print-config \
    >/dev/null 2>&1
is "$?" 2 "--print-config without --check is a usage error"
grep -q '^rules = supervisord$' "$T/08-exitcodes-unexpected.ini"
ok $? "supervisord's rules are written as rules = supervisord"
done_testing
