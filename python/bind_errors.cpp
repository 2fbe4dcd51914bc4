// omnisim's three errors as Python exceptions: InputError (a ValueError
// carrying the file, line, column and key of the first problem, and every
// problem), IoError (an OSError), ModelError (a RuntimeError). The messages
// are the CLI's, word for word.

#include <regex>
#include <string>

#include "python/bindings.hpp"

#include "sim/core/error.hpp"

namespace py = pybind11;

namespace omnisim::python {
namespace {

// Where a problem is, as the scenario and sweep loaders write it:
// "FILE:LINE:COLUMN: KEY: what" or "--set KEY=VALUE: KEY: what".
void set_location(py::object& error, const std::string& problem) {
  static const std::regex in_file(R"(^(.+):([0-9]+):([0-9]+): ([^ :]+): )");
  static const std::regex in_override(R"(^--set ([^=]+)=)");
  std::smatch match;
  error.attr("file") = py::none();
  error.attr("line") = py::none();
  error.attr("column") = py::none();
  error.attr("key") = py::none();
  if (std::regex_search(problem, match, in_file)) {
    error.attr("file") = match[1].str();
    error.attr("line") = std::stoi(match[2].str());
    error.attr("column") = std::stoi(match[3].str());
    error.attr("key") = match[4].str();
  } else if (std::regex_search(problem, match, in_override)) {
    error.attr("key") = match[1].str();
  }
}

}  // namespace

void bind_errors(py::module_& m) {
  // Never destroyed: a static's destructor would run after the interpreter
  // is gone.
  static auto& input_error = *new py::exception<InputError>(m, "InputError", PyExc_ValueError);
  static auto& io_error = *new py::exception<IoError>(m, "IoError", PyExc_OSError);
  static auto& model_error = *new py::exception<ModelError>(m, "ModelError", PyExc_RuntimeError);
  input_error.doc() =
      "Bad input: a scenario key, a value, a file. `problems` lists every problem found; "
      "`file`, `line`, `column` and `key` locate the first (None where it has none).";
  // pybind11's translator type takes the pointer by value.
  py::register_exception_translator(
      [](std::exception_ptr thrown) {  // NOLINT(performance-unnecessary-value-param)
        try {
          if (thrown) std::rethrow_exception(thrown);
        } catch (const InputError& error) {
          const py::object type = input_error;
          py::object raised = type(py::str(error.what()));
          py::list problems;
          for (const std::string& problem : error.problems())
            problems.append(problem);
          raised.attr("problems") = problems;
          set_location(raised, error.problems().empty() ? std::string() : error.problems().front());
          PyErr_SetObject(input_error.ptr(), raised.ptr());
        } catch (const IoError& error) {
          io_error(error.what());
        } catch (const ModelError& error) {
          model_error(error.what());
        }
      });
}

}  // namespace omnisim::python
