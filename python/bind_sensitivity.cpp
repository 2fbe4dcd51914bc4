// Designs and sensitivity indices on any model's outputs: what SALib's
// sample and analyze functions do, with omnisim's estimators, so a Python
// function (the Ishigami function, a model of one's own) is analysed the
// way omnisim analyses a sweep.

#include "python/bindings.hpp"
#include "python/numpy_owned.hpp"
#include <pybind11/stl.h>

#include "analysis/regression_indices.hpp"
#include "analysis/sensitivity.hpp"
#include "sim/experiment/design.hpp"

namespace py = pybind11;

namespace omnisim::python {
namespace {

py::array_t<double> rows_array(const std::vector<std::vector<double>>& rows,
                               std::size_t dimensions) {
  std::vector<double> flat;
  flat.reserve(rows.size() * dimensions);
  for (const auto& row : rows)
    flat.insert(flat.end(), row.begin(), row.end());
  return numpy_owned(std::move(flat),
                     {static_cast<py::ssize_t>(rows.size()), static_cast<py::ssize_t>(dimensions)});
}

std::vector<double> as_vector(
    const py::array_t<double, py::array::c_style | py::array::forcecast>& values) {
  return {values.data(), values.data() + values.size()};
}

py::dict estimates(const std::vector<IndexEstimate>& values) {
  std::vector<double> estimate, half_width;
  for (const IndexEstimate& value : values) {
    estimate.push_back(value.estimate);
    half_width.push_back(value.half_width);
  }
  py::dict out;
  out["estimate"] = numpy_owned(std::move(estimate));
  out["half_width"] = numpy_owned(std::move(half_width));
  return out;
}

}  // namespace

void bind_sensitivity(py::module_& m) {
  m.def(
      "saltelli_design",
      [](std::size_t dimensions, std::size_t base_points, bool second_order) {
        return rows_array(saltelli_design(dimensions, base_points, second_order), dimensions);
      },
      py::arg("dimensions"), py::arg("base_points"), py::arg("second_order"));
  m.def(
      "unit_design",
      [](const std::string& kind, std::size_t dimensions, std::size_t points, std::uint64_t seed) {
        return rows_array(unit_design(design_kind_named(kind), dimensions, points, seed),
                          dimensions);
      },
      py::arg("kind"), py::arg("dimensions"), py::arg("points"), py::arg("seed"));
  m.def(
      "morris_design",
      [](std::size_t dimensions, std::size_t trajectories, std::size_t levels, std::uint64_t seed) {
        return rows_array(morris_design(dimensions, trajectories, levels, seed), dimensions);
      },
      py::arg("dimensions"), py::arg("trajectories"), py::arg("levels"), py::arg("seed"));
  m.def(
      "sobol_indices",
      [](const py::array_t<double, py::array::c_style | py::array::forcecast>& y,
         std::size_t parameters, bool second_order, double confidence, std::size_t resamples,
         std::uint64_t seed, const std::vector<std::string>& names) {
        const std::vector<double> outputs = as_vector(y);
        SobolIndices indices;
        {
          const py::gil_scoped_release release;
          indices = sobol_indices(outputs, parameters, {confidence, resamples, seed}, second_order);
        }
        py::dict out;
        out["first"] = estimates(indices.first);
        out["total"] = estimates(indices.total);
        py::list second;
        for (const SecondOrderIndex& pair : indices.second)
          second.append(
              py::make_tuple(pair.i, pair.j, pair.estimate.estimate, pair.estimate.half_width));
        out["second"] = second;
        out["warnings"] = sobol_warnings(indices, names);
        out["base_points"] = indices.base_points;
        out["variance"] = indices.variance;
        return out;
      },
      py::arg("y"), py::arg("parameters"), py::arg("second_order"), py::arg("confidence"),
      py::arg("resamples"), py::arg("seed"), py::arg("names"));
  m.def(
      "regression_indices",
      [](const py::array_t<double, py::array::c_style | py::array::forcecast>& values,
         const py::array_t<double, py::array::c_style | py::array::forcecast>& y,
         std::size_t parameters, double confidence, std::size_t resamples, std::uint64_t seed) {
        const std::vector<double> x = as_vector(values), outputs = as_vector(y);
        RegressionIndices indices;
        {
          const py::gil_scoped_release release;
          indices = regression_indices(x, outputs, parameters, {confidence, resamples, seed});
        }
        py::dict out;
        out["src"] = estimates(indices.src);
        out["prcc"] = estimates(indices.prcc);
        out["r_squared"] = indices.r_squared;
        out["points"] = indices.points;
        return out;
      },
      py::arg("values"), py::arg("y"), py::arg("parameters"), py::arg("confidence"),
      py::arg("resamples"), py::arg("seed"));
  m.def(
      "morris_effects",
      [](const py::array_t<double, py::array::c_style | py::array::forcecast>& unit,
         const py::array_t<double, py::array::c_style | py::array::forcecast>& y,
         std::size_t parameters, double confidence, std::size_t resamples, std::uint64_t seed) {
        const MorrisEffects effects = morris_effects(as_vector(unit), as_vector(y), parameters,
                                                     {confidence, resamples, seed});
        py::dict out;
        out["mu"] = effects.mu;
        out["sigma"] = effects.sigma;
        out["mu_star"] = estimates(effects.mu_star);
        out["trajectories"] = effects.trajectories;
        return out;
      },
      py::arg("unit"), py::arg("y"), py::arg("parameters"), py::arg("confidence"),
      py::arg("resamples"), py::arg("seed"));
}

}  // namespace omnisim::python
