"""run, compare, experiment, explain and events through the module equal the
CLI's files for the same scenario and seed, in the DataFrame shapes of the
README's pandas snippets."""

import threading

import h5py
import numpy as np
import omnisim
import pandas as pd
from conftest import assert_same, read_kpi

SMALL = {"customers": 2000, "replications": 2}


def test_compare_equals_the_cli_bit_for_bit(tmp_path, cli):
    out = tmp_path / "compare.h5"
    cli("compare", "--customers", 2000, "--replications", 2, "--seed", 11, "--out", out, "-q")
    strategies, kpis, values = read_kpi(out)
    result = omnisim.experiment(seed=11, **SMALL)
    kpi = result.kpi
    assert kpi.index.names == ["strategy", "replication"]
    assert list(kpi.index.get_level_values("strategy").unique()) == strategies
    assert list(kpi.columns) == kpis
    assert_same(kpi.to_numpy().reshape(values.shape), values)
    assert kpi.attrs["units"]["clv_eur"] == "EUR"
    with h5py.File(out) as f:
        revenue = f["timeseries"]["revenue_eur"][:]
        starts = f["timeseries"]["period_start_day"][:]
        alive = f["retention"]["alive_share"][:]
        ranked = list(f["ranking"]["strategy"].asstr()[:])
    series = result.timeseries
    assert series.index.names == ["strategy", "replication", "period"]
    assert_same(series["revenue_eur"].to_numpy().reshape(revenue.shape), revenue)
    assert_same(series.xs((strategies[0], 0))["period_start_day"], starts)
    assert_same(result.retention.to_numpy().reshape(alive.shape), alive)
    assert list(result.ranking.index) == ranked


def test_compare_returns_the_kpi_frame_and_run_one_strategy(tmp_path, cli):
    kpi = omnisim.compare(strategies=["omnichannel", "multichannel"], **SMALL)
    assert kpi.shape == (4, len(kpi.columns))
    assert list(kpi.index.get_level_values(0).unique()) == ["omnichannel", "multichannel"]
    out = tmp_path / "run.h5"
    cli("run", "--customers", 2000, "--replications", 2, "--strategy", "omnichannel",
        "--out", out, "-q")
    _, _, values = read_kpi(out)
    single = omnisim.run(strategy="omnichannel", **SMALL)
    assert_same(single.to_numpy().reshape(values.shape), values)
    # The same customers: the strategy's rows do not depend on the others run with it.
    assert_same(single.to_numpy(), kpi.loc["omnichannel"].to_numpy())


def test_large_arrays_are_handed_over_without_a_copy():
    raw = omnisim._omnisim.experiment(omnisim.Scenario().set("simulation.customers", 500), [], 1)
    values = raw["values"]
    assert not values.flags.owndata  # a view of the engine's vector, owned by a capsule
    assert values.base is not None and values.shape[2] == len(raw["kpis"])


def test_the_gil_is_released_while_simulating():
    ticks = 0
    done = threading.Event()

    def tick():
        nonlocal ticks
        while not done.is_set():
            ticks += 1

    counter = threading.Thread(target=tick)
    counter.start()
    before = ticks
    try:
        omnisim.compare(customers=4000, replications=2, threads=1)
    finally:
        done.set()
        counter.join()
    # With the GIL held the whole run, the counter would stand still (a
    # few switch intervals at most); released, it counts millions.
    assert ticks - before > 100000


def test_explain_equals_the_cli(tmp_path, cli):
    out = tmp_path / "explain.h5"
    mechanisms = ["personalisation", "context_carryover"]
    cli("explain", "--customers", 2000, "--replications", 2, "--method", "one-at-a-time",
        "--mechanisms", ",".join(mechanisms), "--kpis", "clv_eur,retention_12m", "--out", out, "-q")
    frame = omnisim.explain(method="one-at-a-time", mechanisms=mechanisms,
                            kpis=["clv_eur", "retention_12m"], **SMALL)
    with h5py.File(out) as f:
        g = f["explain"]
        kpis, terms, mean = list(g["kpi"].asstr()[:]), list(g["term"].asstr()[:]), g["mean"][:]
    assert frame.index.names == ["kpi", "term"]
    for k, kpi in enumerate(kpis):
        assert list(frame.loc[kpi].index) == terms
        assert_same(frame.loc[kpi]["mean"], mean[k])
    assert frame.attrs["method"] == "one-at-a-time"


def test_events_come_in_batches_equal_to_the_clis_log(tmp_path, cli):
    out = tmp_path / "events.h5"
    cli("events", "--customers", 300, "--replications", 2, "--order", "customer", "--out", out,
        "-q")
    batches = list(omnisim.events(customers=300, replications=2, batch_events=5000))
    assert all(len(b) <= 5000 + 4096 for b in batches) and len(batches) > 2
    for batch in batches:  # one run per batch
        assert batch["replication"].nunique() == 1 and batch["strategy"].nunique() == 1
    events = pd.concat(batches, ignore_index=True)
    with h5py.File(out) as f:
        log = f["events"][:]
        type_names = list(f["events"].attrs["type_names"].astype(str))
    assert len(events) == len(log)
    for field in ("customer_id", "day", "amount_eur", "cost_eur", "sequence", "detail"):
        assert_same(events[field], log[field])
    assert_same(events["replication"], log["replication"])
    assert list(events["type"].astype(str)) == [type_names[t] for t in log["type"]]
    journey = log["journey_id"]
    assert events["journey_id"].isna().sum() == (journey == 0xFFFFFFFF).sum()
    assert_same(events["journey_id"].fillna(0xFFFFFFFF).astype(np.int64), journey)
    assert events["channel"].isna().sum() == (log["channel"] == 255).sum()


def test_leaving_an_event_loop_early_stops_the_simulation():
    stream = omnisim.events(customers=50000, batch_events=1000)
    first = next(stream)
    assert len(first) >= 1000
    stream.close()  # joins the producer: returns only once the simulation stopped


def test_a_bad_strategy_name_is_an_input_error():
    import pytest
    with pytest.raises(omnisim.InputError, match='did you mean "omnichannel"'):
        omnisim.compare(strategies=["omnichanel"], customers=100)


def test_fit_on_the_clis_customer_summaries_gives_the_clis_parameters(tmp_path, cli):
    import os
    cdnow = os.path.join(os.environ["OMNISIM_SOURCE_DIR"], "tests", "data", "cdnow",
                         "CDNOW_sample.txt")
    out = tmp_path / "fit.h5"
    cli("fit", cdnow, "--no-header", "--customer", 2, "--date", 3, "--amount", 5,
        "--date-format", "yyyymmdd", "--calibration-end", 19970930, "--predictions", out)
    with h5py.File(out) as f:
        p = f["predictions"]
        x, t_x, T, spend = p["x"][:], p["t_x"][:], p["T"][:], p["mean_repeat_spend"][:]
        models = list(f["fits"]["model"].asstr()[:])
        values = f["fits"]["value"][:]
    fits = omnisim.fit(x, t_x, T, spend)
    assert fits.index.names == ["model", "parameter"]
    assert list(fits.index.get_level_values("model")) == models
    assert np.allclose(fits["value"].to_numpy(), values, rtol=1e-9, atol=0)
    # The published CDNOW BG/NBD fit (Fader, Hardie & Lee 2005): r = 0.243.
    assert abs(fits.loc[("bg/nbd", "r"), "value"] - 0.243) < 0.0005
    import pytest
    with pytest.raises(omnisim.InputError, match="needs monetary"):
        omnisim.fit(x, t_x, T, models=["gg"])
