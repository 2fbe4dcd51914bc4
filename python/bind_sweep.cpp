// omnisim.sweep's two halves: SweepPlan reads and checks a sweep file (with
// the command line's overrides) and says what each point is; evaluate_point
// runs one point from its scenario text and overrides alone, so a process
// pool or MPI worker needs nothing else (python/omnisim/_sweep.py).

#include "python/bindings.hpp"
#include "python/interruptible.hpp"
#include "python/numpy_owned.hpp"
#include <pybind11/stl.h>

#include "analysis/headline.hpp"
#include "sim/experiment/sweep.hpp"
#include "sim/experiment/sweep_spec.hpp"
#include "sim/scenario/load.hpp"

namespace py = pybind11;

namespace omnisim::python {
namespace {

// The KPIs a sweep keeps when its file names none: the CLI's.
const std::vector<std::string>& default_sweep_kpis() {
  static const std::vector<std::string> kpis(kHeadlineKpis.begin(), kHeadlineKpis.end());
  return kpis;
}

class SweepPlan {
 public:
  SweepPlan(const std::string& path, const SweepOverrides& overrides)
      : spec_(load_sweep_file(path, default_sweep_kpis(), {}, overrides)),
        unit_(sweep_unit_points(spec_)) {}

  const SweepSpec& spec() const { return spec_; }
  // The runs' seed (the points' scenarios all have the base one's).
  std::int64_t seed() const { return point_scenario(spec_, unit_.front()).simulation.seed; }
  std::size_t size() const { return unit_.size(); }

  py::array_t<double> unit() const {
    std::vector<double> flat;
    for (const auto& point : unit_)
      flat.insert(flat.end(), point.begin(), point.end());
    return numpy_owned(std::move(flat), {static_cast<py::ssize_t>(unit_.size()),
                                         static_cast<py::ssize_t>(spec_.parameters.size())});
  }
  py::array_t<double> values() const {
    std::vector<double> flat;
    for (const auto& point : unit_)
      for (std::size_t i = 0; i < spec_.parameters.size(); ++i)
        flat.push_back(spec_.parameters[i].range.number_at(point[i]));
    return numpy_owned(std::move(flat), {static_cast<py::ssize_t>(unit_.size()),
                                         static_cast<py::ssize_t>(spec_.parameters.size())});
  }
  // What a worker needs to run point `point`: plain values, picklable.
  py::tuple task(std::size_t point) const {
    if (point >= unit_.size()) throw py::index_error("no such point");
    const std::string name =
        spec_.scenario_name == "built-in" ? std::string(kBuiltinScenarioName) : spec_.scenario_name;
    return py::make_tuple(spec_.scenario_text, name, point_overrides(spec_, unit_[point]),
                          spec_.strategies, spec_.kpis);
  }

 private:
  SweepSpec spec_;
  std::vector<std::vector<double>> unit_;
};

py::array_t<double> evaluate_point(const std::string& scenario_text, const std::string& name,
                                   const std::vector<std::string>& overrides,
                                   const std::vector<std::string>& strategies,
                                   const std::vector<std::string>& kpis, int threads) {
  const Scenario scenario = load_scenario(scenario_text, name, overrides);
  PointValues values;
  run_interruptibly([&](const std::atomic<bool>& stop) {
    values = evaluate_scenario(scenario, strategies, kpis, threads,
                               [&stop](double, const std::string&) { check_stop(stop); });
  });
  return numpy_owned(std::move(values), {static_cast<py::ssize_t>(strategies.size()),
                                         static_cast<py::ssize_t>(scenario.simulation.replications),
                                         static_cast<py::ssize_t>(kpis.size())});
}

}  // namespace

void bind_sweep(py::module_& m) {
  py::class_<SweepPlan>(m, "SweepPlan")
      .def(py::init([](const std::string& path, const std::vector<std::string>& set,
                       std::optional<std::int64_t> customers,
                       std::optional<std::int64_t> replications,
                       std::optional<std::int64_t> points) {
             return SweepPlan(path, SweepOverrides{set, customers, replications, points});
           }),
           py::arg("path"), py::arg("set"), py::arg("customers"), py::arg("replications"),
           py::arg("points"))
      .def("__len__", &SweepPlan::size)
      .def("unit", &SweepPlan::unit)
      .def("values", &SweepPlan::values)
      .def("task", &SweepPlan::task)
      .def_property_readonly(
          "design",
          [](const SweepPlan& self) { return std::string(design_kind_name(self.spec().design)); })
      .def_property_readonly("group_size",
                             [](const SweepPlan& self) { return design_group_size(self.spec()); })
      .def_property_readonly("parameters",
                             [](const SweepPlan& self) {
                               std::vector<std::string> keys;
                               for (const auto& parameter : self.spec().parameters)
                                 keys.push_back(parameter.key);
                               return keys;
                             })
      .def_property_readonly("strategies",
                             [](const SweepPlan& self) { return self.spec().strategies; })
      .def_property_readonly("kpis", [](const SweepPlan& self) { return self.spec().kpis; })
      .def_property_readonly("replications",
                             [](const SweepPlan& self) { return self.spec().replications; })
      .def_property_readonly("text", [](const SweepPlan& self) { return self.spec().text; })
      .def_property_readonly("seed", [](const SweepPlan& self) { return self.seed(); });
  m.def("evaluate_point", &evaluate_point, py::arg("scenario_text"), py::arg("name"),
        py::arg("overrides"), py::arg("strategies"), py::arg("kpis"), py::arg("threads") = 0,
        "One sweep point: values [strategy, replication, kpi].");
}

}  // namespace omnisim::python
