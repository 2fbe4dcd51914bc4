"""README "Python" shows the real output of tests/python/readme_example.py."""

import os
import re
import subprocess
import sys
from pathlib import Path


def test_the_readme_shows_the_examples_real_output():
    source = Path(os.environ["OMNISIM_SOURCE_DIR"])
    script = Path(__file__).with_name("readme_example.py")
    out = subprocess.run([sys.executable, str(script)], check=True, capture_output=True,
                         text=True).stdout
    readme = (source / "README.md").read_text()
    block = re.search(r"<!-- output: tests/python/readme_example.py[^>]*-->\n```text\n(.*?)```",
                      readme, re.S)
    assert block, "README has no output block of readme_example.py"
    assert block.group(1) == out
