"""The set-up that `make run` and `make test` start with is idempotent and quiet when all is there."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_setup_twice_in_a_row_is_quiet_and_succeeds():
    for _ in range(2):
        run = subprocess.run(
            ["bash", "scripts/setup.sh", "--test"], cwd=ROOT, capture_output=True, text=True, timeout=600
        )
        assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "", f"second run should have nothing to do, said: {run.stdout}"


def test_ci_runs_make_test_only():
    lines = [line for line in (ROOT / ".ci/run").read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert lines[-1].strip() == "make test"
