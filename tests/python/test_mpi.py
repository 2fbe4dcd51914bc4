"""omnisim.sweep on mpi4py's MPIPoolExecutor under `mpirun -n 3 python3 -m
mpi4py.futures` (rank 0 runs the script, ranks 1 and 2 the points) equals
the CLI sweep."""

import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from test_sweep import SWEEP, assert_same_runs, cli_runs

# The workers import the script as a module (to find what is pickled by
# name): the guard keeps them from running it.
SCRIPT = """
import sys
import omnisim
from mpi4py.futures import MPIPoolExecutor
if __name__ == "__main__":
    with MPIPoolExecutor() as pool:
        runs = omnisim.sweep(sys.argv[1], executor=pool)
    runs.to_pickle(sys.argv[2])
"""


@pytest.mark.skipif(shutil.which("mpirun") is None, reason="no mpirun (Open MPI)")
def test_a_sweep_on_mpi_pool_executor_equals_the_cli(cli, tmp_path):
    pytest.importorskip("mpi4py")
    sweep_file = tmp_path / "small.toml"
    sweep_file.write_text(SWEEP)
    script = tmp_path / "mpi_sweep.py"
    script.write_text(SCRIPT)
    out = tmp_path / "runs.pkl"
    # The suite may run as root (a container); Open MPI refuses root unless told.
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1")
    subprocess.run(["mpirun", "-n", "3", sys.executable, "-m", "mpi4py.futures", str(script),
                    str(sweep_file), str(out)], check=True, env=env, timeout=600)
    assert_same_runs(pd.read_pickle(out), cli_runs(cli, sweep_file, tmp_path))
