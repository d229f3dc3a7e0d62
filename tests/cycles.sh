#!/bin/sh
# No file of supervisor/ or config/ is part of a cycle of calls or
# includes, except the cycles listed in tests/cycles/known (which may
# only shrink); and the checker does find a cycle when there is one.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || skip_all "python3 is not installed"
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
check() { python3 "$here/cycles/cycles.py" "$@"; }

out=$(check "$here/cycles/fixture")
ok $([ $? -eq 1 ] && echo 0 || echo 1) "the checker fails on a cycle"
like "$out" "NEW cycle: fixture/mesh fixture/ring$" "  a cycle of calls"
like "$out" "NEW cycle: fixture/base fixture/top$" "  a cycle of a call and an include"
if printf '%s\n' "$out" | grep -q 'NEW cycle.*leaf'; then
	ok 1 "  a field named like a function is no arrow"
else
	ok 0 "  a field named like a function is no arrow"
fi
printf 'fixture/ring fixture/mesh\nfixture/top fixture/base\n' > "$T/known"
check --known "$T/known" "$here/cycles/fixture" >/dev/null
ok $? "  and passes when both are known"

out=$(check --known "$here/cycles/known" "$top/supervisor" "$top/config")
st=$?
printf '%s\n' "$out"
ok $st "no cycle in supervisor/ and config/ outside tests/cycles/known"
done_testing
