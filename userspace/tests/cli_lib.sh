# SPDX-License-Identifier: GPL-2.0
#
# cli_lib.sh - what the command-line tests share; source it after setting
# $here to the tests directory. Sets $vresctl and $vres_sim (VRESCTL and
# VRES_SIM override them) and $tmp, a directory removed on exit. TAP output with a kselftest "# Totals:"
# line.
#
#   ok NAME / not_ok NAME / skip NAME WHY     one test point
#   run ARGS...                               vresctl ARGS: $rc, $out, $err
#   run vres-sim ARGS...                      vres-sim ARGS: the same
#   expect_error NAME PATTERN... -- ARGS      exit 2, one stderr line with
#                                             every PATTERN, empty stdout
#   json_is NAME EXPR EXPECTED                python3 EXPR over $out's JSON
#   totals                                    the plan and totals lines

vresctl=${VRESCTL:-$here/../vresctl/vresctl}
vres_sim=${VRES_SIM:-$here/../sim/vres-sim}
tmp=$(mktemp -d /tmp/vres-cli-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

pass=0 fail=0 skip=0 n=0

ok() {
	n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $1"
}

not_ok() {
	n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n $1"
}

skip() {
	n=$((n + 1)); skip=$((skip + 1)); echo "ok $n $1 # SKIP $2"
}

# run [vres-sim] ARGS...: vresctl (or vres-sim) ARGS; sets $rc, $out
# (stdout), $err (stderr).
run() {
	local prog=$vresctl

	if [ "$1" = vres-sim ]; then
		prog=$vres_sim
		shift
	fi
	out=$("$prog" "$@" 2>"$tmp/err")
	rc=$?
	err=$(cat "$tmp/err")
}

# expect_error NAME PATTERN... -- ARGS: exit 2, one stderr line matching
# every PATTERN (fixed strings), empty stdout.
expect_error() {
	local name=$1 pats=() p lines
	shift
	while [ "$1" != "--" ]; do
		pats+=("$1")
		shift
	done
	shift
	run "$@"
	lines=$(printf '%s' "$err" | grep -c '')
	if [ $rc -ne 2 ] || [ "$lines" -ne 1 ] || [ -n "$out" ]; then
		echo "# rc=$rc stderr lines=$lines stdout='${out:0:80}'"
		echo "# stderr: $err"
		not_ok "$name"
		return
	fi
	for p in "${pats[@]}"; do
		if ! printf '%s' "$err" | grep -qF -- "$p"; then
			echo "# stderr '$err' lacks '$p'"
			not_ok "$name"
			return
		fi
	done
	ok "$name"
}

# json_is NAME EXPR EXPECTED: the Python expression EXPR over the JSON
# document d in $out, printed as compact JSON, is EXPECTED.
json_is() {
	local got

	if [ -z "$have_python" ]; then
		skip "$1" "python3 not installed"
		return
	fi
	got=$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(json.dumps(eval(sys.argv[1]), separators=(",", ":")))' "$2" 2>&1)
	if [ "$got" = "$3" ]; then
		ok "$1"
	else
		echo "# $2: got '$got', want '$3'"
		not_ok "$1"
	fi
}

have_python=$(command -v python3 || true)

totals() {
	echo "1..$n"
	echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
	[ $fail -eq 0 ]
}
