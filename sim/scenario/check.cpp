#include "sim/scenario/check.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include <boost/math/special_functions/gamma.hpp>

#include "sim/core/calendar.hpp"
#include "sim/core/error.hpp"
#include "sim/core/limits.hpp"
#include "sim/core/names.hpp"
#include "sim/scenario/schema.hpp"

namespace omnisim {
void Diagnostics::add(const std::string& location, const std::string& key_path,
                      const std::string& message) {
  problems_.push_back(location + ": " + key_path + ": " + message);
  key_paths_.push_back(key_path);
}

bool Diagnostics::reported(std::string_view key_path) const {
  return std::any_of(key_paths_.begin(), key_paths_.end(), [&](std::string_view path) {
    return path.starts_with(key_path) &&
           (path.size() == key_path.size() || path[key_path.size()] == '.' ||
            path[key_path.size()] == '[');
  });
}

void Diagnostics::throw_if_any() const {
  if (!problems_.empty()) throw InputError(problems_);
}

std::string Locations::of(std::string path) const {
  while (!path.empty()) {
    if (auto found = by_path.find(path); found != by_path.end()) return found->second;
    const auto cut = path.find_last_of(".[");
    path = cut == std::string::npos ? std::string() : path.substr(0, cut);
  }
  return fallback;
}

std::string Locations::of_changed(std::initializer_list<std::string> paths) const {
  for (const auto& path : paths) {
    std::string location = of(path);
    if (location.starts_with("--set")) return location;
  }
  return of(*paths.begin());
}

namespace {

// The need rate per year exceeded by a share kNeedRateTail of customers:
// the Gamma(r, alpha) upper quantile (infinite when it cannot be computed).
double top_need_rate_per_year(double r, double alpha_years) {
  using Policy = boost::math::policies::policy<
      boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
      boost::math::policies::evaluation_error<boost::math::policies::ignore_error>,
      boost::math::policies::domain_error<boost::math::policies::ignore_error>>;
  const double quantile = boost::math::gamma_q_inv(r, kNeedRateTail, Policy());
  const double rate = quantile / alpha_years;
  return std::isnan(rate) ? HUGE_VAL : rate;
}

class ReferenceChecker {
 public:
  ReferenceChecker(const Scenario& scenario, const Locations& locations, Diagnostics& diagnostics)
      : scenario_(scenario), locations_(locations), diagnostics_(diagnostics) {
    for (const auto& channel : scenario.channels)
      channel_names_.insert(channel.name);
  }

  void run() {
    check_campaigns();
    check_simulation();
    check_event_times();
    check_segments();
    check_channels();
    check_strategies();
    check_bridges();
  }

 private:
  void problem(const std::string& path, const std::string& message) {
    diagnostics_.add(locations_.of(path), path, message);
  }
  // Whether a table of `section` was dropped for its name or type.
  bool dropped(std::string_view section) const {
    return diagnostics_.any_reported([&](std::string_view path) {
      return path.size() > section.size() + 1 && path.starts_with(section) &&
             path[section.size()] == '.' &&
             path.find_first_of(".[", section.size() + 1) == std::string_view::npos;
    });
  }
  // A cross-key check says nothing when one of its inputs was already reported.
  bool reported(std::initializer_list<std::string> inputs) const {
    return std::any_of(inputs.begin(), inputs.end(),
                       [&](const std::string& input) { return diagnostics_.reported(input); });
  }

  std::string known_channels() const {
    std::string list;
    for (const auto& channel : scenario_.channels)
      list += (list.empty() ? "" : ", ") + channel.name;
    return list.empty() ? "none defined" : list;
  }

  void check_channel_name(const std::string& path, const std::string& name) {
    // With no channels at all, "at least one channel is required" says it all.
    if (scenario_.channels.empty() || reported({path, "channels." + name})) return;
    if (!channel_names_.contains(name)) {
      problem(path, "unknown channel \"" + name + "\"" +
                        did_you_mean(name, names_of(scenario_.channels)) +
                        " (channels: " + known_channels() + ")");
    }
  }

  void check_channel_list(const std::string& path, const std::vector<std::string>& names) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < names.size(); ++i) {
      const std::string element = path + '[' + std::to_string(i) + ']';
      check_channel_name(element, names[i]);
      if (!seen.insert(names[i]).second)
        problem(element, "channel \"" + names[i] + "\" listed twice");
    }
  }

  void check_campaigns() {
    for (const auto& campaign : scenario_.campaigns) {
      check_channel_name("campaigns." + campaign.name, campaign.name);
      // A campaign no strategy runs would be silently ignored.
      const bool run = std::any_of(
          scenario_.strategies.begin(), scenario_.strategies.end(), [&](const StrategySpec& s) {
            return std::find(s.campaigns.begin(), s.campaigns.end(), campaign.name) !=
                   s.campaigns.end();
          });
      if (!run && !scenario_.strategies.empty() && !dropped("strategies")) {
        problem("campaigns." + campaign.name,
                "no strategy runs this campaign: add \"" + campaign.name +
                    "\" to some strategies.<name>.campaigns, or remove the table");
      }
    }
  }

  // A channel kind must be open at some hour of some day.
  void check_event_times() {
    const auto& times = scenario_.event_times;
    const auto check = [&](const char* key, const std::vector<double>& weights) {
      const std::string path = std::string("event_times.") + key;
      double total = 0.0;
      for (double weight : weights)
        total += weight;
      if (!(total > 0.0) && !reported({path})) problem(path, "expected at least one weight > 0");
    };
    check("digital_by_hour", times.digital_by_hour);
    check("digital_by_weekday", times.digital_by_weekday);
    check("physical_by_hour", times.physical_by_hour);
    check("physical_by_weekday", times.physical_by_weekday);
    check("assisted_by_hour", times.assisted_by_hour);
    check("assisted_by_weekday", times.assisted_by_weekday);
  }

  void check_simulation() {
    const auto& simulation = scenario_.simulation;
    if (!parse_iso_date(simulation.start_date) && !reported({"simulation.start_date"})) {
      problem("simulation.start_date",
              "expected a date YYYY-MM-DD between 1900-01-01 and 2199-12-31, got \"" +
                  simulation.start_date + "\"");
    }
    if (reported({"simulation.period_days", "simulation.horizon_days"})) return;
    if (simulation.period_days > simulation.horizon_days) {
      problem("simulation.period_days", "must not exceed simulation.horizon_days");
    }
    if (simulation.horizon_days / simulation.period_days > kMaxPeriods) {
      problem("simulation.period_days",
              "too many periods (at most " + std::to_string(kMaxPeriods) + " per horizon)");
    }
    if (scenario_.acquisition.window_days > simulation.horizon_days &&
        !reported({"acquisition.window_days"})) {
      problem("acquisition.window_days", "must not exceed simulation.horizon_days");
    }
    const auto& baseline = scenario_.analysis.baseline;
    const bool known = std::any_of(scenario_.strategies.begin(), scenario_.strategies.end(),
                                   [&](const auto& strategy) { return strategy.name == baseline; });
    if (!known && !scenario_.strategies.empty() && !reported({"analysis.baseline"}) &&
        !dropped("strategies")) {
      std::string names;
      for (const auto& strategy : scenario_.strategies) {
        names += (names.empty() ? "" : ", ") + strategy.name;
      }
      problem("analysis.baseline", "unknown strategy \"" + baseline + "\"" +
                                       did_you_mean(baseline, names_of(scenario_.strategies)) +
                                       " (strategies: " + names + ")");
    }
  }

  void check_segments() {
    if (scenario_.segments.empty()) {
      problem("segments", "at least one segment is required ([segments.<name>])");
      return;
    }
    double total_share = 0.0;
    // A share that could not be read, or a segment table dropped for its
    // name or type, already explains a wrong total.
    const bool shares_read = !diagnostics_.any_reported([](std::string_view path) {
      if (!path.starts_with("segments.")) return false;
      const std::string_view rest = path.substr(9);
      return rest.find('.') == std::string_view::npos || rest.ends_with(".share");
    });
    for (const auto& segment : scenario_.segments) {
      check_work_per_customer(segment);
      total_share += segment.share;
      for (const auto& [channel, utility] : segment.affinity) {
        check_channel_name("segments." + segment.name + ".affinity." + channel, channel);
      }
    }
    if (shares_read && std::abs(total_share - 1.0) > 1e-6) {
      std::ostringstream total;
      total << total_share;
      problem("segments", "segment shares add up to " + total.str() + ", expected 1");
    }
    if (scenario_.segments.size() > kMaxSegments) {
      problem("segments", "at most " + std::to_string(kMaxSegments) + " segments are supported");
    }
  }

  // Limits derived from what the engine can simulate (sim/core/limits.hpp).
  void check_work_per_customer(const SegmentSpec& segment) {
    const std::string path = "segments." + segment.name;
    const auto& rate = segment.purchase_rate;
    if (!reported({path + ".purchase_rate"})) {
      const double top_rate_per_year = top_need_rate_per_year(rate.r, rate.alpha_years);
      if (!(top_rate_per_year <= kMaxNeedsPerYear)) {
        std::ostringstream text;
        text << "the top one-in-a-billion customer of this segment would have "
             << (std::isfinite(top_rate_per_year) ? top_rate_per_year : HUGE_VAL)
             << " needs a year; at most " << kMaxNeedsPerYear
             << " (10 a day) can be simulated: lower r or raise alpha_years";
        const std::string key = path + ".purchase_rate";
        diagnostics_.add(locations_.of_changed({key + ".r", key + ".alpha_years"}), key,
                         text.str());
      }
    }
    const auto& spend = segment.spend;
    if (!reported({path + ".spend"})) {
      const double mean_order_eur = spend.p * spend.gamma_eur / (spend.q - 1.0);
      if (!(mean_order_eur <= kMaxMeanOrderEur)) {
        std::ostringstream text;
        text << "mean order p * gamma_eur / (q - 1) = " << mean_order_eur << " EUR; at most "
             << kMaxMeanOrderEur << " EUR";
        const std::string key = path + ".spend";
        diagnostics_.add(locations_.of_changed({key + ".p", key + ".gamma_eur", key + ".q"}), key,
                         text.str());
      }
    }
  }

  void check_channels() {
    if (scenario_.channels.empty()) {
      problem("channels", "at least one channel is required ([channels.<name>])");
    }
    if (scenario_.channels.size() > kMaxChannels) {
      problem("channels", "at most " + std::to_string(kMaxChannels) + " channels are supported");
    }
    for (const auto& channel : scenario_.channels) {
      const auto& fit = channel.stage_fit;
      if (!fit.consideration && !fit.decision && !fit.service &&
          !reported({"channels." + channel.name + ".stage_fit"})) {
        problem("channels." + channel.name + ".stage_fit",
                "the channel serves no stage (give consideration, decision or service a utility)");
      }
    }
  }

  void check_strategies() {
    if (scenario_.strategies.empty()) {
      problem("strategies", "at least one strategy is required ([strategies.<name>])");
    }
    std::set<std::string, std::less<>> bridge_names;
    std::string bridge_list;
    for (const auto& info : all_switches()) {
      if (info.kind != SwitchKind::kBridge) continue;
      bridge_names.emplace(info.name);
      bridge_list += (bridge_list.empty() ? "" : ", ") + std::string(info.name);
    }
    for (const auto& strategy : scenario_.strategies) {
      const std::string path = "strategies." + strategy.name;
      if (strategy.channels.empty()) {
        problem(path + ".channels", "a strategy needs at least one channel");
      }
      check_channel_list(path + ".channels", strategy.channels);
      const bool sells = std::any_of(
          strategy.channels.begin(), strategy.channels.end(), [&](const std::string& name) {
            const auto* channel = find_channel(name);
            return channel != nullptr && channel->stage_fit.decision.has_value() &&
                   !channel->requires_app;
          });
      const bool channel_reported =
          std::any_of(strategy.channels.begin(), strategy.channels.end(),
                      [&](const std::string& name) { return reported({"channels." + name}); });
      if (!strategy.channels.empty() && !sells && !channel_reported &&
          !reported({path + ".channels"})) {
        problem(path + ".channels",
                "no channel can sell (needs stage_fit.decision and no app requirement)");
      }
      check_strategy_campaigns(path, strategy);
      std::set<std::string> seen;
      for (std::size_t i = 0; i < strategy.bridges.size(); ++i) {
        const std::string element = path + ".bridges[" + std::to_string(i) + ']';
        const auto& bridge = strategy.bridges[i];
        if (!bridge_names.contains(bridge)) {
          problem(element, "unknown bridge \"" + bridge + "\"" +
                               did_you_mean(bridge, std::vector<std::string>(bridge_names.begin(),
                                                                             bridge_names.end())) +
                               " (bridges: " + bridge_list + ")");
        } else if (!seen.insert(bridge).second) {
          problem(element, "bridge \"" + bridge + "\" listed twice");
        }
      }
    }
  }

  // Each listed campaign is defined once; push needs the app channel open.
  void check_strategy_campaigns(const std::string& path, const StrategySpec& strategy) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < strategy.campaigns.size(); ++i) {
      const std::string element = path + ".campaigns[" + std::to_string(i) + ']';
      const std::string& name = strategy.campaigns[i];
      const bool defined = std::any_of(scenario_.campaigns.begin(), scenario_.campaigns.end(),
                                       [&](const CampaignSpec& c) { return c.name == name; });
      if (!defined) {
        std::string names;
        for (const auto& campaign : scenario_.campaigns)
          names += (names.empty() ? "" : ", ") + campaign.name;
        problem(element, "unknown campaign \"" + name + "\"" +
                             did_you_mean(name, names_of(scenario_.campaigns)) +
                             " (campaigns: " + (names.empty() ? "none defined" : names) + ")");
        continue;
      }
      if (!seen.insert(name).second) {
        problem(element, "campaign \"" + name + "\" listed twice");
        continue;
      }
      const auto* channel = find_channel(name);
      const bool open = std::find(strategy.channels.begin(), strategy.channels.end(), name) !=
                        strategy.channels.end();
      if (channel != nullptr && channel->requires_app && !open) {
        problem(element, "campaign \"" + name +
                             "\" sends to app owners, but the strategy does not open channel \"" +
                             name + "\" (add it to " + path + ".channels)");
      }
    }
  }

  // A bridge's channels must exist only if some strategy offers the bridge,
  // so a scenario without stores need not configure click & collect. The
  // bridge's schema says which of its keys name channels.
  void check_bridges() {
    BridgeRegistry::for_each(scenario_.bridges, [&](const auto& bridge) {
      if (!offered(bridge.kInfo)) return;
      ChannelReferences references{*this, switch_key(bridge.kInfo)};
      auto copy = bridge;  // describe() takes the settings by mutable reference
      schema::describe(references, copy);
    });
  }

  // Visits a bridge's schema and checks the keys that name channels.
  struct ChannelReferences {
    ReferenceChecker& checker;
    std::string path;

    void channel(std::string_view key, const std::string& name, std::string_view) {
      checker.check_channel_name(path + '.' + std::string(key), name);
    }
    void channel_list(std::string_view key, const std::vector<std::string>& names,
                      std::size_t at_least, std::string_view) {
      const std::string key_path = path + '.' + std::string(key);
      // An offered bridge with too few channels would silently do nothing.
      if (names.size() < at_least) {
        checker.problem(key_path, "an offered bridge needs at least " + std::to_string(at_least) +
                                      " channel" + (at_least == 1 ? "" : "s"));
      }
      checker.check_channel_list(key_path, names);
    }
    template <class... Ignored>
    void flag(Ignored&&...) {}
    template <class... Ignored>
    void number(Ignored&&...) {}
    template <class... Ignored>
    void integer(Ignored&&...) {}
    template <class... Ignored>
    void text(Ignored&&...) {}
    template <class... Ignored>
    void names(Ignored&&...) {}
  };

  bool offered(const SwitchInfo& bridge) const {
    return std::any_of(scenario_.strategies.begin(), scenario_.strategies.end(),
                       [&](const StrategySpec& strategy) { return offers(strategy, bridge); });
  }

  const ChannelSpec* find_channel(const std::string& name) const {
    for (const auto& channel : scenario_.channels) {
      if (channel.name == name) return &channel;
    }
    return nullptr;
  }

  const Scenario& scenario_;
  const Locations& locations_;
  Diagnostics& diagnostics_;
  std::set<std::string> channel_names_;
};

}  // namespace

void check_references(const Scenario& scenario, const Locations& locations,
                      Diagnostics& diagnostics) {
  ReferenceChecker(scenario, locations, diagnostics).run();
}

}  // namespace omnisim
