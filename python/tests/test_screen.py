"""gpubv.screen: one DataFrame row per input, stable names for objects, resume."""
import pytest

import gpubv
from conftest import EXAMPLES, STRUCTURES

pd = pytest.importorskip("pandas")
pmg_core = pytest.importorskip("pymatgen.core")


def _objects():
    return {name: pmg_core.Structure.from_file(str(p)) for name, p in
            (("lif", STRUCTURES / "LiF.cif"), ("li2o", STRUCTURES / "Li2O.cif"), ("li3n", STRUCTURES / "Li3N.cif"))}


def test_one_row_per_input_with_statuses(command, tmp_path):
    bad = tmp_path / "bad.cif"
    bad.write_text("data_x\n_cell_length_a 3\n")
    objs = _objects()
    inputs = [objs["lif"], objs["li2o"], STRUCTURES / "NaCl_halite_COD.cif", bad]
    df = gpubv.screen(inputs, ion="Li1+", workdir=tmp_path / "w", resolution=0.4, jobs=2, command=command)
    assert len(df) == 4
    assert list(df["status"]) == ["ok", "ok", "skipped", "error"]
    assert df.loc[2, "message"].startswith("no Li")
    assert "no data block has atom sites" in df.loc[3, "message"]
    assert list(df["formula"][:2]) == ["LiF", "Li2O"]
    # objects without a name get formula + content hash, the same on every call
    fresh = pmg_core.Structure.from_file(str(STRUCTURES / "LiF.cif"))  # rebuilt, as after a kernel restart
    assert df.loc[0, "name"] == gpubv.stable_name(fresh) and df.loc[0, "name"].startswith("LiF_")
    assert df.loc[0, "name"] != df.loc[1, "name"]
    assert (tmp_path / "w" / (df.loc[0, "name"] + ".cif")).exists()
    # the numbers are the command's on the same file
    ref = gpubv.bvse(STRUCTURES / "LiF.cif", "Li1+", resolution=0.4, command=command)
    assert df.loc[0, "E_3D"] == pytest.approx(ref.E_3D, abs=1e-5)


def test_resume_redoes_nothing_finished(command, tmp_path):
    objs = _objects()
    work = tmp_path / "screen"
    first = gpubv.screen({k: objs[k] for k in ("lif", "li2o")}, ion="Li1+", workdir=work, resolution=0.4,
                         coupling=True, command=command)
    assert list(first["name"]) == ["lif", "li2o"] and "mode" in first.columns
    # without resume an existing screen is refused, so nothing is overwritten
    with pytest.raises(gpubv.InputError):
        gpubv.screen(objs, ion="Li1+", workdir=work, resolution=0.4, coupling=True, command=command)
    # a notebook restarted: the same objects (rebuilt) and one more; finished rows come back unchanged
    again = gpubv.screen(_objects(), ion="Li1+", workdir=work, resolution=0.4, coupling=True, resume=True,
                         command=command)
    assert list(again["name"]) == ["lif", "li2o", "li3n"]
    assert list(again["status"]) == ["ok"] * 3
    pd.testing.assert_frame_equal(again.iloc[:2].reset_index(drop=True), first.reset_index(drop=True),
                                  check_like=False)
    journal = (work / "results.csv.journal").read_text().strip().splitlines()
    assert sum("lif.cif" in ln for ln in journal) == 1  # computed once


def test_resume_needs_a_place(command):
    with pytest.raises(ValueError):
        gpubv.screen([STRUCTURES / "LiF.cif"], ion="Li1+", resume=True, command=command)


def test_paths_screen_into_temporary_folder(command):
    df = gpubv.screen([STRUCTURES / "LiF.cif", EXAMPLES / "LiFePO4.cif"], ion="Li1+", resolution=0.4,
                      command=command)
    assert list(df["name"]) == ["LiF.cif", "LiFePO4.cif"] and list(df["status"]) == ["ok", "ok"]


KILLED_SCRIPT = r"""
import sys, gpubv
from pymatgen.core import Structure
paths = sys.argv[3:]
structures = {p.rsplit("/", 1)[-1][:-4]: Structure.from_file(p) for p in paths}
gpubv.screen(structures, ion="Li1+", workdir=sys.argv[1], resolution=float(sys.argv[2]), jobs=1)
"""


def test_resume_after_kill(command, tmp_path):
    """A notebook kernel killed mid-screen (Python and gpubv together, SIGKILL): resume=True with the same objects
    finishes the screen, keeps the rows already committed and gives exactly one row per structure."""
    import json
    import os
    import signal
    import subprocess
    import sys
    import time

    files = [STRUCTURES / "LiF.cif", STRUCTURES / "Li2O.cif", STRUCTURES / "Li3V2P3O12.cif",
             EXAMPLES / "Li10GeP2S12_ordered_P1.cif", STRUCTURES / "Li3N.cif", EXAMPLES / "LiFePO4.cif"]
    work = tmp_path / "killed"
    journal = work / "results.csv.journal"
    env = dict(os.environ, GPUBV=" ".join(command))
    proc = subprocess.Popen([sys.executable, "-c", KILLED_SCRIPT, str(work), "0.2"] + [str(f) for f in files],
                            env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 90
    while time.time() < deadline and proc.poll() is None:
        if journal.exists() and journal.read_text().count("\n") >= 2:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert journal.exists(), proc.stderr.read().decode()[-500:]
    before = journal.read_text()
    done_before = {json.loads(ln)["file"] for ln in before.splitlines() if ln.strip()}
    assert 0 < len(done_before) < len(files), "the screen should have been killed part-way"

    structures = {f.stem: pmg_core.Structure.from_file(str(f)) for f in files}
    df = gpubv.screen(structures, ion="Li1+", workdir=work, resolution=0.2, jobs=1, resume=True,
                      command=command)
    assert list(df["name"]) == [f.stem for f in files]
    assert list(df["status"]) == ["ok"] * len(files)
    after = [json.loads(ln) for ln in journal.read_text().splitlines() if ln.strip()]
    for f in files:  # one row each in the journal (JSON lines): nothing finished was redone
        assert sum(r["file"].endswith(f"/{f.stem}.cif") for r in after) == 1, f.stem
    for r in after:  # rows committed before the kill are in the table unchanged
        if r["file"] in done_before:
            row = df[df["file"] == r["file"]].iloc[0]
            assert row["seconds"] == pytest.approx(r["seconds"]) and row["E_3D"] == pytest.approx(r["E_3D"])
