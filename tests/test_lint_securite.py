"""ruff's security rules (S, from flake8-bandit) are clean on the application and the
scripts: CI runs this test, so a new finding must be fixed or justified with a ``noqa``."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _ruff_s(*paths: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "ruff", "check", "--no-cache", "--select", "S", *paths]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_bandit_rules_are_clean():
    done = _ruff_s("village_avenir", "scripts", "gunicorn.conf.py")
    if "No module named ruff" in done.stderr:
        pytest.fail("ruff absent de l'environnement : pip install -e '.[dev]'")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_check_finds_an_insecure_call(tmp_path):
    bad = tmp_path / "mauvais.py"
    bad.write_text('import subprocess\nsubprocess.run("ls " + input(), shell=True)\n')
    done = _ruff_s(str(bad))
    assert done.returncode == 1 and "S602" in done.stdout, done.stdout
