#!/usr/bin/env bash
# Writes the HDF5 files the results fuzz target edits (results_fuzz.cpp):
# a compare with its customer table, an explain and a sweep -- small, so a
# sanitized build makes them in seconds -- by the omnisim binary given (the
# build's own, so they follow its schema).
#   tests/fuzz/make_bases.sh OMNISIM DIRECTORY
set -euo pipefail
omnisim=$1 bases=$2
rm -rf "$bases"
mkdir -p "$bases"
small=(--customers 150 --replications 2 --quiet --threads 1)
"$omnisim" compare "${small[@]}" --customers-table --out "$bases/compare.h5" >/dev/null
"$omnisim" explain "${small[@]}" --mechanisms personalisation,context_carryover \
  --out "$bases/explain.h5" >/dev/null
cat >"$bases/sweep.toml" <<'SWEEP'
design = "grid"
grid_levels = 2
replications = 2
strategies = ["omnichannel", "multichannel"]
kpis = ["clv_eur", "retention_12m"]
[fixed]
simulation.customers = 150
[[parameter]]
key = "strategies.omnichannel.fixed_cost_eur_per_customer_year"
low = 6.0
high = 18.0
[[parameter]]
key = "channels.store.visit_cost_eur"
levels = [0.5, 2.0]
SWEEP
"$omnisim" sweep "$bases/sweep.toml" --quiet --threads 1 --out "$bases/sweep.h5" >/dev/null
rm "$bases/sweep.toml"
