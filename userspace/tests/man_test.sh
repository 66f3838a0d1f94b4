#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# man_test.sh - the man pages render cleanly: mandoc's lint finds nothing
# down to style level, groff -ww warns of nothing, and every section that
# vresctl(8) and vres-sim(1) need is there. Prints TAP and a kselftest
# "# Totals:" line. Without mandoc or groff (make deps installs both) a
# check is a skip.
set -u
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=cli_lib.sh
. "$here/cli_lib.sh"

doc=$here/../../Documentation
for page in vresctl.8 vres-sim.1; do
	f=$doc/$page
	if command -v mandoc >/dev/null; then
		msgs=$(mandoc -T lint -W style "$f" 2>&1)
		if [ -z "$msgs" ]; then
			ok "$page: mandoc -T lint -W style finds nothing"
		else
			printf '%s\n' "$msgs" | sed 's/^/# /'
			not_ok "$page: mandoc -T lint -W style finds nothing"
		fi
	else
		skip "$page: mandoc lint" "mandoc not installed (make deps)"
	fi
	if command -v groff >/dev/null; then
		msgs=$(groff -ww -man -Tutf8 -z "$f" 2>&1)
		if [ -z "$msgs" ]; then
			ok "$page: groff -ww warns of nothing"
		else
			printf '%s\n' "$msgs" | sed 's/^/# /'
			not_ok "$page: groff -ww warns of nothing"
		fi
	else
		skip "$page: groff warnings" "groff not installed (make deps)"
	fi
	missing=""
	for sec in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" EXAMPLES \
		   "SEE ALSO"; do
		grep -qx "\.SH $sec\|\.SH \"$sec\"" "$f" || missing+=" $sec"
	done
	if [ -z "$missing" ]; then
		ok "$page: has NAME, SYNOPSIS, DESCRIPTION, OPTIONS, EXIT STATUS, EXAMPLES, SEE ALSO"
	else
		echo "# missing sections:$missing"
		not_ok "$page: has NAME, SYNOPSIS, DESCRIPTION, OPTIONS, EXIT STATUS, EXAMPLES, SEE ALSO"
	fi
done
totals
