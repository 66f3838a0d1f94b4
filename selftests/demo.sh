#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh: "make demo". Installs what is missing, builds vres, boots the
# test VM, loads the module and shows its sysfs tree.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

if [ "$(id -u)" -eq 0 ]; then
	make -s deps
fi
make -s all selftests

exec selftests/vmtest.sh -- bash -c '
	echo "== vres $(cat /sys/kernel/vres/version) is loaded; its sysfs tree:"
	find /sys/kernel/vres | sort | while read -r f; do
		if [ -f "$f" ] && [ -r "$f" ]; then
			printf "%-50s %s\n" "$f" "$(head -c 200 "$f" | tr "\n" " ")"
		else
			printf "%s\n" "$f"
		fi
	done
	echo
	echo "Summary: the vres module was built for $(uname -r), loaded into a"
	echo "virtual machine running that kernel, and published its"
	echo "configuration tree under /sys/kernel/vres."
'
