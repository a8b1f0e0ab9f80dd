"""The installed environment is exactly the locked one, and every reader the importer needs imports.

`requirements.txt` is compiled by pip-tools from `requirements.in` (`make lock`): every package that
gets installed is pinned there, transitive ones included, so a fresh machine installs the same set
(an older pip once skipped trafilatura's `lxml_html_clean`, and the HTML reader failed to import).
"""

import importlib
import importlib.metadata
import re
import subprocess
import sys

import pytest
from django.conf import settings

READERS = ["trafilatura", "htmldate", "feedparser", "lxml.html", "lxml_html_clean", "ftfy"]


def pinned(path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s;#]+)", line)
        if match:
            pins[canonical(match.group(1))] = match.group(2)
    return pins


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.mark.parametrize("module", READERS)
def test_every_reader_imports(module):
    importlib.import_module(module)


def test_every_runtime_requirement_is_installed_at_its_pinned_version():
    installed = {
        canonical(dist.metadata["Name"]): dist.version
        for dist in importlib.metadata.distributions()
    }
    wrong = {
        name: (version, installed.get(name))
        for name, version in pinned(settings.BASE_DIR / "requirements.txt").items()
        if installed.get(name) != version
    }
    assert not wrong, f"pinned (wanted, installed): {wrong}"


def test_the_lock_pins_every_dependency_of_what_it_pins():
    """pip's own check: no installed package lacks a dependency or has one at a wrong version."""
    done = subprocess.run(
        [sys.executable, "-m", "pip", "check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
