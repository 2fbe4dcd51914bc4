"""Shared fixtures of the Python module's tests (run by CTest: PYTHONPATH
points at the build's python/ directory, OMNISIM_BINARY at the CLI)."""

import os
import subprocess

import h5py
import numpy as np
import pytest


@pytest.fixture(scope="session")
def omnisim_binary():
    return os.environ["OMNISIM_BINARY"]


@pytest.fixture(scope="session")
def cli(omnisim_binary):
    """Runs `omnisim ARGS` quietly; returns the completed process (check=True)."""
    def run(*args, check=True):
        return subprocess.run([omnisim_binary, *map(str, args)], capture_output=True, text=True,
                              check=check)
    return run


def read_kpi(path):
    """/kpi/values and its axes, as the README's pandas snippet reads them."""
    with h5py.File(path) as f:
        g = f["kpi"]
        return (list(g["strategy"].asstr()[:]), list(g["kpi"].asstr()[:]), g["values"][:])


def assert_same(a, b):
    """Bit for bit, NaN where NaN."""
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape
    assert np.array_equal(a, b, equal_nan=True)
