"""run, compare, experiment, explain and events: the simulating commands."""

import os
from dataclasses import dataclass

import pandas as pd

from . import _frames, _omnisim
from ._omnisim import Scenario


def scenario_of(scenario=None, *, set=None, seed=None, customers=None, replications=None):
    """A Scenario from None (the built-in one), a path or a Scenario (copied),
    with `set` ({key: value}, in order) and then seed, customers and
    replications applied, as the CLI applies --set then --seed, --customers
    and --replications."""
    if scenario is None:
        resolved = Scenario()
    elif isinstance(scenario, Scenario):
        resolved = scenario.copy()
    elif isinstance(scenario, (str, os.PathLike)):
        resolved = Scenario(os.fspath(scenario))
    else:
        raise TypeError(f"scenario: expected None, a path or an omnisim.Scenario, got {type(scenario).__name__}")
    for key, value in (set or {}).items():
        resolved.set(key, value)
    for key, value in (("simulation.seed", seed), ("simulation.customers", customers),
                       ("simulation.replications", replications)):
        if value is not None:
            resolved.set(key, value)
    return resolved


@dataclass(frozen=True)
class Results:
    """Everything an experiment measured, as DataFrames."""
    kpi: pd.DataFrame         # (strategy, replication) x KPI; attrs["units"]
    timeseries: pd.DataFrame  # (strategy, replication, period) x series
    retention: pd.DataFrame   # (strategy, replication) x month of age
    ranking: pd.DataFrame     # the verdict on analysis.objective, best first
    baseline: str
    confidence: float


def experiment(scenario=None, *, strategies=None, threads=0, **changes):
    """Runs the strategies (default: all of the scenario's) x replications on
    the same customers, as `omnisim compare` does. `changes`: set, seed,
    customers, replications (see scenario_of)."""
    raw = _omnisim.experiment(scenario_of(scenario, **changes), list(strategies or []), threads)
    return Results(_frames.kpi_frame(raw), _frames.timeseries_frame(raw),
                   _frames.retention_frame(raw), _frames.ranking_frame(raw),
                   raw["baseline"], raw["confidence"])


def compare(scenario=None, *, strategies=None, threads=0, **changes):
    """The KPIs of `omnisim compare`: index (strategy, replication), a column per KPI."""
    return experiment(scenario, strategies=strategies, threads=threads, **changes).kpi


def run(scenario=None, *, strategy=None, threads=0, **changes):
    """The KPIs of `omnisim run`: one strategy (default: analysis.baseline)."""
    resolved = scenario_of(scenario, **changes)
    return experiment(resolved, strategies=[strategy or resolved.baseline], threads=threads).kpi


def explain(scenario=None, *, target="omnichannel", baseline=None, kpis=None, mechanisms=None,
            method="shapley", threads=0, **changes):
    """Where target - baseline comes from, mechanism by mechanism (`omnisim
    explain`, at the scenario's size): index (kpi, term), mean, half-width."""
    raw = _omnisim.explain(scenario_of(scenario, **changes), target, baseline or "",
                           list(kpis or []), list(mechanisms or []), method, threads)
    return _frames.explain_frame(raw)


def events(scenario=None, *, strategies=None, batch_events=65536, threads=0, **changes):
    """The event log of `omnisim events` as DataFrames of about `batch_events`
    rows, in the log's order; a batch never mixes two runs. Stops the
    simulation when the iteration stops (break, close(), garbage)."""
    stream = _omnisim.EventStream(scenario_of(scenario, **changes), list(strategies or []),
                                  threads, batch_events)
    names = stream.names()
    try:
        while (batch := stream.next()) is not None:
            yield _frames.events_frame(*batch, names)
    finally:
        stream.close()


def fit(frequency, recency, T, monetary=None, *, models=None):
    """The buy-till-you-die fits of `omnisim fit` on customer summaries:
    repeat purchases, time of the last one from the first, time from the
    first to the end of calibration (any time unit), and the mean repeat
    spend (for Gamma-Gamma). models: bgnbd, mbgnbd, pnbd, gg (default: all
    four, gg only with monetary). Index (model, parameter); value and
    standard error; attrs: each model's log-likelihood and warnings."""
    if models is None:
        models = ["bgnbd", "mbgnbd", "pnbd"] + (["gg"] if monetary is not None else [])
    fits = _omnisim.fit(frequency, recency, T, monetary, models)
    rows = [(f["model"], name, value, error) for f in fits
            for name, value, error in zip(f["names"], f["values"], f["standard_errors"])]
    frame = pd.DataFrame(rows, columns=["model", "parameter", "value", "standard_error"])
    frame = frame.set_index(["model", "parameter"])
    frame.attrs["log_likelihood"] = {f["model"]: f["log_likelihood"] for f in fits}
    frame.attrs["warnings"] = {f["model"]: list(f["warnings"]) for f in fits}
    return frame
