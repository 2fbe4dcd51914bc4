"""omnisim from Python: the engine of the `omnisim` command, its results as
pandas DataFrames.

    import omnisim
    kpi = omnisim.compare(customers=20000)          # built-in scenario
    kpi.groupby("strategy")["clv_eur"].mean()

    s = omnisim.Scenario("my.toml").set("simulation.replications", 3)
    result = omnisim.experiment(s)                   # .kpi, .timeseries, .retention, .ranking

    runs = omnisim.sweep("scenarios/sweeps/x.toml", executor=ProcessPoolExecutor(2))

Same scenario and seed, same numbers as the command line. Simulations
release the GIL; Ctrl-C raises KeyboardInterrupt within a fraction of a
second. Bad input raises omnisim.InputError (a ValueError) with the CLI's
message and `file`, `line`, `column`, `key`, `problems`.
"""

from ._omnisim import InputError, IoError, ModelError, Scenario, __version__
from ._runs import Results, compare, events, experiment, explain, fit, run
from ._sweep import sweep, sweep_plan
from . import sensitivity

__all__ = [
    "InputError", "IoError", "ModelError", "Scenario", "Results", "__version__",
    "compare", "events", "experiment", "explain", "fit", "run", "sweep", "sweep_plan",
    "sensitivity",
]
