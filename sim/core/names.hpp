#pragma once
// "Did you mean" for a name that is not there: the one way every lookup by
// name (strategy, channel, campaign, mechanism, key, command) suggests the
// name the user probably meant.

#include <span>
#include <string>
#include <string_view>

namespace omnisim {

// The known name closest to `name`: the fewest single-character edits
// (insert, delete, substitute, swap two neighbours; case ignored), if at
// most a third of the name's length (at least 1, at most 3) -- else the only
// known name that starts with `name` (3 characters or more). Ties go to the
// first. Empty if nothing is close.
std::string closest_name(std::string_view name, std::span<const std::string> known);

// `unknown strategy "omnichanel"; did you mean "omnichannel"? (strategies:
// mono_store, ...)`: the one message for a name that is not there.
std::string unknown_name(std::string_view kind, std::string_view plural, std::string_view name,
                         std::span<const std::string> known);

// `; did you mean "omnichannel"?`, or empty when no known name is close:
// to append to an "unknown ..." message.
std::string did_you_mean(std::string_view name, std::span<const std::string> known);

}  // namespace omnisim
