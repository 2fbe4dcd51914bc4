"""omnisim.sweep on no executor, a process pool and (in test_mpi) mpi4py's
MPIPoolExecutor gives the CLI sweep's runs; the overrides shrink a sweep."""

from concurrent.futures import ProcessPoolExecutor

import h5py
import numpy as np
import omnisim
import pandas as pd
import pytest

SWEEP = """\
scenario = "built-in"
design = "lhs"
points = 4
replications = 2
seed = 3
strategies = ["omnichannel", "multichannel"]
kpis = ["clv_eur", "retention_12m"]

[fixed.simulation]
customers = 800

[[parameter]]
key = "strategies.omnichannel.fixed_cost_eur_per_customer_year"
low = 4.0
high = 30.0

[[parameter]]
key = "mechanisms.habit.utility"
low = 0.0
high = 1.0
"""


@pytest.fixture
def sweep_file(tmp_path):
    path = tmp_path / "small.toml"
    path.write_text(SWEEP)
    return path


def cli_runs(cli, sweep_file, tmp_path, *options):
    out = tmp_path / "cli.h5"
    cli("sweep", sweep_file, "--out", out, "-q", *options)
    with h5py.File(out) as f:
        runs = pd.DataFrame(f["runs"][:])
        names = f.attrs["strategies"].astype(str)
    runs["strategy"] = runs["strategy"].map(dict(enumerate(names)))
    return runs


def assert_same_runs(module, cli_frame):
    assert list(module.columns) == list(cli_frame.columns)
    for column in module.columns:
        if column == "strategy":
            assert list(module[column]) == list(cli_frame[column])
        else:
            assert np.array_equal(module[column].to_numpy(), cli_frame[column].to_numpy(),
                                  equal_nan=True), column


def test_a_sweep_without_executor_equals_the_cli(cli, sweep_file, tmp_path):
    runs = omnisim.sweep(sweep_file)
    assert len(runs) == 4 * 2 * 2
    assert_same_runs(runs, cli_runs(cli, sweep_file, tmp_path))


def test_a_sweep_on_a_process_pool_equals_the_cli(cli, sweep_file, tmp_path):
    with ProcessPoolExecutor(2) as pool:
        runs = omnisim.sweep(sweep_file, executor=pool)
    assert_same_runs(runs, cli_runs(cli, sweep_file, tmp_path))


def test_overrides_shrink_a_sweep_as_the_cli_options_do(cli, sweep_file, tmp_path):
    runs = omnisim.sweep(sweep_file, points=2, replications=1, customers=500,
                         set={"mechanisms.word_of_mouth.enabled": False})
    assert len(runs) == 2 * 2 * 1
    assert_same_runs(runs, cli_runs(cli, sweep_file, tmp_path, "--points", 2, "--replications", 1,
                                    "--customers", 500, "--set",
                                    "mechanisms.word_of_mouth.enabled=false"))
    plan = omnisim.sweep_plan(sweep_file, points=2)
    assert len(plan) == 2 and plan.unit().shape == (2, 2)
    assert "# run with --points 2" in plan.text


def test_a_varied_key_cannot_be_set(sweep_file):
    with pytest.raises(omnisim.InputError, match="the sweep varies this key"):
        omnisim.sweep_plan(sweep_file, set={"mechanisms.habit.utility": 0.5})


def test_sensitivity_csv_and_json_parse_and_agree(cli, tmp_path):
    import json
    path = tmp_path / "saltelli.toml"
    path.write_text(SWEEP.replace('design = "lhs"\npoints = 4', 'design = "saltelli"\npoints = 4\n'
                                  'second_order = true'))
    cli("sweep", path, "--out", tmp_path / "s.h5", "-q")
    cli("sensitivity", tmp_path / "s.h5", "--kpi", "clv_eur", "--csv", tmp_path / "s.csv",
        "--json", tmp_path / "s.json")
    table = pd.read_csv(tmp_path / "s.csv", float_precision="round_trip")  # exact, as written
    assert list(table.columns) == ["index", "parameter", "other", "estimate", "half_width"]
    assert list(table["index"]) == ["S1", "ST", "S1", "ST", "S2"]
    document = json.loads((tmp_path / "s.json").read_text())
    assert document["method"] == "sobol" and document["units"] == 4
    from_json = [(i["index"], i["parameter"], i["estimate"]) for i in document["indices"]]
    from_csv = [(r.index, r.parameter, r.estimate) for r in table.itertuples()]
    assert from_json == from_csv
    assert document["warnings"]  # four base points are few, and it says so
