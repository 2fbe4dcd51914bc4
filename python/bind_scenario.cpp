// omnisim.Scenario (python/scenario_handle.hpp) and the conversion of a
// Python value into the TOML text an override takes.

#include <charconv>
#include <cmath>
#include <sstream>

#include "python/bindings.hpp"
#include "python/scenario_handle.hpp"
#include <pybind11/stl.h>

#include "sim/core/error.hpp"
#include "sim/model/model.hpp"
#include "sim/scenario/flatten.hpp"
#include "sim/scenario/load.hpp"

namespace py = pybind11;

namespace omnisim::python {

ScenarioHandle::ScenarioHandle(std::string path)
    : path_(std::move(path)), scenario_(load_scenario_file(path_)) {}

void ScenarioHandle::set(const std::string& key, const std::string& toml_value) {
  std::vector<std::string> overrides = overrides_;
  overrides.push_back(key + "=" + toml_value);
  scenario_ = load_scenario_file(path_, overrides);
  overrides_ = std::move(overrides);
}

std::string ScenarioHandle::source_name() const {
  return path_.empty() ? std::string(kBuiltinScenarioName) : path_;
}

namespace {

// A TOML basic string: quotes, backslashes and control characters escaped.
std::string toml_string(const std::string& text) {
  std::ostringstream out;
  out << '"';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out << '\\' << c;
    } else if (byte < 0x20 || byte == 0x7F) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04X", byte);
      out << escaped;
    } else {
      out << c;
    }
  }
  out << '"';
  return out.str();
}

// The TOML text of a Python value: bool, int, float, str, or a list of them.
std::string toml_value(const py::handle& value, const std::string& key) {
  // NumPy's scalars too: numpy.bool_ (dtype kind "b") is no Python bool,
  // and numpy.float64's repr is "np.float64(1.5)" from NumPy 2 on.
  const bool numpy_bool = py::hasattr(value, "dtype") &&
                          py::str(value.attr("dtype").attr("kind")).cast<std::string>() == "b";
  if (py::isinstance<py::bool_>(value) || numpy_bool) {
    return PyObject_IsTrue(value.ptr()) == 1 ? "true" : "false";
  }
  if (py::isinstance<py::int_>(value)) return py::str(value).cast<std::string>();
  if (py::isinstance<py::float_>(value)) {
    const double number = value.cast<double>();
    if (std::isnan(number)) return "nan";
    if (std::isinf(number)) return number > 0 ? "inf" : "-inf";
    char text[32];
    std::string shortest(text, std::to_chars(text, text + sizeof text, number).ptr);
    // TOML needs a float to look like one: 2 -> 2.0 (1e+20 is one already).
    if (shortest.find_first_of(".en") == std::string::npos) shortest += ".0";
    return shortest;
  }
  if (py::isinstance<py::str>(value)) return toml_string(value.cast<std::string>());
  if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
    std::string text = "[";
    for (const py::handle item : value) {
      if (text.size() > 1) text += ", ";
      text += toml_value(item, key);
    }
    return text + "]";
  }
  // NumPy scalars and other numbers: as their float or int value.
  if (py::hasattr(value, "__index__"))
    return toml_value(py::int_(py::reinterpret_borrow<py::object>(value)), key);
  if (py::hasattr(value, "__float__"))
    return toml_value(py::float_(py::reinterpret_borrow<py::object>(value)), key);
  throw InputError(key + ": expected a bool, number, string or list, got a Python " +
                   py::str(value.get_type().attr("__name__")).cast<std::string>());
}

}  // namespace

void bind_scenario(py::module_& m) {
  m.def("toml_value", &toml_value, py::arg("value"), py::arg("key"),
        "The TOML text of a Python value, as Scenario.set writes it.");
  py::class_<ScenarioHandle>(m, "Scenario",
                             R"(A scenario: the built-in one or a TOML file, with overrides.

Scenario()                      the built-in retail scenario
Scenario("my.toml")             a scenario file
s.set("simulation.customers", 20000)   override a key (validated at once)
s["simulation.customers"]       a key's effective value
s.toml()                        the effective scenario as TOML (every default filled in)
)")
      .def(py::init([](const py::object& path) {
             if (path.is_none()) return ScenarioHandle();
             return ScenarioHandle(py::str(path).cast<std::string>());
           }),
           py::arg("path") = py::none())
      .def(
          "set",
          [](ScenarioHandle& self, const std::string& key,
             const py::object& value) -> ScenarioHandle& {
            self.set(key, toml_value(value, key));
            return self;
          },
          py::arg("key"), py::arg("value"),
          "Override `key` (a dotted path, as --set takes) with `value` (bool, number, string or "
          "list); raises InputError, changing nothing, if the scenario would be invalid. Returns "
          "the scenario, so calls chain.")
      .def("toml", [](const ScenarioHandle& self) { return emit_scenario(self.scenario()); })
      .def(
          "settings",
          [](const ScenarioHandle& self) {
            py::dict settings;
            for (const ScenarioSetting& setting :
                 flatten_scenario(emit_scenario(self.scenario()), self.source_name()))
              settings[py::str(setting.key)] = setting.value;
            return settings;
          },
          "Every setting as {dotted key: value as TOML text}.")
      .def("copy", [](const ScenarioHandle& self) { return ScenarioHandle(self); })
      .def_property_readonly("path",
                             [](const ScenarioHandle& self) -> py::object {
                               if (self.path().empty()) return py::none();
                               return py::str(self.path());
                             })
      .def_property_readonly("source_name", &ScenarioHandle::source_name)
      .def_property_readonly("overrides", &ScenarioHandle::overrides)
      .def_property_readonly("strategies",
                             [](const ScenarioHandle& self) {
                               std::vector<std::string> names;
                               for (const auto& strategy : build_model(self.scenario()).strategies)
                                 names.push_back(strategy.name);
                               return names;
                             })
      .def_property_readonly("baseline",
                             [](const ScenarioHandle& self) {
                               const Model model = build_model(self.scenario());
                               return model.strategies[model.analysis.baseline_strategy].name;
                             })
      .def("__repr__", [](const ScenarioHandle& self) {
        std::string text = "omnisim.Scenario(" + self.source_name();
        for (const std::string& override_text : self.overrides())
          text += ", " + override_text;
        return text + ")";
      });
}

}  // namespace omnisim::python
