"""Both ways an object reaches the command (standard input, or a temporary CIF) and the error classes."""
import subprocess

import pytest

import gpubv
from conftest import EXAMPLES, STRUCTURES

pmg_core = pytest.importorskip("pymatgen.core")


def _help_lists_format(command):
    proc = subprocess.run(command + ["bvse", "--help"], capture_output=True, text=True)
    return "--format" in proc.stdout


def test_stdin_detection_follows_help(command):
    assert gpubv.supports_stdin(command) == _help_lists_format(command)


def test_temporary_file_path(command):
    s = pmg_core.Structure.from_file(str(EXAMPLES / "LiFePO4.cif"))
    ref = gpubv.bvse(EXAMPLES / "LiFePO4.cif", "Li1+", resolution=0.4, command=command)
    got = gpubv.bvse(s, "Li1+", resolution=0.4, stdin=False, command=command)
    assert got.file.endswith("LiFePO4.cif") and got.file != ref.file  # a temporary copy was read
    assert (got.E_1D, got.E_3D) == pytest.approx((ref.E_1D, ref.E_3D), abs=1e-5)


def test_standard_input_path(command):
    if not gpubv.supports_stdin(command):
        pytest.skip("this gpubv has no stdin reading yet (`bvse --help` lists no --format); "
                    "objects go through a temporary CIF")
    s = pmg_core.Structure.from_file(str(EXAMPLES / "LiFePO4.cif"))
    ref = gpubv.bvse(EXAMPLES / "LiFePO4.cif", "Li1+", resolution=0.4, command=command)
    got = gpubv.bvse(s, "Li1+", resolution=0.4, stdin=True, command=command)
    assert (got.E_1D, got.E_3D) == pytest.approx((ref.E_1D, ref.E_3D), abs=1e-5)
    info = gpubv.info(s, stdin=True, command=command)
    assert info.formula == "LiFePO4"
    c = gpubv.coupling(pmg_core.Structure.from_file(str(EXAMPLES / "Li3PO4_beta_mp-13725.cif")), "Li1+",
                       resolution=0.4, erot_spacing=0.1, stdin=True, command=command)
    assert c.mode == "rotate"


def test_bad_file_raises_input_error_with_message(command, tmp_path):
    bad = tmp_path / "bad.cif"
    bad.write_text("data_x\n_cell_length_a 3\n")
    with pytest.raises(gpubv.InputError) as ei:
        gpubv.bvse(bad, "Li1+", command=command)
    e = ei.value
    assert e.returncode == 2 and isinstance(e, gpubv.GpubvError) and not isinstance(e, gpubv.InternalError)
    # the message is the command's own line, without its prefix
    assert str(e) in e.stderr and "no data block has atom sites" in str(e) and "\n" not in str(e)
    assert str(e).startswith(str(bad))


def test_bad_structure_object_raises_input_error(command):
    """A structure the command refuses (no softBV pair, impossible charges...) gives InputError, not a crash."""
    lattice = pmg_core.Lattice.cubic(3.5)
    metal = pmg_core.Structure(lattice, ["Li", "Li"], [[0, 0, 0], [0.5, 0.5, 0.5]])  # bcc Li: no charges
    with pytest.raises(gpubv.InputError) as ei:
        gpubv.bvse(metal, "Li1+", resolution=0.4, command=command)
    assert ei.value.message and ei.value.returncode == 2
    # info needs no oxidation states: the same object is fine there
    assert gpubv.info(metal, command=command).oxidation_states is None


def test_bad_option_raises_input_error(command):
    with pytest.raises(gpubv.InputError):
        gpubv.bvse(STRUCTURES / "LiF.cif", "Li1+", neighbours=7, command=command)


def test_exit_code_one_is_internal_error(tmp_path):
    """Exit code 1 maps to InternalError (a real process standing in for a crashing gpubv: the real one has no
    known way to crash on purpose)."""
    script = tmp_path / "crash.sh"
    script.write_text("#!/bin/sh\necho 'gpubv: error: internal error: something broke' >&2\nexit 1\n")
    script.chmod(0o755)
    with pytest.raises(gpubv.InternalError) as ei:
        gpubv.info(STRUCTURES / "LiF.cif", command=[str(script)])
    assert str(ei.value) == "internal error: something broke" and ei.value.returncode == 1


def test_command_forms(command, monkeypatch, tmp_path):
    """GPUBV may be a command line ("dotnet /path/gpubv.dll") and a lone .dll is run with dotnet."""
    monkeypatch.setenv("GPUBV", " ".join(command))
    assert gpubv.find_command() == command
    assert gpubv.info(STRUCTURES / "LiF.cif").formula == "LiF"
    if command[0] == "dotnet" and len(command) == 2:
        assert gpubv.find_command(command[1]) == command
    monkeypatch.delenv("GPUBV")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(gpubv.GpubvError, match="not found"):
        gpubv.find_command()


def test_keyword_options_reach_the_command(command):
    """oxi as a dict becomes --oxi Li=1,...; other keywords become their flags (checked in the JSON echo)."""
    path = EXAMPLES / "Li10GeP2S12_ordered_P1.cif"
    r = gpubv.info(path, oxi={"Li": 1, "Ge": 4, "P": 5, "S": -2}, command=command)
    assert r.oxidation_states == {"Ge": [4], "Li": [1], "P": [5], "S": [-2]}
    assert set(r.oxidation_sources.values()) == {"--oxi"}
    b = gpubv.bvse(STRUCTURES / "LiF.cif", "Li1+", resolution=0.5, cutoff=8, encut=3, neighbours=6, device="cpu",
                   command=command)
    assert (b.resolution, b.cutoff, b.encut, b.neighbours) == (0.5, 8, 3, 6)
    assert b.device.startswith("cpu")
