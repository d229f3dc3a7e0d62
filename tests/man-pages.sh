#!/bin/sh
# Every manual page formats without a single groff warning (-ww), and
# renders to something with its NAME and SYNOPSIS.
. "$(dirname "$0")/lib.sh"

command -v groff >/dev/null || skip_all "groff is not installed"
man=$(cd "$(dirname "$0")/../man" && pwd)
for page in "$man"/*.[1-8]; do
	name=$(basename "$page")
	if head -n 1 "$page" | grep -q '^\.so '; then
		# an alias page: its target must be there
		target=$(head -n 1 "$page" | sed 's|^\.so man[0-9]/||')
		ok $([ -f "$man/$target" ] && echo 0 || echo 1) "$name: an alias of $target"
		continue
	fi
	is "$(groff -man -Tutf8 -ww -z "$page" 2>&1)" "" "$name: no groff warnings"
	text=$(groff -man -Tutf8 "$page" 2>/dev/null | sed 's/.\x08//g')
	like "$text" "^NAME" "$name: has a NAME section"
	like "$text" "^SYNOPSIS" "$name: and a SYNOPSIS"
done
done_testing
