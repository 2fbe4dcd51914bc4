#pragma once
// The KPIs omnisim leads with, in order: the rows `run` and `compare` print
// by default (--all-kpis prints the whole catalogue) and the report's
// headline table; its first kHeadlineCharts are the report's headline charts
// (net lifetime CLV per prospect -- the verdict --, lifetime CLV, net
// lifetime CLV, retention, cost per contact, revenue per customer).

#include <array>
#include <cstddef>

namespace omnisim {

inline constexpr std::array<const char*, 14> kHeadlineKpis{
    "clv_lifetime_net_per_prospect_eur",
    "clv_lifetime_eur",
    "clv_lifetime_net_eur",
    "clv_net_eur",
    "retention_12m",
    "cost_per_contact_eur",
    "revenue_per_customer_eur",
    "clv_eur",
    "retention_36m",
    "orders_per_customer",
    "cost_to_serve_per_customer_eur",
    "channels_per_shopper",
    "nps",
    "lost_to_competitors_share",
};
inline constexpr std::size_t kHeadlineCharts = 7;

}  // namespace omnisim
