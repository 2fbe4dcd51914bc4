"""An EMA Workbench-style model of omnisim: uncertainties and levers are
scenario keys, outcomes are KPIs (a strategy's mean over the replications,
or the paired difference of two strategies on the same customers).

The wrapper is a plain function of keyword arguments returning a dict of
outcomes -- what EMA Workbench's `Model(name, function=...)` takes -- so it
runs with EMA Workbench when it is installed, and without it through
`perform_experiments` below (a Latin hypercube over the uncertainties, each
lever policy, on any concurrent.futures executor):

    python3 examples/python/ema_model.py            # a small run, printed

With EMA Workbench (pip install ema_workbench, not a Debian package):

    from ema_workbench import Model, RealParameter, ScalarOutcome, perform_experiments
    m = Model("omnisim", function=OmnisimModel(customers=5000))
    m.uncertainties = [RealParameter(u.name, u.low, u.high) for u in UNCERTAINTIES]
    m.levers = [RealParameter(l.name, l.low, l.high) for l in LEVERS]
    m.outcomes = [ScalarOutcome(o) for o in OUTCOMES]
    experiments, outcomes = perform_experiments(m, scenarios=50, policies=4)
"""

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

import omnisim
from omnisim import sensitivity


@dataclass(frozen=True)
class Parameter:
    """An uncertainty or a lever: a scenario key and its range."""
    name: str  # the omnisim key path, e.g. "mechanisms.habit.utility"
    low: float
    high: float


UNCERTAINTIES = [
    Parameter("mechanisms.habit.utility", 0.5, 3.0),
    Parameter("mechanisms.satisfaction.effort_weight", 0.2, 1.2),
]
LEVERS = [
    Parameter("strategies.omnichannel.fixed_cost_eur_per_customer_year", 4.0, 30.0),
]
# KPI of a strategy, or "KPI:A-B" for the paired difference A - B.
OUTCOMES = ["clv_lifetime_net_per_prospect_eur:omnichannel-multichannel",
            "retention_12m:omnichannel"]


class OmnisimModel:
    """f(**parameters) -> {outcome: value}: one omnisim experiment per call,
    the same customers (seed) for every call, as common random numbers."""

    def __init__(self, scenario=None, *, outcomes=OUTCOMES, customers=5000, replications=2,
                 threads=1):
        self.scenario = scenario
        self.outcomes = list(outcomes)
        self.customers, self.replications, self.threads = customers, replications, threads
        self.strategies = sorted({s for o in self.outcomes
                                  for s in o.split(":")[1].split("-")})

    def __call__(self, **parameters):
        kpi = omnisim.compare(self.scenario, strategies=self.strategies, set=parameters,
                              customers=self.customers, replications=self.replications,
                              threads=self.threads)
        means = kpi.groupby(level="strategy").mean()
        values = {}
        for outcome in self.outcomes:
            name, strategies = outcome.split(":")
            if "-" in strategies:
                a, b = strategies.split("-")
                values[outcome] = means.loc[a, name] - means.loc[b, name]
            else:
                values[outcome] = means.loc[strategies, name]
        return values


def _run(model, parameters):
    return model(**parameters)


def perform_experiments(model, uncertainties, levers, scenarios=8, policies=2, seed=1,
                        executor=None):
    """EMA's perform_experiments in miniature: a Latin hypercube of
    `scenarios` over the uncertainties crossed with `policies` lever
    settings; returns (experiments, outcomes) DataFrames."""
    def points(parameters, n, seed_offset):
        unit = sensitivity.design("lhs", len(parameters), n, seed=seed + seed_offset)
        values = sensitivity.scale(unit, [(p.low, p.high) for p in parameters])
        return [dict(zip((p.name for p in parameters), row)) for row in values]

    rows = []
    for policy, lever_values in enumerate(points(levers, policies, 1000)):
        for scenario, uncertain_values in enumerate(points(uncertainties, scenarios, 0)):
            rows.append({**uncertain_values, **lever_values, "scenario": scenario,
                         "policy": policy})
    parameters = [{k: v for k, v in row.items() if k not in ("scenario", "policy")}
                  for row in rows]
    if executor is None:
        results = [model(**p) for p in parameters]
    else:
        results = list(executor.map(_run, [model] * len(parameters), parameters))
    return pd.DataFrame(rows), pd.DataFrame(results)


if __name__ == "__main__":
    model = OmnisimModel(customers=3000, replications=2)
    with ProcessPoolExecutor(2) as pool:
        experiments, outcomes = perform_experiments(model, UNCERTAINTIES, LEVERS, scenarios=4,
                                                    policies=2, executor=pool)
    pd.set_option("display.width", 120)
    print(pd.concat([experiments, outcomes], axis=1).round(3).to_string())
