"""The core never imports Qt: every microbiz module is imported in a clean interpreter."""

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import microbiz

SCRIPT = """
import importlib, json, pkgutil, sys
import microbiz
names = [m.name for m in pkgutil.walk_packages(microbiz.__path__, "microbiz.")]
for name in names:
    importlib.import_module(name)
qt = sorted(m for m in sys.modules if m.startswith("PySide6"))
print(json.dumps({"imported": names, "qt": qt}))
"""


def test_no_microbiz_module_loads_pyside6():
    root = Path(microbiz.__file__).parents[1]
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=root, capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout)
    expected = {m.name for m in pkgutil.walk_packages(microbiz.__path__, "microbiz.")}
    assert set(found["imported"]) == expected
    assert "microbiz.clients.details" in expected
    assert found["qt"] == []
