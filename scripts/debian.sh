# SPDX-License-Identifier: GPL-2.0
#
# debian.sh: what the scripts that fetch Debian packages share; sourced by
# kernels.sh, buildroot.sh, qemu.sh and selftests/build32.sh.
#
#   debian_mirror          the archive the system uses (its first http(s)
#                          Debian URI), else Debian's; no trailing slash
#   debian_apt_opts DIR    set APT_OPTS to apt-get/apt-cache options for a
#                          private apt state in DIR: its own sources.list,
#                          lists and downloads, the system's untouched. A
#                          caller may append options; the last one wins.
#   debian_unpack DIR DEB...
#                          DIR emptied, then every DEB unpacked into it
#                          (dpkg -x); false if one cannot be
#   debian_repoint_headers DIR ROOT
#                          make the kernel headers unpacked in DIR name
#                          ROOT/usr/src where they name themselves

debian_mirror() {
	local m
	m=$(grep -rhsoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list \
		/etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources \
		2>/dev/null | head -n 1 | tr -d ' ')
	m=${m:-http://deb.debian.org/debian}
	echo "${m%/}"
}

debian_apt_opts() {
	APT_OPTS=(
		-o "Dir::Etc::SourceList=$1/sources.list"
		-o "Dir::Etc::SourceParts=/dev/null"
		-o "Dir::State::Lists=$1/lists"
		-o "Dir::Cache=$1/cache"
		-o "Dir::State::status=/var/lib/dpkg/status"
		-o "APT::Get::List-Cleanup=0"
		-o "APT::Sandbox::User=root"
		-o "Debug::NoLocking=1"
	)
}

debian_unpack() {
	local dir=$1 deb
	shift
	rm -rf "$dir"
	mkdir -p "$dir" || return 1
	for deb in "$@"; do
		dpkg -x "$deb" "$dir" || return 1
	done
}

# Installed, the headers refer to each other (7.x: and to their output
# directory) by absolute paths under /usr/src. Unpacked elsewhere they
# must name where they are, and again after the work tree (with it
# .build/cache) has moved: whatever precedes /usr/src/linux-headers- is
# replaced. A Makefile already right is not touched.
debian_repoint_headers() {
	local f
	for f in "$1"/usr/src/linux-headers-*/Makefile; do
		[ -e "$f" ] || continue
		grep -E '^(include |KBUILD_OUTPUT=)' "$f" |
			grep -qvE "^(include |KBUILD_OUTPUT=)$2/usr/src/" || continue
		sed -i -E "s#^(include |KBUILD_OUTPUT=)[^ ]*/usr/src/linux-headers-#\\1$2/usr/src/linux-headers-#" "$f"
	done
}
