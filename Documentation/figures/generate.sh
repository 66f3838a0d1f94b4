#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# generate.sh VRESCTL VRES_SIM DIR - write the figures of
# Documentation/simulation.rst into DIR. "make -C userspace figures" runs it into this directory;
# userspace/tests/simulate_test.sh runs it into a temporary one and
# compares, so the committed figures are always what the code draws.
# Everything is seeded: the same programs give the same bytes.
set -eu
vresctl=$1
vres_sim=$2
dir=$3
tmp=$(mktemp -d /tmp/vres-fig-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$dir"

# Sections 4.6-4.7 and 4.8.3 with their defaults (100 sets, seed 1,
# 1 unit = 1us). Eq 4 as printed gives the same longest periods at this
# time unit, and Eq 6 is the exact model, so only "exact" is kept.
"$vres_sim" max-period --supply exact --out "$tmp/mp" >/dev/null
"$vres_sim" overhead --supply exact --out "$tmp/oh" >/dev/null
for u in 0.1 0.2 0.3; do
	cp "$tmp/mp/max-period-u$u-exact.svg" "$dir/"
	cp "$tmp/oh/overhead-u$u-exact.svg" "$dir/"
done

# Figure 4.12 for single sets: the thesis's Section 4.5 example at
# C/T = 0.4 (1 unit = 1ms), and two sets of the overhead study in the
# configurations of Figure 4.12 (a) and (b).
cat >"$tmp/table-4.1.json" <<'EOF'
{"name": "thesis Table 4.1",
 "tasks": [{"name": "tau1", "period": "16ms", "wcet": "2ms"},
           {"name": "tau2", "period": "24ms", "wcet": "1ms"},
           {"name": "tau3", "period": "36ms", "wcet": "4ms"}]}
EOF
"$vresctl" plan "$tmp/table-4.1.json" --bandwidth 0.4 --overhead 0 \
	--plot "$dir/plan-table-4.1.svg" >/dev/null
"$vres_sim" taskset --of overhead --tasks 10 --util 0.3 --set 3 \
	>"$tmp/a.json"
"$vresctl" plan "$tmp/a.json" --bandwidth 0.54 --overhead 1us \
	--min-period 1us --ignore-limits --plot "$dir/plan-fig-4.12a.svg" >/dev/null
"$vres_sim" taskset --of overhead --tasks 10 --util 0.1 --set 0 \
	>"$tmp/b.json"
# No period works here: plan exits 1, which is the answer.
"$vresctl" plan "$tmp/b.json" --bandwidth 0.2 --overhead 16us \
	--min-period 1us --ignore-limits --plot "$dir/plan-fig-4.12b.svg" >/dev/null || [ $? -eq 1 ]
