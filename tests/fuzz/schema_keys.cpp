// Prints what the fuzzers need to know of the scenario schema, walked from
// sim/scenario/schema.hpp over the built-in scenario, so it never goes stale:
//   omnisim_schema_keys dict   libFuzzer dictionary entries: every key name
//                              and table header
//   omnisim_schema_keys sets   one `key.path=value` per setting (the --set
//                              fuzzer's seeds), with the built-in value

#include <charconv>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/scenario/load.hpp"
#include "sim/scenario/schema.hpp"

namespace {

std::string number_text(double value) {
  char buffer[64];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  return std::string(buffer, end);
}

std::string in_quotes(const std::string& text) {
  return '"' + text + '"';
}

std::string list(const std::vector<std::string>& names) {
  std::string text = "[";
  for (const auto& name : names)
    text += (text.size() > 1 ? ", " : "") + in_quotes(name);
  return text + "]";
}

class KeyPrinter {
 public:
  std::set<std::string> words, headers;
  std::vector<std::string> settings;

  void number(std::string_view key, double& value, const omnisim::Bounds&, std::string_view) {
    leaf(key, number_text(value));
  }
  void optional_number(std::string_view key, std::optional<double>& value, const omnisim::Bounds&,
                       std::string_view) {
    leaf(key, number_text(value.value_or(0.0)));
  }
  void integer(std::string_view key, std::int64_t& value, const omnisim::Bounds&,
               std::string_view) {
    leaf(key, std::to_string(value));
  }
  void flag(std::string_view key, bool& value, std::string_view) {
    leaf(key, value ? "true" : "false");
  }
  void text(std::string_view key, std::string& value, std::string_view) {
    leaf(key, in_quotes(value));
  }
  void channel(std::string_view key, std::string& value, std::string_view) {
    leaf(key, in_quotes(value));
  }
  void channel_list(std::string_view key, std::vector<std::string>& value, std::size_t,
                    std::string_view) {
    leaf(key, list(value));
  }
  void names(std::string_view key, std::vector<std::string>& value, std::string_view) {
    leaf(key, list(value));
  }
  template <class Enum>
  void choice(std::string_view key, Enum&,
              std::initializer_list<std::pair<const char*, Enum>> choices, std::string_view) {
    for (const auto& [name, option] : choices)
      words.insert(name);
    leaf(key, in_quotes(choices.begin()->first));
  }
  void numbers(std::string_view key, std::vector<double>& value, std::size_t,
               const omnisim::Bounds&, std::string_view) {
    std::string text = "[";
    for (const double number : value)
      text += (text.size() > 1 ? ", " : "") + number_text(number);
    leaf(key, text + "]");
  }
  void number_map(std::string_view key, std::map<std::string, double>& value,
                  const omnisim::Bounds&, std::string_view) {
    std::string text = "{";
    for (const auto& [name, number] : value)
      text += (text.size() > 1 ? ", " : " ") + name + " = " + number_text(number);
    leaf(key, text + " }");
  }
  template <class T>
  void section(std::string_view key, T& value, std::string_view) {
    enter(std::string(key));
    omnisim::schema::describe(*this, value);
    leave();
  }
  template <class T>
  void named_sections(std::string_view key, std::vector<T>& items, std::string_view) {
    enter(std::string(key));
    for (auto& item : items) {
      enter(item.name);
      omnisim::schema::describe(*this, item);
      leave();
    }
    leave();
  }

 private:
  std::string path(std::string_view key) const {
    return prefix_.empty() ? std::string(key) : prefix_.back() + '.' + std::string(key);
  }
  void leaf(std::string_view key, const std::string& value) {
    words.insert(std::string(key));
    settings.push_back(path(key) + '=' + value);
  }
  void enter(const std::string& key) {
    words.insert(key);
    prefix_.push_back(path(key));
    headers.insert('[' + prefix_.back() + ']');
  }
  void leave() { prefix_.pop_back(); }

  std::vector<std::string> prefix_;
};

// A libFuzzer dictionary entry: the text in double quotes, escaped.
std::string entry(const std::string& text) {
  std::string escaped;
  for (char c : text)
    escaped += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  return '"' + escaped + '"';
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc == 2 ? argv[1] : "";
  if (mode != "dict" && mode != "sets") {
    std::cerr << "usage: omnisim_schema_keys dict|sets\n";
    return 2;
  }
  omnisim::Scenario scenario =
      omnisim::load_scenario(omnisim::builtin_scenario_text(), omnisim::kBuiltinScenarioName);
  KeyPrinter printer;
  omnisim::schema::describe(printer, scenario);
  if (mode == "sets") {
    for (const auto& setting : printer.settings)
      std::cout << setting << '\n';
    return 0;
  }
  std::cout << "# generated by omnisim_schema_keys from sim/scenario/schema.hpp\n";
  for (const auto& name : printer.words)
    std::cout << entry(name) << '\n';
  for (const auto& header : printer.headers)
    std::cout << entry(header) << '\n';
  return 0;
}
