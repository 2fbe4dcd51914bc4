#pragma once
// The three kinds of failure omnisim reports. `main` catches them once and
// maps them to exit codes: InputError -> 2 (the user can fix the input),
// IoError and ModelError -> 1.

#include <stdexcept>
#include <string>
#include <vector>

namespace omnisim {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad scenario, CLI value or input file. Holds every problem found, one line
// each, so a user fixes them all in one pass.
class InputError : public Error {
 public:
  explicit InputError(std::string problem);
  explicit InputError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const noexcept { return problems_; }

 private:
  std::vector<std::string> problems_;
};

// A file could not be read or written.
class IoError : public Error {
 public:
  using Error::Error;
};

// The model reached a state it cannot continue from (a bug or an unsupported
// combination that validation did not catch).
class ModelError : public Error {
 public:
  using Error::Error;
};

}  // namespace omnisim
