"""omnisim.sweep: a sweep file's points on any concurrent.futures executor."""

import os

import numpy as np
import pandas as pd

from . import _omnisim


def _set_list(changes):
    return [f"{key}={_omnisim.toml_value(value, key)}" for key, value in (changes or {}).items()]


def sweep_plan(path, *, set=None, customers=None, replications=None, points=None):
    """The sweep file read and checked with the given changes (as `omnisim
    sweep FILE --set ... --customers N --replications N --points N`): its
    points (`unit()`, `values()`), parameters, strategies and KPIs."""
    return _omnisim.SweepPlan(os.fspath(path), _set_list(set), customers, replications, points)


def _evaluate(task, threads):
    """One point in a worker: needs nothing but the task (picklable)."""
    return _omnisim.evaluate_point(*task, threads)


def sweep(path, *, executor=None, threads=None, set=None, customers=None, replications=None,
          points=None):
    """Runs every point of a sweep file and returns the runs as `omnisim
    sweep`'s file holds them (/runs): a row per point, strategy and
    replication; the parameters' values and the KPIs as columns.

    executor: a concurrent.futures executor (ProcessPoolExecutor,
    mpi4py.futures.MPIPoolExecutor, ...) that runs the points, each on
    `threads` threads (default 1 with an executor, every core without). The
    results do not depend on it."""
    plan = sweep_plan(path, set=set, customers=customers, replications=replications, points=points)
    tasks = [plan.task(point) for point in range(len(plan))]
    if executor is None:
        values = [_evaluate(task, 0 if threads is None else threads) for task in tasks]
    else:
        futures = [executor.submit(_evaluate, task, 1 if threads is None else threads)
                   for task in tasks]
        values = [future.result() for future in futures]
    return runs_frame(plan, values)


def runs_frame(plan, values):
    """The tidy runs table of the points' values [strategy, replication, kpi]."""
    n_points = len(values)
    n_strategies, n_replications, n_kpis = values[0].shape if n_points else (0, 0, 0)
    rows = n_strategies * n_replications
    stacked = np.concatenate([v.reshape(rows, n_kpis) for v in values]) if n_points else np.empty((0, n_kpis))
    frame = pd.DataFrame({
        "point": np.repeat(np.arange(n_points, dtype=np.int64), rows),
        "replication": np.tile(np.arange(n_replications, dtype=np.int64), n_points * n_strategies),
        "strategy": np.tile(np.repeat(plan.strategies, n_replications), n_points),
        "seed": np.full(n_points * rows, plan.seed, dtype=np.int64),
    })
    parameter_values = plan.values()
    for i, key in enumerate(plan.parameters):
        frame[key] = np.repeat(parameter_values[:n_points, i], rows)
    for k, kpi in enumerate(plan.kpis):
        frame[kpi] = stacked[:, k]
    return frame
