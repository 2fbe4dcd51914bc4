"""The install target (scripts/install-python.sh's step) puts a package
that imports and runs into a virtual environment's site-packages."""

import os
import subprocess
import sys


def test_the_package_installs_into_a_venv_and_runs(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('platlib'))"],
                          check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run(["cmake", "--install", os.environ["OMNISIM_BUILD_DIR"], "--component", "python",
                    "--prefix", site], check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the venv's package only
    out = subprocess.run(
        [python, "-c", "import omnisim; print(omnisim.__file__); "
                       "print(omnisim.compare(customers=300, replications=2).shape)"],
        check=True, capture_output=True, text=True, cwd=tmp_path, env=env).stdout.split("\n")
    assert out[0].startswith(site)
    assert out[1].startswith("(")  # (strategies x 2 replications, KPIs)
