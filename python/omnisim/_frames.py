"""The extension's arrays as DataFrames, in the tidy shape of the HDF5
readers (README "Reading the results"): one row per strategy and
replication (and period, or month), one column per KPI (or series)."""

import numpy as np
import pandas as pd


def kpi_frame(raw):
    """KPIs: index (strategy, replication), a column per KPI; attrs hold units."""
    values = raw["values"]
    index = pd.MultiIndex.from_product(
        [raw["strategies"], range(values.shape[1])], names=["strategy", "replication"])
    frame = pd.DataFrame(values.reshape(len(index), -1), index=index, columns=raw["kpis"])
    frame.columns.name = "kpi"
    frame.attrs["units"] = dict(zip(raw["kpis"], raw["units"]))
    frame.attrs["better"] = dict(zip(raw["kpis"], raw["better"]))
    return frame


def timeseries_frame(raw):
    """Series per period: index (strategy, replication, period), a column per series."""
    series = raw["timeseries"]
    n_strategies, n_replications, n_periods, n_series = series.shape
    index = pd.MultiIndex.from_product(
        [raw["strategies"], range(n_replications), range(n_periods)],
        names=["strategy", "replication", "period"])
    frame = pd.DataFrame(series.reshape(-1, n_series), index=index, columns=raw["series_names"])
    frame.insert(0, "period_start_day", np.tile(raw["period_start_day"], n_strategies * n_replications))
    frame.insert(1, "period_end_day", np.tile(raw["period_end_day"], n_strategies * n_replications))
    return frame


def retention_frame(raw):
    """Share alive at each month of age: index (strategy, replication), a column per month."""
    retention = raw["retention"]
    index = pd.MultiIndex.from_product(
        [raw["strategies"], range(retention.shape[1])], names=["strategy", "replication"])
    columns = pd.RangeIndex(1, retention.shape[2] + 1, name="month")
    return pd.DataFrame(retention.reshape(len(index), -1), index=index, columns=columns)


def ranking_frame(raw):
    """The verdict, best first, indexed by strategy."""
    ranking = raw["ranking"]
    frame = pd.DataFrame(ranking["rows"]).set_index("strategy")
    frame.attrs.update({k: ranking[k] for k in ("objective", "unit", "goal")})
    return frame


def events_frame(strategy, replication, records, names):
    """One batch of events: a row per event, codes as categories."""
    frame = pd.DataFrame({
        "strategy": pd.Categorical.from_codes(
            np.full(len(records), strategy, dtype=np.int16), categories=names["strategy"]),
        "replication": np.full(len(records), replication, dtype=np.int32),
    })
    for field in ("customer_id", "sequence", "day", "amount_eur", "cost_eur"):
        frame[field] = records[field]
    journey = records["journey"]
    # <NA> outside a purchase occasion (the files' 4294967295)
    frame["journey_id"] = pd.arrays.IntegerArray(journey, journey == 0xFFFFFFFF)
    for field in ("type", "stage", "segment"):
        frame[field] = pd.Categorical.from_codes(records[field].astype(np.int16), categories=names[field])
    channel = records["channel"].astype(np.int16)
    channel[channel == 255] = -1  # no channel: NaN in the categorical
    frame["channel"] = pd.Categorical.from_codes(channel, categories=names["channel"])
    frame["detail"] = records["detail"]
    return frame


def explain_frame(raw):
    """The waterfall: index (kpi, term), mean and half-width."""
    frame = pd.DataFrame(raw["rows"]).set_index(["kpi", "term"])
    frame.attrs.update({k: raw[k] for k in ("target", "baseline", "method")})
    return frame[["group", "unit", "mean", "half_width"]]
