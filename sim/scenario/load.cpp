#include "sim/scenario/load.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <map>
#include <set>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <toml++/toml.h>
#include <unistd.h>

#include "sim/core/error.hpp"
#include "sim/core/names.hpp"
#include "sim/scenario/check.hpp"
#include "sim/scenario/schema.hpp"
#include "sim/scenario/toml_guard.hpp"

namespace omnisim {
namespace {

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    default:
      return "a date/time";
  }
}

// A number as the user wrote it: the text of its --set, or its span in the
// file (toml++ would print 1.35 as 1.3500000000000001).
std::string written_value(const toml::node& node, std::string_view file_text) {
  const toml::source_region& where = node.source();
  if (where.path && where.path->starts_with("--set ")) {
    const std::string& origin = *where.path;
    return origin.substr(origin.find('=') + 1);
  }
  if (where.begin && where.end && where.begin.line == where.end.line &&
      where.end.column > where.begin.column) {
    std::size_t start = 0;
    for (std::size_t line = 1; line < where.begin.line && start != std::string_view::npos; ++line) {
      start = file_text.find('\n', start);
      if (start != std::string_view::npos) ++start;
    }
    if (start != std::string_view::npos) {
      const std::size_t from = start + where.begin.column - 1;
      const std::size_t count = where.end.column - where.begin.column;
      if (from + count <= file_text.size()) return std::string(file_text.substr(from, count));
    }
  }
  std::ostringstream text;
  node.visit([&](const auto& value) { text << value; });
  return text.str();
}

bool is_valid_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// Walks schema::describe over a parsed TOML table, filling the scenario and
// recording every problem and the location of every key it saw.
class Reader {
 public:
  Reader(std::string_view source_name, std::string_view file_text, Diagnostics& diagnostics)
      : source_name_(source_name), file_text_(file_text), diagnostics_(diagnostics) {}

  template <class T>
  void read_root(const toml::table& root, T& value) {
    Scope scope{&root, ""};
    scopes_.push_back(&scope);
    schema::describe(*this, value);
    report_unknown_keys(scope);
    scopes_.pop_back();
  }

  void number(std::string_view key, double& value, const Bounds& bounds, std::string_view) {
    const toml::node* node = find(key);
    if (node == nullptr) return;
    if (auto number = as_number(*node, key, bounds)) value = *number;
  }

  void optional_number(std::string_view key, std::optional<double>& value, const Bounds& bounds,
                       std::string_view) {
    const toml::node* node = find(key);
    if (node == nullptr) return;
    if (auto number = as_number(*node, key, bounds)) value = *number;
  }

  void integer(std::string_view key, std::int64_t& value, const Bounds& bounds, std::string_view) {
    const toml::node* node = find(key);
    if (node == nullptr) return;
    const auto* integer = node->as_integer();
    if (integer == nullptr) {
      problem(*node, key, "expected an integer, got " + std::string(type_name(*node)));
      return;
    }
    const auto number = integer->get();
    if (!bounds.contains(static_cast<double>(number))) {
      problem(*node, key,
              "expected an integer " + bounds.describe().substr(9) + ", got " +
                  written_value(*node, file_text_));
      return;
    }
    value = number;
  }

  void flag(std::string_view key, bool& value, std::string_view) {
    const toml::node* node = find(key);
    if (node == nullptr) return;
    if (const auto* boolean = node->as_boolean()) {
      value = boolean->get();
    } else {
      problem(*node, key, "expected true or false, got " + std::string(type_name(*node)));
    }
  }

  void text(std::string_view key, std::string& value, std::string_view) {
    const toml::node* node = find(key);
    if (node == nullptr) return;
    if (const auto* string = node->as_string()) {
      value = string->get();
    } else if (node->is_date() || node->is_date_time()) {
      problem(*node, key, "expected a string: quote the date, e.g. \"2026-01-01\"");
    } else {
      problem(*node, key, "expected a string, got " + std::string(type_name(*node)));
    }
  }

  // Channel references are read as names; check.cpp resolves them.
  void channel(std::string_view key, std::string& value, std::string_view doc) {
    text(key, value, doc);
  }
  void channel_list(std::string_view key, std::vector<std::string>& value, std::size_t,
                    std::string_view doc) {
    names(key, value, doc);
  }

  template <class Enum>
  void choice(std::string_view key, Enum& value,
              std::initializer_list<std::pair<const char*, Enum>> choices, std::string_view) {
    const toml::node* node = find(key);
    if (node == nullptr) return;
    std::string expected;
    for (const auto& [name, option] : choices) {
      expected += (expected.empty() ? "" : ", ") + std::string("\"") + name + '"';
    }
    const auto* string = node->as_string();
    if (string == nullptr) {
      problem(*node, key, "expected one of " + expected + ", got " + std::string(type_name(*node)));
      return;
    }
    for (const auto& [name, option] : choices) {
      if (string->get() == name) {
        value = option;
        return;
      }
    }
    problem(*node, key, "expected one of " + expected + ", got \"" + string->get() + '"');
  }

  void names(std::string_view key, std::vector<std::string>& value, std::string_view) {
    const toml::node* node = find(key);
    if (node == nullptr) return;
    const auto* array = node->as_array();
    if (array == nullptr) {
      problem(*node, key, "expected an array of names, got " + std::string(type_name(*node)));
      return;
    }
    std::vector<std::string> result;
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::node& element = *array->get(i);
      const std::string element_key = std::string(key) + '[' + std::to_string(i) + ']';
      locations_[path_of(element_key)] = describe_location(element.source(), source_name_);
      if (const auto* string = element.as_string()) {
        result.push_back(string->get());
      } else {
        problem(element, element_key, "expected a name, got " + std::string(type_name(element)));
      }
    }
    value = std::move(result);
  }

  void numbers(std::string_view key, std::vector<double>& value, std::size_t count,
               const Bounds& bounds, std::string_view) {
    const toml::node* node = find(key);
    if (node == nullptr) return;
    const auto* array = node->as_array();
    if (array == nullptr || array->size() != count) {
      problem(*node, key,
              "expected an array of " + std::to_string(count) + " numbers, got " +
                  (array == nullptr ? std::string(type_name(*node))
                                    : std::to_string(array->size()) + " elements"));
      return;
    }
    std::vector<double> result;
    bool valid = true;
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::node& element = *array->get(i);
      const std::string element_key = std::string(key) + '[' + std::to_string(i) + ']';
      locations_[path_of(element_key)] = describe_location(element.source(), source_name_);
      if (auto number = as_number(element, element_key, bounds)) {
        result.push_back(*number);
      } else {
        valid = false;
      }
    }
    if (valid) value = std::move(result);
  }

  void number_map(std::string_view key, std::map<std::string, double>& value, const Bounds& bounds,
                  std::string_view) {
    const toml::node* node = find(key);
    if (node == nullptr) return;
    const auto* table = node->as_table();
    if (table == nullptr) {
      problem(*node, key, "expected a table of numbers, got " + std::string(type_name(*node)));
      return;
    }
    std::map<std::string, double> result;
    for (const auto& [entry_key, entry] : *table) {
      const std::string entry_path = std::string(key) + '.' + std::string(entry_key.str());
      locations_[path_of(entry_path)] = describe_location(entry.source(), source_name_);
      if (auto number = as_number(entry, entry_path, bounds)) {
        result[std::string(entry_key.str())] = *number;
      }
    }
    value = std::move(result);
  }

  template <class T>
  void section(std::string_view key, T& value, std::string_view) {
    const toml::node* node = find(key);
    if (node == nullptr) return;
    const auto* table = node->as_table();
    if (table == nullptr) {
      problem(*node, key, "expected a table, got " + std::string(type_name(*node)));
      return;
    }
    Scope scope{table, path_of(key)};
    scopes_.push_back(&scope);
    schema::describe(*this, value);
    report_unknown_keys(scope);
    scopes_.pop_back();
  }

  template <class T>
  void named_sections(std::string_view key, std::vector<T>& items, std::string_view) {
    const toml::node* node = find(key);
    if (node == nullptr) return;
    const auto* table = node->as_table();
    if (table == nullptr) {
      problem(*node, key, "expected a table of named tables, got " + std::string(type_name(*node)));
      return;
    }
    items.clear();
    for (const auto& [name_key, child] : in_source_order(*table)) {
      const std::string name(name_key->str());
      const std::string child_key = std::string(key) + '.' + name;
      if (!is_valid_name(name)) {
        problem(*child, child_key, "names use only letters, digits, '_' and '-'");
        continue;
      }
      const auto* child_table = child->as_table();
      if (child_table == nullptr) {
        problem(*child, child_key, "expected a table, got " + std::string(type_name(*child)));
        continue;
      }
      locations_[path_of(child_key)] = describe_location(child->source(), source_name_);
      T item;
      item.name = name;
      Scope scope{child_table, path_of(child_key)};
      scopes_.push_back(&scope);
      schema::describe(*this, item);
      report_unknown_keys(scope);
      scopes_.pop_back();
      items.push_back(std::move(item));
    }
  }

  std::map<std::string, std::string>& locations() { return locations_; }

 private:
  struct Scope {
    const toml::table* table;
    std::string path;
    std::set<std::string, std::less<>> seen{};
  };

  // Named tables keep the order they have in the file (toml++ sorts keys);
  // tables added by --set come after, by name.
  static std::vector<std::pair<const toml::key*, const toml::node*>> in_source_order(
      const toml::table& table) {
    std::vector<std::pair<const toml::key*, const toml::node*>> entries;
    for (const auto& [key, node] : table)
      entries.emplace_back(&key, &node);
    auto rank = [](const toml::node* node) {
      const auto& where = node->source();
      const bool from_file = where.path && !where.path->starts_with("--set");
      return std::make_tuple(from_file ? 0 : 1, from_file ? where.begin.line : 0u,
                             from_file ? where.begin.column : 0u);
    };
    std::stable_sort(entries.begin(), entries.end(),
                     [&](const auto& a, const auto& b) { return rank(a.second) < rank(b.second); });
    return entries;
  }

  std::string path_of(std::string_view key) const {
    const std::string& prefix = scopes_.back()->path;
    return prefix.empty() ? std::string(key) : prefix + '.' + std::string(key);
  }

  const toml::node* find(std::string_view key) {
    Scope& scope = *scopes_.back();
    scope.seen.insert(std::string(key));
    const toml::node* node = scope.table->get(key);
    if (node != nullptr) {
      locations_[path_of(key)] = describe_location(node->source(), source_name_);
    }
    return node;
  }

  std::optional<double> as_number(const toml::node& node, std::string_view key,
                                  const Bounds& bounds) {
    double number = 0.0;
    if (const auto* integer = node.as_integer()) {
      number = static_cast<double>(integer->get());
    } else if (const auto* floating = node.as_floating_point()) {
      number = floating->get();
    } else {
      problem(node, key, "expected " + bounds.describe() + ", got " + std::string(type_name(node)));
      return std::nullopt;
    }
    if (!bounds.contains(number)) {
      problem(node, key,
              "expected " + bounds.describe() + ", got " + written_value(node, file_text_));
      return std::nullopt;
    }
    return number;
  }

  void problem(const toml::node& node, std::string_view key, const std::string& message) {
    diagnostics_.add(describe_location(node.source(), source_name_), path_of(key), message);
  }

  void report_unknown_keys(const Scope& scope) {
    for (const auto& [key, node] : *scope.table) {
      if (scope.seen.contains(key.str())) continue;
      std::string expected;
      for (const auto& known : scope.seen)
        expected += (expected.empty() ? "" : ", ") + known;
      const std::string path =
          scope.path.empty() ? std::string(key.str()) : scope.path + '.' + std::string(key.str());
      const std::vector<std::string> known(scope.seen.begin(), scope.seen.end());
      diagnostics_.add(
          describe_location(key.source(), source_name_), path,
          "unknown key" + did_you_mean(key.str(), known) + " (expected one of: " + expected + ")");
    }
  }

  std::string source_name_;
  std::string_view file_text_;
  Diagnostics& diagnostics_;
  std::vector<Scope*> scopes_;
  std::map<std::string, std::string> locations_;
};

// Where a problem without a key of its own is reported: the end of the file
// (where the missing table would go).
std::string end_of(std::string_view text, std::string_view source_name) {
  const auto lines = std::count(text.begin(), text.end(), '\n');
  const bool last_line_open = !text.empty() && text.back() != '\n';
  return std::string(source_name) + ':' + std::to_string(lines + (last_line_open ? 1 : 0)) + ":1";
}

toml::table parse_toml(std::string_view text, std::string_view source_name) {
  try {
    return parse_toml_guarded(text, source_name);
  } catch (const toml::parse_error& error) {
    throw InputError(describe_location(error.source(), source_name) +
                     ": not valid TOML: " + std::string(error.description()));
  }
}

// Merges `patch` into `target`: tables merge key by key, a value replaces a
// value. A --set never turns a table into a value or a value into a table:
// `--set simulation=5` would otherwise drop the file's whole [simulation]
// table, and a later --set could then rebuild it from defaults unnoticed.
void merge_into(toml::table& target, toml::table&& patch, const std::string& origin,
                const std::string& prefix = "") {
  for (auto&& [key, node] : patch) {
    const std::string path =
        prefix.empty() ? std::string(key.str()) : prefix + '.' + std::string(key.str());
    toml::node* existing = target.get(key.str());
    if (existing != nullptr && existing->is_table() != node.is_table()) {
      throw InputError(origin + ": " + path +
                       (existing->is_table()
                            ? " is a table of settings, not a value; set one of its keys (" + path +
                                  ".KEY=VALUE)"
                            : " holds a value, not a table; set it with " + path + "=VALUE"));
    }
    if (existing != nullptr && existing->is_table()) {
      merge_into(*existing->as_table(), std::move(*node.as_table()), origin, path);
    } else {
      target.insert_or_assign(key, std::move(node));
    }
  }
}

// The root keys that hold named tables ([strategies.NAME], ...), from the
// schema: its root describes only sections, which this does not enter.
struct NamedSectionKeys {
  std::vector<std::string_view> keys;
  template <class T>
  void section(std::string_view, T&, std::string_view) {}
  template <class T>
  void named_sections(std::string_view key, std::vector<T>&, std::string_view) {
    keys.push_back(key);
  }
};

// A --set changes a scenario; it does not declare a strategy, channel,
// segment or campaign: a misspelt name would otherwise become a new one and
// fail far from the typo ("a strategy needs at least one channel"), or run.
void reject_new_named_tables(const toml::table& root, const toml::table& patch,
                             const std::string& origin) {
  Scenario scratch;
  NamedSectionKeys named;
  schema::describe(named, scratch);
  for (const std::string_view collection : named.keys) {
    const auto* names = patch.get_as<toml::table>(collection);
    if (names == nullptr) continue;  // absent, or a value: merge_into reports that
    const auto* existing = root.get_as<toml::table>(collection);
    std::vector<std::string> known;
    if (existing != nullptr) {
      for (const auto& [name, node] : *existing)
        known.emplace_back(name.str());
    }
    const std::string kind = collection.ends_with("ies")
                                 ? std::string(collection.substr(0, collection.size() - 3)) + "y"
                                 : std::string(collection.substr(0, collection.size() - 1));
    for (const auto& [name, node] : *names) {
      if (existing != nullptr && existing->contains(name.str())) continue;
      std::string list;
      for (const auto& other : known)
        list += (list.empty() ? "" : ", ") + other;
      throw InputError(origin + ": no " + kind + " \"" + std::string(name.str()) + "\"" +
                       did_you_mean(name.str(), known) + " (" + std::string(collection) + ": " +
                       (list.empty() ? "none defined" : list) + "); a new " + kind +
                       " is declared as a [" + std::string(collection) + "." +
                       std::string(name.str()) +
                       "] table in a scenario file (omnisim scenario show prints one to edit)");
    }
  }
}

// True for text shaped like a number (-1.5e3, 1_000): one that is not valid
// TOML is out of range, not a word to read as a string.
bool looks_like_number(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '_'))
      ++i;
    return i > start;
  };
  if (!digits()) return false;
  if (i < text.size() && text[i] == '.') {
    ++i;
    digits();
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == text.size();
}

// `--set key.path=value`: the value is TOML (42, 0.5, true, "text", ["a", "b"]);
// a bare word that is not valid TOML is taken as a string.
void apply_override(toml::table& root, const std::string& assignment) {
  const auto equals = assignment.find('=');
  // Messages quote the assignment, cut when it is long (a 100 KB key path
  // would fill the terminal).
  constexpr std::size_t kQuoted = 160;
  const std::string origin =
      "--set " + (assignment.size() <= kQuoted ? assignment
                                               : assignment.substr(0, kQuoted) + "... (" +
                                                     std::to_string(assignment.size()) + " bytes)");
  if (equals == std::string::npos || equals == 0) {
    throw InputError(origin + ": expected key.path=value");
  }
  // One --set is one key: a line break would smuggle in more assignments.
  if (assignment.find_first_of("\r\n") != std::string::npos) {
    throw InputError("--set: a value must fit on one line (one key per --set)");
  }
  const std::string key = assignment.substr(0, equals);
  const std::string value = assignment.substr(equals + 1);
  toml::table patch;
  try {
    patch = parse_toml_guarded(key + " = " + value, origin);
  } catch (const toml::parse_error& value_error) {
    std::ostringstream quoted;
    quoted << toml::value<std::string>(value);
    try {
      patch = parse_toml_guarded(key + " = " + quoted.str(), origin);
    } catch (const toml::parse_error& key_error) {
      throw InputError(origin + ": expected key.path=value with a dotted key of names (" +
                       std::string(key_error.description()) + ")");
    }
    // The key is fine, so the value was not TOML: a word becomes a string,
    // but a number out of range (1.8e308) is an error, not a string.
    if (looks_like_number(value)) {
      throw InputError(origin + ": " + value + " is not a number omnisim can read (" +
                       std::string(value_error.description()) + ")");
    }
  }
  reject_new_named_tables(root, patch, origin);
  merge_into(root, std::move(patch), origin);
}

}  // namespace

namespace {

// Reads and checks the whole tree; throws InputError with every problem.
Scenario read_checked(const toml::table& root, std::string_view source_name,
                      std::string_view file_text) {
  Diagnostics diagnostics;
  Scenario scenario;
  Reader reader(source_name, file_text, diagnostics);
  reader.read_root(root, scenario);
  check_references(scenario, Locations{reader.locations(), end_of(file_text, source_name)},
                   diagnostics);
  diagnostics.throw_if_any();
  return scenario;
}

}  // namespace

Scenario load_scenario(std::string_view toml_text, std::string_view source_name,
                       std::span<const std::string> overrides) {
  toml::table root = parse_toml(toml_text, source_name);
  if (root.empty()) {
    throw InputError(std::string(source_name) +
                     ":1:1: the scenario is empty; expected tables such as [simulation], "
                     "[segments.NAME], [channels.NAME] and [strategies.NAME] "
                     "(`omnisim scenario show` prints a complete scenario)");
  }
  // The file must be valid on its own, so `validate FILE` and every command
  // agree about it: an override replaces a value, it does not excuse a wrong one.
  Scenario scenario = read_checked(root, source_name, toml_text);
  if (overrides.empty()) return scenario;
  for (const auto& assignment : overrides)
    apply_override(root, assignment);
  return read_checked(root, source_name, toml_text);
}

Scenario load_scenario_file(const std::filesystem::path& path,
                            std::span<const std::string> overrides) {
  if (path.empty()) return load_scenario(builtin_scenario_text(), kBuiltinScenarioName, overrides);
  return load_scenario(read_toml_file(path, "scenario"), path.string(), overrides);
}

}  // namespace omnisim
