#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh: build the fuzz targets of selftests/fuzz and run each in turn,
# on one core, for SECONDS (default 20), printing TAP:
#
#   selftests/fuzz/run.sh [SECONDS [TARGET...]]
#
# TARGET is sysfs_parse, taskset or planfile (default: all three). Each
# run starts from the committed seeds (seeds/TARGET, never written) and the
# corpus earlier runs grew (.build/fuzz/corpus/TARGET); libFuzzer's output
# is kept in .build/fuzz/TARGET.log. A crash, a sanitizer report, a leak,
# a failed check() of the harness or an input that runs longer than
# FUZZ_TIMEOUT seconds (default 10) fails the target; the input is saved
# in .build/fuzz/artifacts/TARGET/, and
#
#   .build/fuzz/TARGET_fuzz .build/fuzz/artifacts/TARGET/crash-...
#
# replays it. Without clang or libFuzzer (make deps installs both) every
# target is a skip. The last line is "# vres-totals: pass:N fail:N skip:N";
# the exit status is 1 if a target failed, else 0 (as tap_run.sh's: a
# skip is reported in the totals, not in the status).
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$top/.build/fuzz
secs=${1:-20}
shift $(($# > 0 ? 1 : 0))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(sysfs_parse taskset planfile)
timeout=${FUZZ_TIMEOUT:-10}

case $secs in
'' | *[!0-9]*)
	echo "run.sh: SECONDS must be a whole number, not '$secs'" >&2
	exit 2
	;;
esac

# Longest input: a sysfs write is at most PAGE_SIZE bytes; task sets and
# plans of a few dozen tasks fit in 8 KiB.
max_len() {
	case $1 in
	sysfs_parse) echo 4096 ;;
	*) echo 8192 ;;
	esac
}

echo "TAP version 13"
echo "1..${#targets[@]}"

pass=0 fail=0 skip=0 n=0
skip_all() {
	local t
	for t in "${targets[@]}"; do
		n=$((n + 1))
		echo "ok $n fuzz: $t # SKIP $1"
	done
	skip=${#targets[@]}
}

probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
	>"$probe/probe.c"
if ! command -v clang >/dev/null; then
	skip_all "no clang (make deps)"
elif ! clang -fsanitize=fuzzer,address,undefined -o "$probe/probe" \
	"$probe/probe.c" >/dev/null 2>&1; then
	skip_all "clang cannot link libFuzzer (libclang-rt-dev; make deps)"
elif ! mkdir -p "$out" || ! make -s -C "$here" O="$out" >"$out/build.log" 2>&1; then
	sed 's/^/# /' "$out/build.log"
	for t in "${targets[@]}"; do
		n=$((n + 1))
		echo "not ok $n fuzz: $t # build failed"
	done
	fail=${#targets[@]}
fi
if [ $((pass + fail + skip)) -gt 0 ]; then
	echo "# vres-totals: pass:$pass fail:$fail skip:$skip"
	[ "$fail" -eq 0 ]
	exit
fi

for t in "${targets[@]}"; do
	n=$((n + 1))
	bin=$out/${t}_fuzz
	if [ ! -x "$bin" ]; then
		echo "not ok $n fuzz: $t # no such target"
		fail=$((fail + 1))
		continue
	fi
	corpus=$out/corpus/$t
	artifacts=$out/artifacts/$t
	log=$out/$t.log
	mkdir -p "$corpus" "$artifacts"
	dict=()
	[ "$t" != sysfs_parse ] && dict=(-dict="$here/json.dict")
	cmd=("$bin" -max_total_time="$secs" -timeout="$timeout"
		-max_len="$(max_len "$t")" -rss_limit_mb=2048 "${dict[@]}"
		-artifact_prefix="$artifacts/" -print_final_stats=1
		"$corpus" "$here/seeds/$t")
	echo "# ${cmd[*]//"$top/"/}"
	"${cmd[@]}" >"$log" 2>&1
	rc=$?
	# "#123 DONE cov: 231 ft: 394 corp: 22/303b lim: 44 exec/s: ..."
	done_line=$(grep -aE '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)
	runs=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<< "$done_line")
	cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$done_line")
	ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$done_line")
	corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9A-Za-z]*\).*/\1/p' <<< "$done_line")
	if [ "$rc" -eq 0 ] && [ -n "$done_line" ]; then
		echo "ok $n fuzz: $t: $runs runs in $secs s, cov $cov ft $ft corp $corp"
		pass=$((pass + 1))
	else
		echo "# libFuzzer exited with $rc; the end of $log:"
		grep -avE '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)' "$log" |
			tail -n 40 | sed 's/^/#   /'
		echo "not ok $n fuzz: $t: failed (input in ${artifacts#"$top/"}/)"
		fail=$((fail + 1))
	fi
done

echo "# vres-totals: pass:$pass fail:$fail skip:$skip"
[ "$fail" -eq 0 ]
