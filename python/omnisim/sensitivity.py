"""Designs and Sobol' / Morris indices for any model's outputs, with
omnisim's estimators (as SALib's sample and analyze functions, in the same
point order):

    from omnisim import sensitivity
    X = sensitivity.saltelli(3, 1024)                   # unit cube, N (2k + 2) rows
    y = my_model(sensitivity.scale(X, [(-pi, pi)] * 3))
    result = sensitivity.sobol(y, 3, names=["x1", "x2", "x3"])
    result.indices, result.second_order, result.warnings
    sensitivity.regression(values, y)                    # SRC and PRCC of any design
"""

import warnings as _warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _omnisim


def saltelli(parameters, base_points, *, second_order=True):
    """Saltelli's design in [0, 1)^k: N (2k + 2) points with second_order,
    else N (k + 2), from Sobol' points 2^m .. 2^m + N - 1 (2^m >= N)."""
    return _omnisim.saltelli_design(parameters, base_points, second_order)


def design(kind, parameters, points, *, seed=1):
    """A design's points in [0, 1)^k: "random", "lhs" or "sobol"."""
    return _omnisim.unit_design(kind, parameters, points, seed)


def morris_design(parameters, trajectories, *, levels=4, seed=1):
    """Morris trajectories: r (k + 1) points on a grid of `levels` values."""
    return _omnisim.morris_design(parameters, trajectories, levels, seed)


def scale(unit, bounds):
    """Unit points to values: column i uniform on bounds[i] = (low, high)."""
    bounds = np.asarray(bounds, dtype=float)
    return bounds[:, 0] + np.asarray(unit) * (bounds[:, 1] - bounds[:, 0])


@dataclass(frozen=True)
class SobolResult:
    indices: pd.DataFrame       # parameter x S1, S1_conf, ST, ST_conf (conf: half-width)
    second_order: pd.DataFrame  # (parameter_i, parameter_j) x S2, S2_conf; empty without
    warnings: list              # small N, S1 > ST, far outside [0, 1], constant output
    base_points: int
    variance: float


def sobol(y, parameters, *, second_order=True, names=None, confidence=0.95, resamples=1000,
          seed=1, warn=True):
    """Sobol' indices from the outputs of a Saltelli design, in its order
    (groups with a NaN left out), with bootstrap intervals over the base
    points. The warnings are also issued as UserWarning unless warn=False."""
    names = list(names) if names is not None else [f"x{i + 1}" for i in range(parameters)]
    if len(names) != parameters:
        raise ValueError(f"names: expected {parameters} names, got {len(names)}")
    raw = _omnisim.sobol_indices(np.asarray(y, dtype=float), parameters, second_order, confidence,
                                 resamples, seed, names)
    indices = pd.DataFrame({
        "S1": raw["first"]["estimate"], "S1_conf": raw["first"]["half_width"],
        "ST": raw["total"]["estimate"], "ST_conf": raw["total"]["half_width"],
    }, index=pd.Index(names, name="parameter"))
    pairs = raw["second"]
    second = pd.DataFrame(
        {"S2": [p[2] for p in pairs], "S2_conf": [p[3] for p in pairs]},
        index=pd.MultiIndex.from_tuples([(names[p[0]], names[p[1]]) for p in pairs],
                                        names=["parameter_i", "parameter_j"]))
    if warn:
        for message in raw["warnings"]:
            _warnings.warn(message, UserWarning, stacklevel=2)
    return SobolResult(indices, second, list(raw["warnings"]), raw["base_points"], raw["variance"])


def regression(values, y, *, names=None, confidence=0.95, resamples=1000, seed=1):
    """Standardised regression coefficients (SRC) and partial rank
    correlation coefficients (PRCC) of any design's points (values: one row
    per point), with bootstrap intervals over the points; attrs["r_squared"]
    is the linear fit's (SRC^2 are shares of the variance only near 1)."""
    values = np.asarray(values, dtype=float)
    parameters = values.shape[1]
    names = list(names) if names is not None else [f"x{i + 1}" for i in range(parameters)]
    raw = _omnisim.regression_indices(values, np.asarray(y, dtype=float), parameters, confidence,
                                      resamples, seed)
    frame = pd.DataFrame({
        "SRC": raw["src"]["estimate"], "SRC_conf": raw["src"]["half_width"],
        "PRCC": raw["prcc"]["estimate"], "PRCC_conf": raw["prcc"]["half_width"],
    }, index=pd.Index(names, name="parameter"))
    frame.attrs["r_squared"] = raw["r_squared"]
    frame.attrs["points"] = raw["points"]
    return frame


def morris(unit, y, parameters, *, names=None, confidence=0.95, resamples=1000, seed=1):
    """Morris elementary effects per unit of each parameter's range: mu,
    mu_star (with its bootstrap half-width), sigma."""
    names = list(names) if names is not None else [f"x{i + 1}" for i in range(parameters)]
    raw = _omnisim.morris_effects(np.asarray(unit, dtype=float), np.asarray(y, dtype=float),
                                  parameters, confidence, resamples, seed)
    return pd.DataFrame({
        "mu": raw["mu"], "mu_star": raw["mu_star"]["estimate"],
        "mu_star_conf": raw["mu_star"]["half_width"], "sigma": raw["sigma"],
    }, index=pd.Index(names, name="parameter"))
