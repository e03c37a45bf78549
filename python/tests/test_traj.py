"""gpubv.traj gives the command's own JSON (run here directly) on the shipped trajectories, small windows."""
import json
import subprocess

import numpy as np
import pytest

import gpubv
from conftest import TRAJECTORIES

NA3PS4 = TRAJECTORIES / "Na3PS4_cubic_800K_pmgdiff_pda_XDATCAR.gz"
LI6PS5I = TRAJECTORIES / "Li6PS5I_0p_run1_500K_XDATCAR.gz"


def direct(command, *args):
    proc = subprocess.run(command + ["traj"] + [str(a) for a in args] + ["--json"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_diffusion(command):
    r = gpubv.traj.diffusion(NA3PS4, "Na", 800, 20, t_window=1.5, command=command)
    ref = direct(command, "diffusion", NA3PS4, "--species", "Na", "--temperature", 800, "--dt-fs", 20,
                 "--t-window", 1.5)
    assert r.raw == ref
    assert r.D_cm2_s == ref["D_cm2_s"] and r.haven_ratio == ref["haven_ratio"] and r.frames == 76


def test_density_with_grid(command):
    r = gpubv.traj.density(NA3PS4, "Na", 20, spacing=0.7, framework=["P", "S"], t_window=0.5, grid=True,
                           command=command)
    ref = direct(command, "density", NA3PS4, "--species", "Na", "--dt-fs", 20, "--spacing", 0.7,
                 "--framework", "P,S", "--t-window", 0.5)
    assert r.raw == ref
    d = r.density
    assert list(d.data.shape) == ref["grid"]
    assert d.data.max() == pytest.approx(ref["max_density"], rel=1e-4)
    # the map is normalised: sum P * V / N_grid = 1
    assert d.data.sum() * ref["volume_A3"] / d.data.size == pytest.approx(1, rel=1e-3)
    assert abs(np.linalg.det(d.lattice)) == pytest.approx(ref["volume_A3"], rel=1e-5)


def test_hops(command):
    kw = dict(center="P", anion="S", t_ini=0.2, t_window=3, command=command)
    r = gpubv.traj.hops(LI6PS5I, "Li", 100, **kw)
    ref = direct(command, "hops", LI6PS5I, "--species", "Li", "--dt-fs", 100, "--center", "P", "--anion", "S",
                 "--t-ini", 0.2, "--t-window", 3)
    assert r.raw == ref
    assert r.hops_count == len(r.hops) == len(ref["hops"])
    if r.hops:
        df = r.to_frame()
        assert len(df) == r.hops_count and "coupled" in df.columns


def test_bad_trajectory_raises_input_error(command, tmp_path):
    bad = tmp_path / "XDATCAR"
    bad.write_text("not a trajectory\n")
    with pytest.raises(gpubv.InputError):
        gpubv.traj.diffusion(bad, "Li", 300, 1, command=command)
