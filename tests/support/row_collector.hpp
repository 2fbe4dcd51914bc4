#pragma once
// A customers-table sink that keeps every row it is given, in order: what
// the tests of the customers table read.

#include <span>
#include <vector>

#include "sim/engine/run.hpp"

namespace omnisim::testing {

class RowCollector final : public CustomerRowSink {
 public:
  void write(int, int, std::span<const CustomerRow> rows) override {
    all.insert(all.end(), rows.begin(), rows.end());
  }
  std::vector<CustomerRow> all;
};

}  // namespace omnisim::testing
