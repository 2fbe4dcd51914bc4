// _omnisim: the C++ half of `import omnisim` (python/omnisim/__init__.py is
// the other). It hands NumPy arrays and plain Python values to the package,
// which builds the DataFrames.

#include "python/bindings.hpp"
#include <pybind11/pybind11.h>

#include "sim/core/version.hpp"

PYBIND11_MODULE(_omnisim, m) {
  m.doc() = "omnisim's engine; use the omnisim package, not this module";
  m.attr("__version__") = omnisim::kVersion;
  omnisim::python::bind_errors(m);
  omnisim::python::bind_scenario(m);
  omnisim::python::bind_runs(m);
  omnisim::python::bind_events(m);
  omnisim::python::bind_sweep(m);
  omnisim::python::bind_sensitivity(m);
  omnisim::python::bind_fit(m);
}
