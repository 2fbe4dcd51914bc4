// omnisim.fit: the buy-till-you-die fits of `omnisim fit` on customer
// summaries a Python user already has (frequency, recency, T, mean repeat
// spend: the lifetimes / pymc-marketing convention), without the GIL.

#include "python/bindings.hpp"
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "analysis/clv/fit.hpp"
#include "sim/core/error.hpp"

namespace py = pybind11;

namespace omnisim::python {
namespace {

using Column = py::array_t<double, py::array::c_style | py::array::forcecast>;

py::dict fit_dict(const FittedModel& fit) {
  py::dict out;
  out["model"] = fit.model;
  out["names"] = fit.names;
  out["values"] = fit.values;
  out["standard_errors"] = fit.standard_errors;
  out["log_likelihood"] = fit.log_likelihood;
  out["customers"] = fit.customers;
  out["converged"] = fit.converged;
  out["method"] = fit.method;
  out["warnings"] = fit.warnings;
  return out;
}

py::list fit_models(const Column& frequency, const Column& recency, const Column& age,
                    const std::optional<Column>& monetary, const std::vector<std::string>& models) {
  const auto n = static_cast<std::size_t>(frequency.size());
  if (static_cast<std::size_t>(recency.size()) != n || static_cast<std::size_t>(age.size()) != n ||
      (monetary && static_cast<std::size_t>(monetary->size()) != n)) {
    throw InputError("fit: frequency, recency, T (and monetary) must have one value per customer");
  }
  std::vector<CustomerSummary> customers(n);
  for (std::size_t i = 0; i < n; ++i) {
    CustomerSummary& c = customers[i];
    c.x = frequency.data()[i];
    c.t_x = recency.data()[i];
    c.T = age.data()[i];
    c.mean_repeat_spend = monetary ? monetary->data()[i] : 0.0;
    if (!(c.x >= 0.0 && c.t_x >= 0.0 && c.t_x <= c.T) || (c.x == 0.0 && c.t_x != 0.0)) {
      throw InputError("fit: customer " + std::to_string(i) +
                       " has frequency, recency, T = " + std::to_string(c.x) + ", " +
                       std::to_string(c.t_x) + ", " + std::to_string(c.T) +
                       " (expected 0 <= recency <= T, and recency 0 without a repeat purchase)");
    }
  }
  std::vector<FittedModel> fits;
  {
    const py::gil_scoped_release release;
    for (const std::string& model : models) {
      if (model == "bgnbd") {
        fits.push_back(fit_bg_nbd(customers));
      } else if (model == "mbgnbd") {
        fits.push_back(fit_mbg_nbd(customers));
      } else if (model == "pnbd") {
        fits.push_back(fit_pareto_nbd(customers));
      } else if (model == "gg") {
        if (!monetary) throw InputError("fit: gg (Gamma-Gamma) needs monetary");
        fits.push_back(fit_gamma_gamma(customers));
      } else {
        throw InputError("models: expected bgnbd, mbgnbd, pnbd or gg, got \"" + model + "\"");
      }
    }
  }
  py::list out;
  for (const FittedModel& fit : fits)
    out.append(fit_dict(fit));
  return out;
}

}  // namespace

void bind_fit(py::module_& m) {
  m.def("fit", &fit_models, py::arg("frequency"), py::arg("recency"), py::arg("T"),
        py::arg("monetary"), py::arg("models"),
        "BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma maximum-likelihood fits.");
}

}  // namespace omnisim::python
