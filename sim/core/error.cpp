#include "sim/core/error.hpp"

#include <numeric>

namespace omnisim {
namespace {
std::string join_lines(const std::vector<std::string>& lines) {
  std::string joined;
  for (const auto& line : lines) {
    if (!joined.empty()) joined += '\n';
    joined += line;
  }
  return joined;
}
}  // namespace

InputError::InputError(std::string problem)
    : InputError(std::vector<std::string>{std::move(problem)}) {}

InputError::InputError(std::vector<std::string> problems)
    : Error(join_lines(problems)), problems_(std::move(problems)) {}

}  // namespace omnisim
