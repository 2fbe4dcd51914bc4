// docs/model.md against the code: every scenario key has a row with its
// compiled default and its value in the built-in scenario, each mechanism's
// and bridge's keys sit in the section its registry entry cites, and every
// KPI of the catalogue is defined in §9. A key, default or KPI changed in the
// code without the document fails here.

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/core/numbers.hpp"
#include "sim/kpi/catalogue.hpp"
#include "sim/model/model.hpp"
#include "sim/scenario/load.hpp"
#include "sim/scenario/schema.hpp"

namespace omnisim::model_doc_test {
namespace {

struct Row {
  int section;  // the `## N.` heading it is under
  std::vector<std::string> cells;
};

std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

// Table rows whose first cell is a name in backticks, by that name.
std::map<std::string, Row> document_rows() {
  std::ifstream file(std::filesystem::path(OMNISIM_SOURCE_DIR) / "docs" / "model.md");
  std::map<std::string, Row> rows;
  int section = -1;
  for (std::string line; std::getline(file, line);) {
    if (line.starts_with("## ")) section = std::atoi(line.c_str() + 3);
    if (!line.starts_with("| `")) continue;
    std::vector<std::string> cells;
    std::istringstream parts(line.substr(1));
    for (std::string cell; std::getline(parts, cell, '|');)
      cells.push_back(trim(cell));
    const std::string& key = cells.front();
    rows[key.substr(1, key.size() - 2)] = {section, cells};
  }
  return rows;
}

std::string number_text(double value) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;  // shortest exact form
  return std::string(text, end);
}

std::string in_quotes(const std::string& text) {
  return '"' + text + '"';
}

std::string names_text(const std::vector<std::string>& names) {
  std::string text = "[";
  for (std::size_t i = 0; i < names.size(); ++i)
    text += (i ? ", " : "") + in_quotes(names[i]);
  return text + "]";
}

// Every key of the schema with its value as the document writes it. Named
// tables are visited once, as a default item under "<name>".
class KeyLister {
 public:
  explicit KeyLister(bool with_named_items) : with_named_items_(with_named_items) {}
  std::map<std::string, std::string> keys;

  void number(std::string_view key, double& value, const Bounds&, std::string_view) {
    add(key, number_text(value));
  }
  void optional_number(std::string_view key, std::optional<double>& value, const Bounds&,
                       std::string_view) {
    add(key, value ? number_text(*value) : "absent");
  }
  void integer(std::string_view key, std::int64_t& value, const Bounds&, std::string_view) {
    add(key, std::to_string(value));
  }
  void flag(std::string_view key, bool& value, std::string_view) {
    add(key, value ? "true" : "false");
  }
  void text(std::string_view key, std::string& value, std::string_view) {
    add(key, in_quotes(value));
  }
  void channel(std::string_view key, std::string& value, std::string_view) {
    add(key, in_quotes(value));
  }
  template <class Enum>
  void choice(std::string_view key, Enum& value,
              std::initializer_list<std::pair<const char*, Enum>> choices, std::string_view) {
    for (const auto& [name, option] : choices) {
      if (option == value) add(key, in_quotes(name));
    }
  }
  void names(std::string_view key, std::vector<std::string>& value, std::string_view) {
    add(key, names_text(value));
  }
  void channel_list(std::string_view key, std::vector<std::string>& value, std::size_t,
                    std::string_view) {
    add(key, names_text(value));
  }
  // The weights as the document lists them: "2, 1.4, 1".
  void numbers(std::string_view key, std::vector<double>& value, std::size_t, const Bounds&,
               std::string_view) {
    std::string text;
    for (const double number : value)
      text += (text.empty() ? "" : ", ") + shortest_text(number);
    add(key, text);
  }
  void number_map(std::string_view key, std::map<std::string, double>& value, const Bounds&,
                  std::string_view) {
    add(key, value.empty() ? "{}" : "(a table)");
  }
  template <class T>
  void section(std::string_view key, T& value, std::string_view) {
    const std::string outer = prefix_;
    prefix_ += std::string(key) + '.';
    schema::describe(*this, value);
    prefix_ = outer;
  }
  template <class T>
  void named_sections(std::string_view key, std::vector<T>&, std::string_view) {
    if (!with_named_items_) return;
    const std::string outer = prefix_;
    prefix_ += std::string(key) + ".<name>.";
    T item;
    schema::describe(*this, item);
    prefix_ = outer;
  }

 private:
  void add(std::string_view key, std::string value) {
    keys[prefix_ + std::string(key)] = std::move(value);
  }
  bool with_named_items_;
  std::string prefix_;
};

// A cell equals a value: numerically for numbers, else as text.
bool same_value(const std::string& cell, const std::string& value) {
  char* cell_end = nullptr;
  char* value_end = nullptr;
  const double a = std::strtod(cell.c_str(), &cell_end);
  const double b = std::strtod(value.c_str(), &value_end);
  if (!cell.empty() && *cell_end == '\0' && !value.empty() && *value_end == '\0') return a == b;
  return cell == value;
}

TEST(ModelDocument, EveryScenarioKeyHasItsDefaultAndBuiltInValue) {
  const auto rows = document_rows();
  KeyLister defaults(true);
  Scenario compiled;
  schema::describe(defaults, compiled);
  KeyLister builtin(false);
  Scenario retail = load_scenario(builtin_scenario_text(), "retail.toml");
  schema::describe(builtin, retail);

  ASSERT_GT(defaults.keys.size(), 100u);
  for (const auto& [key, value] : defaults.keys) {
    const auto row = rows.find(key);
    if (row == rows.end()) {
      ADD_FAILURE() << "docs/model.md has no row for `" << key << "`";
      continue;
    }
    const auto& cells = row->second.cells;
    ASSERT_GE(cells.size(), 3u) << key;
    EXPECT_TRUE(same_value(cells[1], value))
        << key << ": the document's default is " << cells[1] << ", the code's " << value;
    const auto in_builtin = builtin.keys.find(key);
    const std::string expected = in_builtin != builtin.keys.end() ? in_builtin->second : "—";
    EXPECT_TRUE(same_value(cells[2], expected)) << key << ": the document's built-in value is "
                                                << cells[2] << ", the scenario's " << expected;
  }
}

TEST(ModelDocument, MechanismsAndBridgesSitInTheSectionTheRegistryCites) {
  const auto rows = document_rows();
  for (const auto& info : all_switches()) {
    const std::string key = switch_key(info) + ".enabled";
    const auto row = rows.find(key);
    ASSERT_NE(row, rows.end()) << key;
    EXPECT_EQ(row->second.section, info.model_section)
        << key << " is documented in §" << row->second.section << "; the registry cites §"
        << info.model_section;
  }
}

TEST(ModelDocument, EveryKpiIsDefinedInSection9) {
  const auto rows = document_rows();
  const Model model = build_model(load_scenario(builtin_scenario_text(), "retail.toml"));
  const KpiCatalogue catalogue(model);
  for (const auto& kpi : catalogue.definitions()) {
    std::string name = kpi.name;
    if (kpi.group == "per channel") {
      for (const auto& channel : model.channels) {
        const auto at = name.find(channel.name);
        if (at != std::string::npos) {
          name.replace(at, channel.name.size(), "<channel>");
          break;
        }
      }
    }
    const auto row = rows.find(name);
    if (row == rows.end()) {
      ADD_FAILURE() << "docs/model.md defines no KPI `" << name << "`";
      continue;
    }
    EXPECT_EQ(row->second.section, 9) << name;
    EXPECT_EQ(row->second.cells.at(1), kpi.unit) << name << ": unit";
  }
}

// The repository stands on its own: every relative link of its Markdown
// documents resolves to a file inside it.
TEST(Documents, LinksStayInsideTheRepository) {
  namespace fs = std::filesystem;
  const fs::path root = fs::canonical(OMNISIM_SOURCE_DIR);
  int documents = 0;
  for (auto entry = fs::recursive_directory_iterator(root); entry != fs::end(entry); ++entry) {
    const std::string name = entry->path().filename().string();
    // Not the build trees, hidden folders, or the npm packages that
    // install-deps fetches for the report (not files of the repository).
    if (entry->is_directory() &&
        (name == "build" || name == "node_modules" || name.starts_with("."))) {
      entry.disable_recursion_pending();
      continue;
    }
    if (entry->path().extension() != ".md") continue;
    ++documents;
    std::ifstream file(entry->path());
    std::stringstream text;
    text << file.rdbuf();
    const std::string content = text.str();
    // Markdown links: "](target)" or "](target#anchor)".
    for (auto at = content.find("]("); at != std::string::npos; at = content.find("](", at + 2)) {
      const auto end = content.find_first_of(")# \n", at + 2);
      if (end == std::string::npos) break;
      const std::string target = content.substr(at + 2, end - at - 2);
      if (target.empty() || target.find("://") != std::string::npos ||
          target.starts_with("mailto:")) {
        continue;
      }
      const fs::path resolved = (entry->path().parent_path() / target).lexically_normal();
      const auto inside = std::mismatch(root.begin(), root.end(), resolved.begin());
      EXPECT_TRUE(inside.first == root.end() && fs::exists(resolved))
          << fs::relative(entry->path(), root) << " links to " << target
          << ", which is not a file of the repository";
    }
  }
  EXPECT_GE(documents, 3);
}

}  // namespace
}  // namespace omnisim::model_doc_test
