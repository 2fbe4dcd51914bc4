"""The README's notebook-style example (README "Python"): each statement
echoed with ">>> ", then what it shows; tests/python/test_readme.py checks
that the README shows exactly this output."""

import math

import numpy as np
import pandas as pd

import omnisim
from omnisim import sensitivity

pd.set_option("display.width", 100)


def show(statement, value=None):
    print(">>> " + statement)
    if value is not None:
        print(value)


kpi = omnisim.compare(customers=5000, replications=3)
show("kpi = omnisim.compare(customers=5000, replications=3)")
show('kpi.groupby("strategy")[["clv_lifetime_net_per_prospect_eur", "retention_12m"]].mean().round(3)',
     kpi.groupby("strategy")[["clv_lifetime_net_per_prospect_eur", "retention_12m"]].mean().round(3))
s = omnisim.Scenario().set("mechanisms.habit.enabled", False)
show('s = omnisim.Scenario().set("mechanisms.habit.enabled", False)')
r = omnisim.experiment(s, strategies=["omnichannel", "multichannel"], customers=5000,
                       replications=3)
show('r = omnisim.experiment(s, strategies=["omnichannel", "multichannel"], customers=5000, replications=3)')
show('r.ranking[["value", "to_best", "to_best_half_width", "tied"]].round(2)',
     r.ranking[["value", "to_best", "to_best_half_width", "tied"]].round(2))
show('s.set("simulation.customer", 5)')
try:
    s.set("simulation.customer", 5)
except omnisim.InputError as error:
    print(f"InputError: {error}\n  (key {error.key!r})")
X = sensitivity.saltelli(3, 4096)
show("X = sensitivity.saltelli(3, 4096)   # Ishigami's three inputs, N (2k + 2) = 32768 points")
x = sensitivity.scale(X, [(-math.pi, math.pi)] * 3)
show("x = sensitivity.scale(X, [(-math.pi, math.pi)] * 3)")
y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
show("y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])")
result = sensitivity.sobol(y, 3, names=["x1", "x2", "x3"])
show('result = sensitivity.sobol(y, 3, names=["x1", "x2", "x3"])')
show("result.indices.round(3)", result.indices.round(3))
show("result.second_order.round(3)   # exact: S13 = 0.2437, the others 0",
     result.second_order.round(3))
