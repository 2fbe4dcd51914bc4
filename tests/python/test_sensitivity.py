"""The sensitivity tools through the module, on functions whose Sobol'
indices are known in closed form: Ishigami's (Ishigami & Homma 1990) and
Sobol's g-function (Saltelli & Sobol' 1995). Fixed seeds; each index is
checked against its 99.9 % bootstrap interval (one index in a thousand
would miss by chance; there are about thirty)."""

import math

import numpy as np
import pytest
from omnisim import sensitivity

CONFIDENCE = 0.999


def ishigami(x, a=7.0, b=0.1):
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_exact(a=7.0, b=0.1):
    v1 = 0.5 * (1 + b * math.pi ** 4 / 5) ** 2
    v2 = a ** 2 / 8
    v13 = b ** 2 * math.pi ** 8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    first = [v1 / v, v2 / v, 0.0]
    total = [(v1 + v13) / v, v2 / v, v13 / v]
    second = {(0, 1): 0.0, (0, 2): v13 / v, (1, 2): 0.0}
    return first, total, second


def g_function(unit, a):
    return np.prod((np.abs(4 * unit - 2) + a) / (1 + a), axis=1)


def g_exact(a):
    v = 1 / (3 * (1 + np.asarray(a)) ** 2)
    total_variance = np.prod(1 + v) - 1
    first = v / total_variance
    total = np.array([v[i] * np.prod(np.delete(1 + v, i)) for i in range(len(v))]) / total_variance
    second = {(i, j): v[i] * v[j] / total_variance for i in range(len(v)) for j in range(i + 1, len(v))}
    return first, total, second


def assert_within(estimate, half_width, exact, what):
    assert abs(estimate - exact) <= half_width, f"{what}: {estimate:.4f} ± {half_width:.4f}, exact {exact:.4f}"


def check(result, first, total, second):
    names = list(result.indices.index)
    for i, name in enumerate(names):
        row = result.indices.loc[name]
        assert_within(row.S1, row.S1_conf, first[i], f"S1 {name}")
        assert_within(row.ST, row.ST_conf, total[i], f"ST {name}")
    for (i, j), exact in second.items():
        row = result.second_order.loc[(names[i], names[j])]
        assert_within(row.S2, row.S2_conf, exact, f"S2 {names[i]} {names[j]}")


def test_second_order_indices_of_ishigami_contain_the_exact_values():
    unit = sensitivity.saltelli(3, 4096)
    assert unit.shape == (4096 * 8, 3)
    y = ishigami(sensitivity.scale(unit, [(-math.pi, math.pi)] * 3))
    result = sensitivity.sobol(y, 3, names=["x1", "x2", "x3"], confidence=CONFIDENCE)
    first, total, second = ishigami_exact()
    assert second[(0, 2)] == pytest.approx(0.2437, abs=1e-4)
    check(result, first, total, second)
    assert result.second_order.loc[("x1", "x3")].S2 > 0.2  # the interaction is found
    assert result.warnings == []


def test_indices_of_the_g_function_contain_the_exact_values():
    a = [0.0, 1.0, 4.5, 9.0]
    unit = sensitivity.saltelli(4, 4096)
    result = sensitivity.sobol(g_function(unit, np.array(a)), 4, confidence=CONFIDENCE)
    check(result, *g_exact(a))


def test_the_design_skips_the_sequences_first_points():
    unit = sensitivity.saltelli(3, 64, second_order=False)
    assert unit.shape == (64 * 5, 3)
    # No group is one repeated point (unscrambled Sobol' point 1 is the
    # centre: A = B there), and no row repeats another group's A.
    assert not np.allclose(unit[0], unit[4])
    a_rows = unit[::5]
    assert len(np.unique(a_rows, axis=0)) == 64


def test_a_constant_output_and_too_few_points_are_said():
    unit = sensitivity.saltelli(3, 64)
    with pytest.warns(UserWarning, match="constant"):
        constant = sensitivity.sobol(np.full(len(unit), 3.0), 3)
    assert constant.indices.isna().all().all()
    y = ishigami(sensitivity.scale(sensitivity.saltelli(3, 8), [(-math.pi, math.pi)] * 3))
    small = sensitivity.sobol(y, 3, warn=False)
    assert any("base points is small" in w for w in small.warnings)


def test_first_order_indices_without_the_second_order_points():
    unit = sensitivity.saltelli(3, 2048, second_order=False)
    y = ishigami(sensitivity.scale(unit, [(-math.pi, math.pi)] * 3))
    result = sensitivity.sobol(y, 3, second_order=False, confidence=CONFIDENCE)
    first, total, _ = ishigami_exact()
    check(result, first, total, {})
    assert result.second_order.empty


def test_regression_indices_of_a_linear_function_on_a_latin_hypercube():
    unit = sensitivity.design("lhs", 3, 400, seed=7)
    y = 2.0 * unit[:, 0] - unit[:, 1]
    frame = sensitivity.regression(unit, y, names=["a", "b", "c"], resamples=200)
    assert frame.attrs["r_squared"] == pytest.approx(1.0, abs=1e-12)
    sd = unit.std(axis=0, ddof=1)
    assert frame.loc["a", "SRC"] == pytest.approx(2.0 * sd[0] / y.std(ddof=1), abs=1e-9)
    assert frame.loc["b", "SRC"] == pytest.approx(-sd[1] / y.std(ddof=1), abs=1e-9)
    assert frame.loc["a", "PRCC"] > 0.9 and frame.loc["b", "PRCC"] < -0.7
    assert abs(frame.loc["c", "PRCC"]) <= 3 * frame.loc["c", "PRCC_conf"]
