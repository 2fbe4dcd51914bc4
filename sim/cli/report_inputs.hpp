#pragma once
// What a report takes from the scenario layer, which analysis does not see
// (tests/layering_test.cpp): the strategies as a results file's stored
// scenario describes them, and the keys in which two runs' scenarios differ.

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace omnisim::cli {

// report_data(results) with the strategies' labels and descriptions.
nlohmann::json report_document(const std::filesystem::path& results);

// The scenario's strategies in its order, with their labels and one-line
// descriptions: the page colours a strategy by its place here, so a
// strategy has one colour in every report of a scenario. Empty when the
// stored scenario no longer loads (a file of an older schema): names only.
nlohmann::json strategy_info(const std::string& scenario_text);

// The keys whose values differ between two report documents' scenarios
// ({key, before, after}; empty where absent), in key order.
nlohmann::json scenario_key_changes(const nlohmann::json& edited, const nlohmann::json& baseline);

}  // namespace omnisim::cli
