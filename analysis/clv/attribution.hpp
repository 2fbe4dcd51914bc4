#pragma once
// Channel attribution of conversions from customer paths, as
// ChannelAttribution (Altomare & Loris) computes it: first touch, last
// touch, linear (equal shares of each converting path) and the first-order
// Markov model's removal effect -- the share of conversions lost when a
// channel is taken out of the transition graph (its visits lead nowhere),
// normalised so that the credits add up to the conversions.

#include <cstddef>
#include <string>
#include <vector>

namespace omnisim {

struct CustomerPath {
  std::vector<std::size_t> channels;  // touchpoints in order (channel indices)
  double conversions = 0.0;           // paths like it that converted
  double nulls = 0.0;                 // and that did not
};

struct AttributionCredit {
  std::vector<double> first_touch, last_touch, linear, markov;  // per channel
  std::vector<double> removal_effect;                           // per channel, before normalising
  double conversion_probability = 0.0;                          // of the Markov chain, from start
};

// Credits of `n_channels` channels; a path with a channel index out of
// range is an InputError.
AttributionCredit attribute(const std::vector<CustomerPath>& paths, std::size_t n_channels);

// Paths in ChannelAttribution's format, "A > B > C", with `names` giving
// the channels' indices (new names are appended).
CustomerPath path_from_text(const std::string& text, double conversions, double nulls,
                            std::vector<std::string>& names);

}  // namespace omnisim
