"""examples/python/ema_model.py: the EMA Workbench-style wrapper runs, its
outcomes are the module's KPIs, and its experiments on a process pool equal
those run in this process."""

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import omnisim

sys.path.insert(0, str(Path(os.environ["OMNISIM_SOURCE_DIR"]) / "examples" / "python"))
import ema_model  # noqa: E402


def test_the_wrapper_returns_its_outcomes_as_the_module_computes_them():
    model = ema_model.OmnisimModel(customers=400, replications=2)
    parameters = {"mechanisms.habit.utility": 1.5}
    outcomes = model(**parameters)
    kpi = omnisim.compare(strategies=["multichannel", "omnichannel"], set=parameters,
                          customers=400, replications=2, threads=1)
    means = kpi.groupby(level="strategy").mean()
    key = "clv_lifetime_net_per_prospect_eur"
    assert outcomes[key + ":omnichannel-multichannel"] == means.loc["omnichannel", key] - \
        means.loc["multichannel", key]
    assert outcomes["retention_12m:omnichannel"] == means.loc["omnichannel", "retention_12m"]


def test_experiments_on_a_pool_equal_those_in_process():
    model = ema_model.OmnisimModel(customers=300, replications=1)
    args = (model, ema_model.UNCERTAINTIES, ema_model.LEVERS)
    experiments, outcomes = ema_model.perform_experiments(*args, scenarios=3, policies=1)
    with ProcessPoolExecutor(2) as pool:
        pooled_experiments, pooled = ema_model.perform_experiments(*args, scenarios=3, policies=1,
                                                                   executor=pool)
    assert len(experiments) == 3 and list(experiments["scenario"]) == [0, 1, 2]
    assert experiments.equals(pooled_experiments)
    assert np.array_equal(outcomes.to_numpy(), pooled.to_numpy())
