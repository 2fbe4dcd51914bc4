#!/usr/bin/env bash
# Reruns the experiments behind the conflict notes of `omnisim facts`
# (analysis/facts.cpp, README "Facts and conflicts"): each prints the facts
# that a note quotes, under the overrides it describes. Default size and seed;
# about a minute per experiment on 2 cores. Usage: scripts/conflict-evidence.sh [omnisim]
set -euo pipefail
omnisim=${1:-build/release/omnisim}

experiment() {
  local title=$1
  shift
  echo "== $title"
  "$omnisim" facts --quiet --no-out "$@" |
    grep -E "^(multichannel_clv_uplift|retention_|growth_|cost_per_contact_|three_plus|whale_)"
}

experiment "default scenario"
experiment "purchase rates nearly equal within segments (Gamma shape x20, same means)" \
  --set segments.store_loyalists.purchase_rate.r=50 \
  --set segments.store_loyalists.purchase_rate.alpha_years=14 \
  --set segments.digital_natives.purchase_rate.r=30 \
  --set segments.digital_natives.purchase_rate.alpha_years=7 \
  --set segments.switchers.purchase_rate.r=40 \
  --set segments.switchers.purchase_rate.alpha_years=11.2 \
  --set segments.bargain_hunters.purchase_rate.r=20 \
  --set segments.bargain_hunters.purchase_rate.alpha_years=9.24
experiment "stronger satisfaction effect on dropout (kappa 0.6)" \
  --set mechanisms.satisfaction.kappa=0.6
experiment "heavy over-contact (silo campaigns x6, annoyance 1.5, kappa 0.6)" \
  --set campaigns.email.contacts_per_year=216 --set campaigns.social.contacts_per_year=144 \
  --set campaigns.app.contacts_per_year=144 \
  --set mechanisms.marketing.annoyance_per_contact=1.5 --set mechanisms.satisfaction.kappa=0.6
experiment "app diffusion 10 times faster (p 0.3, q 1.0)" \
  --set mechanisms.app_adoption.p_per_year=0.3 --set mechanisms.app_adoption.q_per_year=1.0
experiment "whale curve without the fixed cost per customer-year" \
  --set strategies.omnichannel.fixed_cost_eur_per_customer_year=0
