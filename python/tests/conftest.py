"""Shared fixtures: the gpubv command under test (env GPUBV, else `gpubv` on PATH) and the shipped data."""
from pathlib import Path

import pytest

import gpubv

ROOT = Path(__file__).resolve().parents[2]
STRUCTURES = ROOT / "tests" / "GpuBv.Tests" / "Data" / "structures"
EXAMPLES = ROOT / "examples"
TRAJECTORIES = ROOT / "tests" / "GpuBv.Tests" / "Data" / "trajectories"


def shipped_cifs():
    return sorted(STRUCTURES.glob("*.cif")) + sorted(EXAMPLES.glob("*.cif"))


@pytest.fixture(scope="session")
def command():
    """The argv of the gpubv under test; a missing command fails the run (it is what these tests are about)."""
    try:
        argv = gpubv.find_command()
    except gpubv.GpubvError as e:
        pytest.fail(f"{e} (CI sets GPUBV to the built gpubv.dll)")
    proc = gpubv._runner.run(["--help"], argv, check=False)
    if proc.returncode != 0:
        pytest.fail(f"{' '.join(argv)} --help failed: {proc.stderr.strip()[:300]}")
    return argv

