"""README "Event streams": the pandas snippet runs on a real events.csv and
events.h5 and reads them alike; the web's busiest hour is in the evening."""

import os
import re
import subprocess
import sys
from pathlib import Path


def test_the_readme_pandas_snippet_reads_csv_and_hdf5_alike(tmp_path):
    source = Path(os.environ["OMNISIM_SOURCE_DIR"])
    binary = os.environ["OMNISIM_BINARY"]
    for out in ["events.csv", "events.h5"]:
        subprocess.run([binary, "events", "--customers", "2000", "--replications", "1", "--out",
                        out, "-q"], cwd=tmp_path, check=True)
    readme = (source / "README.md").read_text()
    block = re.search(r"<!-- run by tests/python/test_events_snippet.py[^>]*-->\n```python\n(.*?)```",
                      readme, re.S)
    assert block, "README has no events snippet"
    (tmp_path / "snippet.py").write_text(block.group(1))
    out = subprocess.run([sys.executable, "snippet.py"], cwd=tmp_path, check=True,
                         capture_output=True, text=True).stdout
    busiest = re.search(r"busiest (\d+) quietest (\d+)", out)
    assert busiest, out
    assert 17 <= int(busiest.group(1)) <= 23, out  # the evening peak (docs/model.md section 11)
    assert 1 <= int(busiest.group(2)) <= 6, out
    counts = re.search(r"(True|False) events; (\d+) purchases", out)
    assert counts and counts.group(1) == "True" and int(counts.group(2)) > 100, out
