"""gpubv.compare gives the command's own JSON (run here directly) on the shipped Na3PS4 run, coarse settings."""
import json
import subprocess

import pytest

import gpubv
from conftest import STRUCTURES, TRAJECTORIES

NA3PS4 = TRAJECTORIES / "Na3PS4_cubic_800K_pmgdiff_pda_XDATCAR.gz"
COARSE = dict(resolution=0.3, erot_spacing=0.1, frames=40)


def test_compare_from_run(command):
    r = gpubv.compare(None, NA3PS4, "Na+", lag=5, dt_fs=20, command=command, **COARSE)
    proc = subprocess.run(command + ["compare", "--from-run", str(NA3PS4), "--cation", "Na+", "--lag", "5",
                                     "--dt-fs", "20", "--resolution", "0.3", "--erot-spacing", "0.1", "--frames", "40",
                                     "--json"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    ref = json.loads(proc.stdout)
    ref.pop("seconds"), r.raw.pop("seconds")
    assert r.raw == ref
    assert r.structure is None and r.structure_source == "built from the run"
    assert r.registration["det"] == 1
    assert r.coupling["groups"] == 16
    assert r.angles["lag_frames"] == 5 and r.angles["lag_fs"] == 100
    assert len(r.rings["groups"]) == 16
    df = r.levels_frame()
    assert {"level", "fraction", "volume_fraction"} <= set(df.columns)
    assert df["fraction"].is_monotonic_increasing


def test_compare_wrong_cell_is_an_input_error(command):
    with pytest.raises(gpubv.InputError) as e:
        gpubv.compare(STRUCTURES / "LiFePO4.cif", NA3PS4, "Na+", command=command, **COARSE)
    assert "integer multiple" in str(e.value) or "not in the structure" in str(e.value)
