// Writes the effective scenario as TOML by walking schema::describe, so
// `scenario show` can never fall out of step with what the reader accepts.

#include <charconv>
#include <sstream>

#include <toml++/toml.h>

#include "sim/scenario/load.hpp"
#include "sim/scenario/schema.hpp"

namespace omnisim {
namespace {

std::string format_number(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, result.ptr);
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";  // keep it a TOML float
  return text;
}

std::string quote(const std::string& text) {
  std::ostringstream out;
  out << toml::value<std::string>(text);
  return out.str();
}

std::string format_names(const std::vector<std::string>& names) {
  std::string text = "[";
  for (std::size_t i = 0; i < names.size(); ++i)
    text += (i ? ", " : "") + quote(names[i]);
  return text + "]";
}

struct Table {
  struct Entry {
    std::string key;
    std::string value;
    std::string doc;
  };
  // Not std::pair<std::string, Table>: clang (14, with libstdc++ 12, C++20)
  // rejects a pair of the class being defined as a vector's element.
  struct Child;
  std::string doc;
  std::vector<Entry> entries;
  std::vector<Child> children;
};
struct Table::Child {
  std::string key;
  Table table;
};

class Writer {
 public:
  explicit Writer(Table& root) : current_(&root) {}

  void number(std::string_view key, const double& value, const Bounds&, std::string_view doc) {
    add(key, format_number(value), doc);
  }
  void optional_number(std::string_view key, const std::optional<double>& value, const Bounds&,
                       std::string_view doc) {
    if (value) add(key, format_number(*value), doc);
  }
  void integer(std::string_view key, const std::int64_t& value, const Bounds&,
               std::string_view doc) {
    add(key, std::to_string(value), doc);
  }
  void flag(std::string_view key, const bool& value, std::string_view doc) {
    add(key, value ? "true" : "false", doc);
  }
  void text(std::string_view key, const std::string& value, std::string_view doc) {
    add(key, quote(value), doc);
  }
  void channel(std::string_view key, const std::string& value, std::string_view doc) {
    text(key, value, doc);
  }
  void channel_list(std::string_view key, const std::vector<std::string>& value, std::size_t,
                    std::string_view doc) {
    names(key, value, doc);
  }
  template <class Enum>
  void choice(std::string_view key, const Enum& value,
              std::initializer_list<std::pair<const char*, Enum>> choices, std::string_view doc) {
    for (const auto& [name, option] : choices) {
      if (option == value) add(key, quote(name), doc);
    }
  }
  void names(std::string_view key, const std::vector<std::string>& value, std::string_view doc) {
    add(key, format_names(value), doc);
  }
  void numbers(std::string_view key, const std::vector<double>& value, std::size_t, const Bounds&,
               std::string_view doc) {
    std::string text = "[";
    for (std::size_t i = 0; i < value.size(); ++i)
      text += (i ? ", " : "") + format_number(value[i]);
    add(key, text + "]", doc);
  }
  void number_map(std::string_view key, const std::map<std::string, double>& value, const Bounds&,
                  std::string_view doc) {
    std::string text = "{ ";
    bool first = true;
    for (const auto& [name, number] : value) {
      text += (first ? "" : ", ") + name + " = " + format_number(number);
      first = false;
    }
    add(key, value.empty() ? "{}" : text + " }", doc);
  }
  template <class T>
  void section(std::string_view key, T& value, std::string_view doc) {
    Table& child = open_child(key, doc);
    Table* parent = current_;
    current_ = &child;
    schema::describe(*this, value);
    current_ = parent;
  }
  template <class T>
  void named_sections(std::string_view key, std::vector<T>& items, std::string_view doc) {
    Table& group = open_child(key, doc);
    Table* parent = current_;
    for (auto& item : items) {
      current_ = &group;
      Table& child = open_child(item.name, "");
      current_ = &child;
      schema::describe(*this, item);
    }
    current_ = parent;
  }

 private:
  void add(std::string_view key, std::string value, std::string_view doc) {
    current_->entries.push_back({std::string(key), std::move(value), std::string(doc)});
  }
  Table& open_child(std::string_view key, std::string_view doc) {
    current_->children.push_back({std::string(key), Table{std::string(doc), {}, {}}});
    return current_->children.back().table;
  }
  Table* current_;
};

void print(std::ostream& out, const Table& table, const std::string& path) {
  if (!table.entries.empty()) {
    out << '\n';
    if (!path.empty()) {
      out << '[' << path << ']';
      if (!table.doc.empty()) out << "  # " << table.doc;
      out << '\n';
    }
    for (const auto& entry : table.entries) {
      out << entry.key << " = " << entry.value;
      if (!entry.doc.empty()) out << "  # " << entry.doc;
      out << '\n';
    }
  }
  for (const auto& [key, child] : table.children) {
    print(out, child, path.empty() ? key : path + '.' + key);
  }
}

}  // namespace

std::string emit_scenario(const Scenario& scenario) {
  Table root;
  Writer writer(root);
  Scenario copy = scenario;  // describe() takes mutable references
  schema::describe(writer, copy);
  std::ostringstream out;
  out << "# omnisim scenario: the effective settings, every default filled in\n";
  print(out, root, "");
  return out.str();
}

}  // namespace omnisim
