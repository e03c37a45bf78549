"""pymatgen / ASE objects give the same results as the command on the same file."""
import math
import warnings

import numpy as np
import pytest

import gpubv
from conftest import EXAMPLES, STRUCTURES, shipped_cifs

pmg_core = pytest.importorskip("pymatgen.core")
RES = 0.4  # coarse grid: the comparison is about the structure the command sees, not convergence
TOL = 1e-5


def mobile_ion(elements):
    for el, ion in (("Li", "Li1+"), ("Na", "Na1+"), ("Mg", "Mg2+")):
        if el in elements:
            return ion
    return None


def same_barrier(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= TOL


@pytest.mark.parametrize("path", shipped_cifs(), ids=lambda p: p.parent.name + "/" + p.name)
def test_pymatgen_structure_matches_file(path, command):
    ref_info = gpubv.info(path, command=command)
    gpubv_comp = pmg_core.Composition(ref_info.full_formula)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            s = pmg_core.Structure.from_file(str(path))
    except Exception as e:  # noqa: BLE001 - pymatgen's CIF parser raises many kinds
        pytest.skip(f"{path.name}: pymatgen cannot read it ({type(e).__name__}: {str(e)[:120]})")
    if not s.composition.element_composition.almost_equals(gpubv_comp, rtol=0, atol=1e-3):
        pytest.skip(f"{path.name}: pymatgen's composition {s.composition.element_composition.formula} differs "
                    f"from GpuBv's {gpubv_comp.formula}")
    ion = mobile_ion({e.symbol for e in gpubv_comp.elements})
    assert ion is not None, f"{path.name} has none of Li, Na, Mg"
    ref = gpubv.bvse(path, ion, resolution=RES, command=command)
    got = gpubv.bvse(s, ion, resolution=RES, command=command)
    assert got.grid == ref.grid
    assert got.oxidation_states == ref.oxidation_states
    for dim in ("E_1D", "E_2D", "E_3D"):
        assert same_barrier(getattr(got, dim), getattr(ref, dim)), (dim, getattr(got, dim), getattr(ref, dim))
    assert abs(got.E_min_raw - ref.E_min_raw) <= TOL


def test_info_of_object_matches_file(command):
    path = STRUCTURES / "Li3V2P3O12.cif"
    s = pmg_core.Structure.from_file(str(path))
    a, b = gpubv.info(path, command=command), gpubv.info(s, command=command)
    assert (a.formula, a.full_formula, a.atoms) == (b.formula, b.full_formula, b.atoms)
    assert a.oxidation_states == b.oxidation_states
    for k in ("a", "b", "c", "alpha", "beta", "gamma", "volume"):
        assert math.isclose(a.lattice[k], b.lattice[k], rel_tol=1e-7), k
    assert b.space_group == "P 1"


def test_oxidation_states_carried_site_by_site(command):
    """Mixed valence on different sites (Fe2+ and Fe3+) reaches gpubv as given, marked as read from the file."""
    s = pmg_core.Structure.from_file(str(EXAMPLES / "LiFePO4.cif"))
    oxi = []
    n_fe = 0
    for site in s:
        el = site.specie.symbol
        if el == "Fe":
            oxi.append(2 if n_fe % 2 == 0 else 3)
            n_fe += 1
        else:
            oxi.append({"Li": 1, "P": 5, "O": -2}[el])
    s.add_oxidation_state_by_site(oxi)
    cif = gpubv.to_cif(s)
    assert "Fe2+" in cif and "Fe3+" in cif
    r = gpubv.info(s, command=command)
    assert sorted(r.oxidation_states["Fe"]) == [2, 3]
    assert r.oxidation_sources["Fe"] == "file"
    assert math.isclose(r.residual_charge, n_fe / 2, abs_tol=1e-9)


def test_oxidation_states_override_guess(command):
    """States on the object win over gpubv's bond-valence guess (the ordered LGPS file needs P5+/S2-)."""
    s = pmg_core.Structure.from_file(str(EXAMPLES / "Li10GeP2S12_ordered_P1.cif"))
    s.add_oxidation_state_by_element({"Li": 1, "Ge": 4, "P": 5, "S": -2})
    r = gpubv.info(s, command=command)
    assert r.oxidation_states == {"Ge": [4], "Li": [1], "P": [5], "S": [-2]}
    assert set(r.oxidation_sources.values()) == {"file"}
    assert r.residual_charge == 0


def test_disordered_structure_keeps_partial_occupancies(command):
    path = STRUCTURES / "Li10GeP2S12_disordered.cif"
    s = pmg_core.Structure.from_file(str(path))
    assert not s.is_ordered
    ref, got = gpubv.info(path, command=command), gpubv.info(s, command=command)
    assert math.isclose(ref.atoms, got.atoms, abs_tol=1e-4)
    assert pmg_core.Composition(got.full_formula).almost_equals(s.composition.element_composition, atol=1e-3)


def test_energy_grid_from_cube(command):
    """grid=True returns the command's map: its shape is the grid, its minimum 0, and the value at the 3D saddle
    is E_3D (the cube has 5 significant digits)."""
    path = EXAMPLES / "LiFePO4.cif"
    r = gpubv.bvse(pmg_core.Structure.from_file(str(path)), "Li1+", resolution=RES, grid=True, command=command)
    e = r.energy
    assert list(e.data.shape) == r.grid
    assert e.data.min() == 0
    info = gpubv.info(path, command=command)
    lengths = np.linalg.norm(e.lattice, axis=1)
    assert np.allclose(lengths, [info.lattice["a"], info.lattice["b"], info.lattice["c"]], rtol=1e-5)
    assert math.isclose(abs(np.linalg.det(e.lattice)), info.lattice["volume"], rel_tol=1e-5)
    idx = tuple(int(round(f * n)) % n for f, n in zip(r.saddle_3D, r.grid))
    assert abs(e.data[idx] - r.E_3D) <= 1e-4 * max(1.0, r.E_3D)
    assert len(e.numbers) == 28 and set(e.numbers) == {3, 8, 15, 26}


def test_bvse_cube_argument_kept(command, tmp_path):
    out = tmp_path / "map.cube"
    r = gpubv.bvse(EXAMPLES / "LiFePO4.cif", "Li1+", resolution=RES, cube=out, grid=True, command=command)
    assert out.exists() and r.energy.data.shape == tuple(r.grid)


def test_ase_atoms_round_trip(command, tmp_path):
    ase_io = pytest.importorskip("ase.io")
    path = EXAMPLES / "LiFePO4.cif"
    atoms = ase_io.read(str(path))
    ref = gpubv.bvse(path, "Li1+", resolution=RES, command=command)
    got = gpubv.bvse(atoms, "Li1+", resolution=RES, command=command)
    for dim in ("E_1D", "E_2D", "E_3D"):
        assert same_barrier(getattr(got, dim), getattr(ref, dim))
    # the CIF written for the Atoms reads back into the same atoms
    p = tmp_path / "lfp.cif"
    p.write_text(gpubv.to_cif(atoms))
    back = ase_io.read(str(p))
    assert back.get_chemical_symbols() == atoms.get_chemical_symbols()
    assert np.allclose(back.cell.cellpar(), atoms.cell.cellpar(), atol=1e-8)
    assert np.allclose(back.get_scaled_positions(), atoms.get_scaled_positions(), atol=1e-9)


def test_ase_oxidation_states_from_pymatgen_adaptor(command):
    pytest.importorskip("ase")
    from pymatgen.io.ase import AseAtomsAdaptor
    s = pmg_core.Structure.from_file(str(EXAMPLES / "Li10GeP2S12_ordered_P1.cif"))
    s.add_oxidation_state_by_element({"Li": 1, "Ge": 4, "P": 5, "S": -2})
    atoms = AseAtomsAdaptor.get_atoms(s)
    r = gpubv.info(atoms, command=command)
    assert r.oxidation_states == {"Ge": [4], "Li": [1], "P": [5], "S": [-2]}


def test_coupling_object_matches_file(command):
    path = EXAMPLES / "Li3PO4_beta_mp-13725.cif"
    kw = dict(resolution=RES, erot_spacing=0.1, command=command)
    ref = gpubv.coupling(path, "Li1+", **kw)
    got = gpubv.coupling(pmg_core.Structure.from_file(str(path)), "Li1+", **kw)
    assert (got.mode, got.anion, len(got.groups)) == (ref.mode, ref.anion, len(ref.groups)) == ("rotate", "O2-", 2)
    for k in ("E_mig", "E_rot", "E_rot_global", "ratio"):
        assert abs(getattr(got, k) - getattr(ref, k)) <= TOL, k
    assert sorted(g.E_rot for g in got.groups) == pytest.approx(sorted(g.E_rot for g in ref.groups), abs=TOL)
    assert all(g.formula == "PO4" and len(g.anions) == 4 for g in got.groups)
    assert got["groups"][0]["formula"] == "PO4"  # the raw JSON stays reachable
