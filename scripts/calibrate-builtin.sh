#!/usr/bin/env bash
# Recalibrates the built-in scenario (scenarios/retail.toml) to the facts it
# is calibrated to -- the in-sample facts of `omnisim facts` (analysis/
# facts.cpp, docs/model.md §10) -- and prints the fitted values to copy into
# the scenario. The validation facts are never targets. Usage:
#   scripts/calibrate-builtin.sh [omnisim] [extra calibrate options...]
# About a minute on 2 cores: 20,000 customers, one replication, common
# random numbers, NLopt's BOBYQA from the centre of each range.
set -euo pipefail
omnisim=${1:-build/release/omnisim}
shift || true
out=$(mktemp --suffix=.toml)
trap 'rm -f "$out"' EXIT
"$omnisim" calibrate --customers 20000 --replications 1 --strategy omnichannel \
  --max-evaluations 600 --out "$out" --force \
  --target "share_online_only=0.07±0.01" \
  --target "share_store_only=0.20±0.01" \
  --target "channels_per_shopper=2.1±0.03" \
  --target "share_three_plus_channels=0.30±0.01" \
  --target "store_share_of_sales=0.73±0.01" \
  --target "store_stockout_lost_sale_share=0.58±0.02" \
  --target "retention_12m=0.89±0.005" \
  --target "revenue_growth_per_year=0.095±0.01" \
  --target "marketing_trigger_rate=0.0201±0.001" \
  --free "mechanisms.funnel.retry_probability=[0.2,1]" \
  --free "mechanisms.funnel.outside_utility=[-4,3]" \
  --free "mechanisms.habit.utility=[0,4]" \
  --free "segments.digital_natives.affinity.store=[-4,1]" \
  --free "channels.store.stage_fit.consideration=[-2,1.5]" \
  --free "channels.store.stage_fit.decision=[-1,2.5]" \
  --free "channels.web.stage_fit.consideration=[-1,2]" \
  --free "channels.web.stage_fit.decision=[-1.5,1.5]" \
  --free "mechanisms.satisfaction.neutral=[2,9]" \
  --free "acquisition.initial_share=[0.4,0.9]" \
  --free "mechanisms.marketing.trigger_probability=[0.005,0.06]" \
  "$@"
