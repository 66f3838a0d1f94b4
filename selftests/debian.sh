# SPDX-License-Identifier: GPL-2.0
#
# debian.sh: what the scripts that fetch Debian packages share; sourced by
# kernels.sh, buildroot.sh, build32.sh and qemu.sh.
#
#   debian_mirror          the archive the system uses (its first http(s)
#                          Debian URI), else Debian's; no trailing slash
#   debian_apt_opts DIR    set APT_OPTS to apt-get/apt-cache options for a
#                          private apt state in DIR: its own sources.list,
#                          lists and downloads, the system's untouched. A
#                          caller may append options; the last one wins.

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
