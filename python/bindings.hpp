#pragma once
// The parts of the _omnisim extension module, each registered by its own
// file (module.cpp calls them in this order): errors first, since the others
// raise them.

#include <pybind11/pybind11.h>

namespace omnisim::python {

void bind_errors(pybind11::module_& m);
void bind_scenario(pybind11::module_& m);
void bind_runs(pybind11::module_& m);
void bind_events(pybind11::module_& m);
void bind_sweep(pybind11::module_& m);
void bind_sensitivity(pybind11::module_& m);
void bind_fit(pybind11::module_& m);

}  // namespace omnisim::python
