#include "sim/kpi/tally.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <span>

namespace omnisim {
namespace {
template <class T, std::size_t N>
void add_all(std::array<T, N>& into, const std::array<T, N>& from) {
  for (std::size_t i = 0; i < N; ++i)
    into[i] += from[i];
}
template <class T>
void add_all(std::vector<T>& into, const std::vector<T>& from) {
  for (std::size_t i = 0; i < into.size(); ++i)
    into[i] += from[i];
}
}  // namespace

double Moments::mean() const {
  return n == 0 ? std::numeric_limits<double>::quiet_NaN() : sum / static_cast<double>(n);
}

double Moments::sd() const {
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  const double count = static_cast<double>(n);
  const double variance = (sum_squares - sum * sum / count) / (count - 1.0);
  return std::sqrt(std::max(variance, 0.0));
}

void Histogram::add(double value) {
  const double position = (value - kLow) / kWidth;
  int bin = 0;
  // NaN is counted with the overflow, rather than lost.
  if (std::isnan(position) || position >= kBins) {
    bin = kBins + 1;
  } else if (position < 0.0) {
    bin = 0;
  } else {
    bin = 1 + static_cast<int>(position);
  }
  ++counts[static_cast<std::size_t>(bin)];
  if (!std::isnan(value)) sums[static_cast<std::size_t>(bin)] += value;
  if (value < 0.0) ++below_zero;
}

void Histogram::merge(const Histogram& other) {
  add_all(counts, other.counts);
  add_all(sums, other.sums);
  below_zero += other.below_zero;
}

double Histogram::top_share(double fraction) const {
  std::uint64_t total_count = 0;
  double total_value = 0.0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    total_count += counts[i];
    total_value += sums[i];
  }
  if (total_count == 0 || !(total_value > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  // From the top bin down; the bin the cut falls in contributes its average
  // value per customer for the customers it still needs.
  double wanted = fraction * static_cast<double>(total_count);
  double top_value = 0.0;
  for (std::size_t i = counts.size(); i-- > 0 && wanted > 0.0;) {
    const auto count = static_cast<double>(counts[i]);
    if (count == 0.0) continue;
    const double taken = std::min(count, wanted);
    top_value += sums[i] * (taken / count);
    wanted -= taken;
  }
  return top_value / total_value;
}

double Histogram::share_below_zero() const {
  std::uint64_t total = 0;
  for (auto count : counts)
    total += count;
  return total > 0 ? static_cast<double>(below_zero) / static_cast<double>(total)
                   : std::numeric_limits<double>::quiet_NaN();
}

double Histogram::quantile(double probability) const {
  std::uint64_t total = 0;
  for (auto count : counts)
    total += count;
  if (total == 0) return std::numeric_limits<double>::quiet_NaN();
  const double target = probability * static_cast<double>(total);
  double cumulative = 0.0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double next = cumulative + static_cast<double>(counts[i]);
    if (next >= target && counts[i] > 0) {
      if (i == 0) return kLow;
      if (i == counts.size() - 1) return kLow + kWidth * kBins;
      const double within = (target - cumulative) / static_cast<double>(counts[i]);
      return kLow + kWidth * (static_cast<double>(i - 1) + within);
    }
    cumulative = next;
  }
  return kLow + kWidth * kBins;
}

Tally::Tally(const TallyLayout& layout)
    : age_eligible(static_cast<std::size_t>(layout.n_age_months) + 1),
      age_alive(static_cast<std::size_t>(layout.n_age_months) + 1),
      revenue_by_year(static_cast<std::size_t>(layout.n_years)),
      contact_cost_by_year(static_cast<std::size_t>(layout.n_years)),
      contacts_by_year(static_cast<std::size_t>(layout.n_years)),
      orders_by_year(static_cast<std::size_t>(layout.n_years)),
      segment_spend(static_cast<std::size_t>(layout.n_segments)),
      layout_(layout) {}

void SegmentSpend::merge(const SegmentSpend& other) {
  for (std::size_t multi = 0; multi < 2; ++multi) {
    add_all(orders[multi], other.orders[multi]);
    add_all(value_eur[multi], other.value_eur[multi]);
  }
}

void Tally::add_contact(int channel, double cost_eur, int year) {
  (*this)[Count::kContacts] += 1;
  contacts_by_year[static_cast<std::size_t>(year)] += 1;
  add_contact_cost(channel, cost_eur, year);
}

void Tally::add_contact_cost(int channel, double cost_eur, int year) {
  (*this)[Sum::kContactCost] += cost_eur;
  at(channel, ChannelSum::kContactCost) += cost_eur;
  contact_cost_by_year[static_cast<std::size_t>(year)] += cost_eur;
}

void Tally::add_revenue(int channel, double revenue_eur, int year) {
  (*this)[Sum::kRevenue] += revenue_eur;
  at(channel, ChannelSum::kRevenue) += revenue_eur;
  revenue_by_year[static_cast<std::size_t>(year)] += revenue_eur;
}

void Tally::clear() {
  *this = Tally(layout_);
}

double Tally::contribution_per_need_eur() const {
  const double needs = (*this)[Sum::kNaturalNeeds];
  return needs > 0.0 ? (*this)[Sum::kContribution] / needs
                     : std::numeric_limits<double>::quiet_NaN();
}

void Tally::merge(const Tally& other) {
  add_all(counts_, other.counts_);
  add_all(sums_, other.sums_);
  for (std::size_t c = 0; c < kMaxChannels; ++c) {
    add_all(channel_counts_[c], other.channel_counts_[c]);
    add_all(channel_sums_[c], other.channel_sums_[c]);
  }
  orders_per_customer.merge(other.orders_per_customer);
  clv_eur.merge(other.clv_eur);
  clv_net_eur.merge(other.clv_net_eur);
  clv_lifetime_eur.merge(other.clv_lifetime_eur);
  clv_lifetime_net_eur.merge(other.clv_lifetime_net_eur);
  clv_single_channel_eur.merge(other.clv_single_channel_eur);
  clv_multichannel_eur.merge(other.clv_multichannel_eur);
  clv_histogram.merge(other.clv_histogram);
  add_all(channels_used, other.channels_used);
  add_all(retention_eligible, other.retention_eligible);
  add_all(retention_alive, other.retention_alive);
  add_all(age_eligible, other.age_eligible);
  add_all(age_alive, other.age_alive);
  add_all(revenue_by_year, other.revenue_by_year);
  add_all(contact_cost_by_year, other.contact_cost_by_year);
  add_all(contacts_by_year, other.contacts_by_year);
  add_all(orders_by_year, other.orders_by_year);
  for (std::size_t s = 0; s < segment_spend.size(); ++s)
    segment_spend[s].merge(other.segment_spend[s]);
}

template <class Self, class Visit>
void Tally::for_each_span(Self& self, const Visit& visit) {
  const auto array = [&](auto& values) { visit(std::span(values)); };
  const auto moments = [&](auto& m) {
    visit(std::span(&m.n, 1));
    visit(std::span(&m.sum, 1));
    visit(std::span(&m.sum_squares, 1));
  };
  array(self.counts_);
  array(self.sums_);
  for (auto& channel : self.channel_counts_)
    array(channel);
  for (auto& channel : self.channel_sums_)
    array(channel);
  for (auto* m :
       {&self.orders_per_customer, &self.clv_eur, &self.clv_net_eur, &self.clv_lifetime_eur,
        &self.clv_lifetime_net_eur, &self.clv_single_channel_eur, &self.clv_multichannel_eur})
    moments(*m);
  array(self.clv_histogram.counts);
  array(self.clv_histogram.sums);
  visit(std::span(&self.clv_histogram.below_zero, 1));
  array(self.channels_used);
  array(self.retention_eligible);
  array(self.retention_alive);
  array(self.age_eligible);
  array(self.age_alive);
  array(self.revenue_by_year);
  array(self.contact_cost_by_year);
  array(self.contacts_by_year);
  array(self.orders_by_year);
  for (auto& spend : self.segment_spend) {
    for (std::size_t multi = 0; multi < 2; ++multi) {
      array(spend.orders[multi]);
      array(spend.value_eur[multi]);
    }
  }
}

void Tally::pack(ByteWriter& out) const {
  std::vector<PackedWord> words;
  std::uint64_t index = 0;
  for_each_span(*this, [&](auto values) {
    for (const auto& value : values) {
      static_assert(sizeof value == sizeof(std::uint64_t), "a tally's numbers are 64-bit words");
      std::uint64_t bits = 0;
      std::memcpy(&bits, &value, sizeof bits);
      if (bits != 0) words.push_back({index, bits});
      ++index;
    }
  });
  out.put_span(std::span<const PackedWord>(words));
}

Tally Tally::unpack(ByteReader& in, const TallyLayout& layout) {
  Tally tally(layout);
  const auto words = in.get_vector<PackedWord>();
  auto next = words.begin();
  std::uint64_t index = 0;
  for_each_span(tally, [&](auto values) {
    for (auto& value : values) {
      static_assert(sizeof value == sizeof(std::uint64_t), "a tally's numbers are 64-bit words");
      if (next != words.end() && next->index == index) {
        std::memcpy(&value, &next->bits, sizeof value);
        ++next;
      }
      ++index;
    }
  });
  if (next != words.end()) throw ModelError("tally message: a word past the tally's layout");
  return tally;
}

}  // namespace omnisim
