#!/bin/sh
# bench/pool.sh PSD_BUILD_DIR [N]: N (default 10000) `true` jobs, 4 at a
# time, from the same item list: psd --jobs 4 --map, xargs -P 4, and
# GNU parallel -j 4.  One run each, from GNU time: wall time, user and
# sys CPU and max RSS, which count the scheduler together with the jobs
# it reaped (the RSS is the largest of them).  Not yet: psctl map, the 10ms-sleep set, 100,000 queued.
set -u
b=${1:?usage: bench/pool.sh BUILD_DIR [N]}
n=${2:-10000}
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
seq 1 "$n" > "$t/items"
fmt='%e s wall, %U s user, %S s sys, %M KiB max RSS'
printf '%s true jobs, 4 at a time\n' "$n"
printf 'psd --map:   '
/usr/bin/time -f "$fmt" "$b/psd" --jobs 4 --map -- true {} \
    < "$t/items" > /dev/null 2> "$t/psd.err"; tail -n 1 "$t/psd.err"
printf 'xargs -P 4:  '
/usr/bin/time -f "$fmt" xargs -P 4 -I {} true {} < "$t/items" 2>&1 > /dev/null | tail -n 1
if command -v parallel > /dev/null; then
	printf 'parallel -j 4: '
	/usr/bin/time -f "$fmt" parallel -j 4 true {} < "$t/items" 2>&1 > /dev/null | tail -n 1
fi
