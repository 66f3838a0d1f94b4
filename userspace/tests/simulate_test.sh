#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# simulate_test.sh - vres-sim and vresctl plan --plot from the outside: the
# files each study writes, their determinism for a seed, the SVG figures
# parsed as XML with the series and legend entries they must hold, the
# CSV and JSON data, a study's set exported and re-planned by plan, and
# the input errors. Prints TAP and a kselftest "# Totals:" line. The
# XML and JSON checks use python3; without it they are skipped.
set -u
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=cli_lib.sh
. "$here/cli_lib.sh"

# svg_is NAME FILE EXPR EXPECTED: the Python expression EXPR, over the SVG
# FILE parsed by xml.etree (root; series: the <title>s of the
# <g class="series"> groups in order; legend: the legend's labels;
# titles: the plots' bold titles), printed as compact JSON, is EXPECTED.
# A file that is not well-formed XML fails.
svg_is() {
	local got

	if [ -z "$have_python" ]; then
		skip "$1" "python3 not installed"
		return
	fi
	got=$(python3 -c '
import json, sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.parse(sys.argv[1]).getroot()
series = [g.find("s:title", ns).text for g in root.iter("{%s}g" % ns["s"])
          if g.get("class") == "series"]
legend = [t.text for t in root.iter("{%s}text" % ns["s"])
          if t.get("class") == "label"]
titles = [t.text for t in root.iter("{%s}text" % ns["s"])
          if t.get("font-weight") == "bold"]
print(json.dumps(eval(sys.argv[2]), separators=(",", ":")))' "$2" "$3" 2>&1)
	if [ "$got" = "$4" ]; then
		ok "$1"
	else
		echo "# $3: got '$got', want '$4'"
		not_ok "$1"
	fi
}

# check NAME COMMAND...: the command succeeds.
check() {
	local name=$1

	shift
	if "$@" >/dev/null 2>&1; then
		ok "$name"
	else
		not_ok "$name"
	fi
}

# plan's default overhead must not depend on a vres loaded here.
export VRES_SYSFS_ROOT=$tmp/no-vres

echo "TAP version 13"

# ---- max-period ------------------------------------------------------------
small1=(vres-sim max-period --sets 4 --tasks 10,20 --util 0.2,0.3
	--bandwidths 0.2,0.3,0.5,0.9)
run "${small1[@]}" --out "$tmp/a"
if [ $rc -eq 0 ] && [ -z "$err" ]; then ok "max-period runs"; else
	echo "# rc=$rc err=$err"; not_ok "max-period runs"; fi
for f in max-period.csv max-period-sets.csv max-period-disagreement.csv \
	 max-period.json max-period-u0.2-paper.svg max-period-u0.2-exact.svg \
	 max-period-u0.3-paper.svg max-period-u0.3-exact.svg; do
	check "max-period writes $f" test -s "$tmp/a/$f"
done
# 2 n x 2 u x 4 C/T x 2 models, and per set
check "max-period.csv: one row per point" \
	test "$(($(wc -l <"$tmp/a/max-period.csv") - 1))" -eq 32
check "max-period-sets.csv: one row per set and point" \
	test "$(($(wc -l <"$tmp/a/max-period-sets.csv") - 1))" -eq 128

run "${small1[@]}" --out "$tmp/b"
check "same seed, same data" cmp "$tmp/a/max-period-sets.csv" \
	"$tmp/b/max-period-sets.csv"
check "same seed, same figure" cmp "$tmp/a/max-period-u0.3-exact.svg" \
	"$tmp/b/max-period-u0.3-exact.svg"
run "${small1[@]}" --seed 2 --out "$tmp/c"
check "other seed, other data" \
	bash -c "! cmp -s '$tmp/a/max-period-sets.csv' '$tmp/c/max-period-sets.csv'"
# More sets leave the first ones as they were.
run vres-sim max-period --sets 8 --tasks 10,20 --util 0.2,0.3 \
	--bandwidths 0.2,0.3,0.5,0.9 --out "$tmp/d"
check "more sets keep the first sets" bash -c \
	"grep -E '^[0-9]+,[^,]+,[^,]+,[a-z]+,[0-3],' '$tmp/d/max-period-sets.csv' |
	 cmp -s - <(tail -n +2 '$tmp/a/max-period-sets.csv')"

svg_is "max-period figure: series per panel" "$tmp/a/max-period-u0.3-exact.svg" \
	'series' \
	'["n=10 sd/mean","n=20 sd/mean","n=10 95% CI","n=10 mean","n=20 95% CI","n=20 mean","upper bound 1/(2(1-C/T))"]'
svg_is "max-period figure: legend" "$tmp/a/max-period-u0.3-exact.svg" \
	'legend' '["n = 10","n = 20","upper bound 1/(2(1-C/T))","95% confidence interval"]'
svg_is "max-period figure: a polyline per n and panel, and the bound" \
	"$tmp/a/max-period-u0.3-exact.svg" \
	'len(list(root.iter("{http://www.w3.org/2000/svg}polyline")))' '5'
# u = 0.3 cannot be scheduled at C/T = 0.2: the sd/mean line breaks there.
svg_is "max-period figure: 4 markers on the mean lines" \
	"$tmp/a/max-period-u0.3-exact.svg" \
	'len([c for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "series" and g.find("{http://www.w3.org/2000/svg}title").text == "n=10 mean" for c in g.iter("{http://www.w3.org/2000/svg}circle")])' '4'

run "${small1[@]}" --json
json_is "max-period JSON: points" 'len(d["points"])' '32'
json_is "max-period JSON: keys of a point" 'sorted(d["points"][0])' \
	'["bandwidth","ci95","cv","max","mean","min","schedulable","sd","sets","supply","tasks","upper_bound","utilization"]'
json_is "max-period JSON: u = 0.3 is never schedulable at C/T = 0.2" \
	'[p["schedulable"] for p in d["points"] if p["utilization"] == 0.3 and p["bandwidth"] == 0.2]' \
	'[0,0,0,0]'
json_is "max-period JSON: mean below the bound of Figure 4.3" \
	'all(p["max"] < p["upper_bound"] for p in d["points"])' 'true'
json_is "max-period JSON: disagreement table" 'len(d["disagreement"])' '16'
if [ -n "$have_python" ]; then
	got=$(python3 -c '
import csv, json, sys
d = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
ok = all(abs(float(r["mean"]) - p["mean"]) < 1e-6 and r["supply"] == p["supply"]
         for r, p in zip(rows, d["points"]))
print(ok and len(rows) == len(d["points"]))' "$tmp/a/max-period.json" \
		"$tmp/a/max-period.csv")
	if [ "$got" = True ]; then ok "max-period: CSV and JSON agree"; else
		not_ok "max-period: CSV and JSON agree"; fi
else
	skip "max-period: CSV and JSON agree" "python3 not installed"
fi

run vres-sim max-period --sets 3 --tasks 10 --util 0.2 --bandwidths 0.5 \
	--supply exact --out "$tmp/e"
check "--supply exact: no paper figure" test ! -e "$tmp/e/max-period-u0.2-paper.svg"
check "--supply exact: no disagreement table" \
	test ! -e "$tmp/e/max-period-disagreement.csv"

# ---- a study's set, exported and planned -------------------------------------
# The longest period of set 2 (n = 10, u = 0.3, C/T = 0.5) in the study
# must be what plan finds for the exported file.
run vres-sim taskset --of max-period --tasks 10 --util 0.3 --set 2
printf '%s\n' "$out" >"$tmp/set2.json"
want=$(awk -F, '$1 == 10 && $2 == 0.3 && $3 == 0.5 && $4 == "exact" && $5 == 2 { print $7 }' \
	"$tmp/a/max-period-sets.csv")
run plan "$tmp/set2.json" --bandwidth 0.5 --min-period 1ns --max-period 1s --ignore-limits --json
json_is "exported set: plan finds the study's longest period" \
	'd["max_period_ns"]' "$want"

# ---- overhead ----------------------------------------------------------------
small2=(vres-sim overhead --sets 3 --grid 0.2:0.28,0.4 --grid 0.3:0.6
	--overheads 0,1,4 --tvm-max 60)
run "${small2[@]}" --out "$tmp/o"
if [ $rc -eq 0 ] && [ -z "$err" ]; then ok "overhead runs"; else
	echo "# rc=$rc err=$err"; not_ok "overhead runs"; fi
for f in overhead.csv overhead-disagreement.csv overhead.json \
	 overhead-u0.2-exact.svg overhead-u0.2-paper.svg overhead-u0.3-exact.svg; do
	check "overhead writes $f" test -s "$tmp/o/$f"
done
# 3 grid points x 3 X x 2 models x 60 periods
check "overhead.csv: one row per curve point" \
	test "$(($(wc -l <"$tmp/o/overhead.csv") - 1))" -eq 1080
svg_is "overhead figure: one panel per C/T" "$tmp/o/overhead-u0.2-exact.svg" \
	'titles' '["(a) u = 0.2, C/T = 0.28 (exact)","(b) u = 0.2, C/T = 0.4 (exact)"]'
# per panel: limit, and per X a curve and a lower bound, and a left
# bound for X > 0 (X = 0 has it at T = 0, drawn too)
svg_is "overhead figure: series of a panel" "$tmp/o/overhead-u0.3-exact.svg" \
	'series' \
	'["schedulability limit","X=0","lower bound X=0","left bound X=0","X=1","lower bound X=1","left bound X=1","X=4","lower bound X=4","left bound X=4"]'
svg_is "overhead figure: legend" "$tmp/o/overhead-u0.2-exact.svg" \
	'legend' '["X = 0","X = 1","X = 4","lower bound (per X)","left bound (per X)","schedulability limit"]'
run "${small2[@]}" --json
json_is "overhead JSON: curves" 'len(d["curves"])' '18'
json_is "overhead JSON: a curve has a mean per T_VM" \
	'sorted(set(len(c["mean"]) for c in d["curves"]))' '[60]'
json_is "overhead JSON: paper = exact for X > 0 (Eq 6 is exact)" \
	'[x["points_differ"] for x in d["disagreement"] if x["overhead"] > 0]' \
	'[0,0,0,0,0,0]'
json_is "overhead JSON: the cap bounds every mean" \
	'all(0 < m <= 3 for c in d["curves"] for m in c["mean"])' 'true'

# ---- plan --plot ---------------------------------------------------------------
cat >"$tmp/thesis.json" <<'EOF'
{"name": "thesis 4.5",
 "tasks": [{"name": "tau1", "period": "16ms", "wcet": "2ms"},
           {"name": "tau2", "period": "24ms", "wcet": "1ms"},
           {"name": "tau3", "period": "36ms", "wcet": "4ms"}]}
EOF
run plan "$tmp/thesis.json" --bandwidth 0.4 --overhead 0 --plot "$tmp/plot.svg" --json
json_is "plan --plot: the JSON output is unchanged" 'd["max_period_ns"]' '10000000'
svg_is "plan --plot: series" "$tmp/plot.svg" 'series' \
	'["feasible periods","not searched","schedulability limit","left bound","lower bound","max R_i/D_i"]'
# one shaded rectangle per feasible interval, the isolated 10ms included
svg_is "plan --plot: a span per feasible interval" "$tmp/plot.svg" \
	'len([r for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "series" and g.find("{http://www.w3.org/2000/svg}title").text == "feasible periods" for r in g.iter("{http://www.w3.org/2000/svg}rect")])' \
	'4'
json_is "plan --plot: plan's own feasible intervals" \
	'len(d["feasible_periods_ns"])' '4'
svg_is "plan --plot: legend" "$tmp/plot.svg" 'len(legend)' '6'

# Without --bandwidth: the least bandwidth, the recommended server (with
# the default margins, 2.222223ms every 5.666666ms over 5ms..20ms) and
# its margin shaded: the budget margin from 0.9 C/T to C/T over the
# period margin 5.383333ms .. 5.949999ms.
run plan "$tmp/thesis.json" --min-period 5ms --max-period 20ms --overhead 0 --plot "$tmp/margin.svg" --json
json_is "plan --plot (recommendation): the JSON output is unchanged" \
	'[d["recommended"]["budget_ns"], d["recommended"]["period_ns"]]' '[2222223,5666666]'
svg_is "plan --plot (recommendation): series" "$tmp/margin.svg" 'series' \
	'["period margin","budget margin","least bandwidth","with the budget margin","least bandwidth, no margin","recommended server"]'
svg_is "plan --plot (recommendation): legend" "$tmp/margin.svg" 'len(legend)' '6'
svg_is "plan --plot (recommendation): one marker for the recommended server" "$tmp/margin.svg" \
	'len([c for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "series" and g.find("{http://www.w3.org/2000/svg}title").text == "recommended server" for c in g.iter("{http://www.w3.org/2000/svg}circle")])' \
	'1'

# ---- the committed figures ---------------------------------------------------
# Documentation/figures/*.svg must be what this vresctl draws (seeded, so
# byte for byte): "make -C userspace figures" after a change to the studies
# or the drawing.
figs=$here/../../Documentation/figures
if "$figs/generate.sh" "$vresctl" "$vres_sim" "$tmp/fig" >/dev/null 2>&1; then
	for f in "$figs"/*.svg; do
		b=$(basename "$f")
		check "Documentation/figures/$b is reproduced" cmp -s "$f" "$tmp/fig/$b"
	done
	check "generate.sh writes only committed figures" test \
		"$(ls "$tmp/fig" | wc -l)" -eq "$(ls "$figs"/*.svg | wc -l)"
else
	not_ok "Documentation/figures/generate.sh runs"
fi

# ---- errors ------------------------------------------------------------------
expect_error "simulate: no study" "expected a study" -- vres-sim
expect_error "simulate: unknown study" "unknown study 'foo'" -- vres-sim foo
expect_error "simulate: bandwidth 1" "--bandwidths" "'1'" "must be below 1" \
	-- vres-sim max-period --bandwidths 0.5,1
expect_error "simulate: bad task count" "--tasks" "'0'" \
	-- vres-sim max-period --tasks 10,0
expect_error "simulate: bad grid" "--grid" "U:B" -- vres-sim overhead --grid 0.2
expect_error "simulate: overhead takes one n" "one task count" \
	-- vres-sim overhead --tasks 10,20
expect_error "simulate: bad supply" "unknown model 'eq4'" \
	-- vres-sim max-period --supply eq4
expect_error "simulate: bad cap" "--cap" -- vres-sim overhead --cap 0.5
expect_error "simulate: taskset needs its options" "taskset: give" \
	-- vres-sim taskset --tasks 10
expect_error "simulate: out dir cannot be made" "--out" "$tmp/none/x" \
	-- vres-sim max-period --sets 1 --tasks 10 --util 0.1 --bandwidths 0.5 \
	--out "$tmp/none/x"
expect_error "plan: --plot does not apply to --period" "--plot does not apply to --period" \
	-- plan "$tmp/thesis.json" --period 10ms --plot "$tmp/p.svg"
expect_error "plan: --plot file cannot be made" "--plot" "$tmp/none/p.svg" \
	-- plan "$tmp/thesis.json" --bandwidth 0.4 --plot "$tmp/none/p.svg"
run vres-sim --help
if [ $rc -eq 0 ] && printf '%s' "$out" | grep -q "max-period"; then
	ok "vres-sim --help"; else not_ok "vres-sim --help"; fi
run vres-sim --version
if [ $rc -eq 0 ] && [ "${out%% *}" = vres-sim ]; then
	ok "vres-sim --version"; else not_ok "vres-sim --version"; fi
# The studies left vresctl: its old command says where they went.
expect_error "vresctl simulate points to vres-sim" "vres-sim max-period" \
	-- simulate max-period --sets 1

totals
