"""Turning pymatgen ``Structure`` and ASE ``Atoms`` objects into P1 CIF text for gpubv (standard library only).

Oxidation states travel as charged type symbols (``Fe2+``) with an ``_atom_type_oxidation_number`` loop, site by
site, so mixed valence on different sites (Fe2+ on one site, Fe3+ on another) is kept. A disordered pymatgen site
becomes one row per species at the same position with its occupancy; gpubv joins them into one mixed site.
"""
from __future__ import annotations

import hashlib
import math
import os
import re
from typing import Iterable, List, Optional, Sequence, Tuple

# (element, oxidation state or None, occupancy, fractional coordinates)
Row = Tuple[str, Optional[float], float, Sequence[float]]


def is_path(obj) -> bool:
    return isinstance(obj, (str, bytes, os.PathLike))


def is_pymatgen(obj) -> bool:
    return hasattr(obj, "lattice") and hasattr(obj, "sites") and hasattr(obj, "composition")


def is_ase(obj) -> bool:
    return hasattr(obj, "get_cell") and hasattr(obj, "get_chemical_symbols") and hasattr(obj, "get_scaled_positions")


def _lattice_parameters(matrix) -> Tuple[float, float, float, float, float, float]:
    a, b, c = ([float(x) for x in row] for row in matrix)

    def norm(v):
        return math.sqrt(sum(x * x for x in v))

    def angle(u, v):
        cosv = sum(x * y for x, y in zip(u, v)) / (norm(u) * norm(v))
        return math.degrees(math.acos(max(-1.0, min(1.0, cosv))))

    return norm(a), norm(b), norm(c), angle(b, c), angle(a, c), angle(a, b)


def _rows_pymatgen(structure) -> List[Row]:
    rows: List[Row] = []
    for site in structure.sites:
        for sp, occ in site.species.items():
            symbol = getattr(sp, "symbol", None) or str(sp)
            if not re.fullmatch(r"[A-Z][a-z]?", symbol):  # DummySpecies, vacancies
                raise ValueError(f"site species {sp!s} is not an element; gpubv needs real elements")
            oxi = getattr(sp, "oxi_state", None)
            rows.append((symbol, None if oxi is None else float(oxi), float(occ), list(site.frac_coords)))
    return rows


def _rows_ase(atoms) -> List[Row]:
    if not all(atoms.get_pbc()) or abs(atoms.get_volume()) < 1e-9:
        raise ValueError("the ASE Atoms must be periodic in three directions with a cell")
    oxi = atoms.arrays.get("oxi_states")  # where pymatgen's AseAtomsAdaptor keeps oxidation states
    rows: List[Row] = []
    for i, (sym, frac) in enumerate(zip(atoms.get_chemical_symbols(), atoms.get_scaled_positions(wrap=False))):
        o = None if oxi is None else float(oxi[i])
        rows.append((sym, o, 1.0, list(frac)))
    return rows


def _type_symbol(element: str, oxi: Optional[float]) -> str:
    if oxi is None:
        return element
    mag = abs(oxi)
    text = str(int(round(mag))) if abs(mag - round(mag)) < 1e-9 else f"{mag:g}"
    return f"{element}{text}{'-' if oxi < 0 else '+'}"


def _block_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.\-]", "_", name) or "structure"


def to_cif(structure, name: Optional[str] = None) -> str:
    """P1 CIF text for a pymatgen ``Structure`` or an ASE ``Atoms``.

    Oxidation states are written when the structure has them (pymatgen ``Species``; for ASE the ``oxi_states``
    array that pymatgen's ``AseAtomsAdaptor`` sets); sites keep their own charges. Coordinates carry 12
    decimals, so gpubv sees the same geometry as the object.
    """
    if is_pymatgen(structure):
        rows = _rows_pymatgen(structure)
        matrix = structure.lattice.matrix
    elif is_ase(structure):
        rows = _rows_ase(structure)
        matrix = structure.get_cell()[:]
    else:
        raise TypeError(f"expected a path, a pymatgen Structure or an ASE Atoms, got {type(structure).__name__}")
    if not rows:
        raise ValueError("the structure has no sites")
    a, b, c, al, be, ga = _lattice_parameters(matrix)
    name = _block_name(name or formula_of(structure))
    out = [f"data_{name}", "_symmetry_space_group_name_H-M 'P 1'", "_symmetry_Int_Tables_number 1",
           f"_cell_length_a {a:.12f}", f"_cell_length_b {b:.12f}", f"_cell_length_c {c:.12f}",
           f"_cell_angle_alpha {al:.12f}", f"_cell_angle_beta {be:.12f}", f"_cell_angle_gamma {ga:.12f}",
           "loop_", "_symmetry_equiv_pos_site_id", "_symmetry_equiv_pos_as_xyz", "1 'x, y, z'"]
    charged = [r for r in rows if r[1] is not None]
    if charged:
        types = {}
        for el, oxi, _, _ in charged:
            types.setdefault(_type_symbol(el, oxi), oxi)
        out += ["loop_", "_atom_type_symbol", "_atom_type_oxidation_number"]
        out += [f"{t} {v:.6g}" for t, v in types.items()]
    out += ["loop_", "_atom_site_label", "_atom_site_type_symbol", "_atom_site_fract_x", "_atom_site_fract_y",
            "_atom_site_fract_z", "_atom_site_occupancy"]
    counts: dict = {}
    for el, oxi, occ, frac in rows:
        counts[el] = counts.get(el, 0) + 1
        x, y, z = (float(v) for v in frac)
        out.append(f"{el}{counts[el]} {_type_symbol(el, oxi)} {x:.12f} {y:.12f} {z:.12f} {occ:.8f}")
    return "\n".join(out) + "\n"


def formula_of(structure) -> str:
    """A reduced formula without spaces (pymatgen's ``reduced_formula``; ASE's empirical Hill formula)."""
    if is_pymatgen(structure):
        return structure.composition.reduced_formula
    if is_ase(structure):
        return structure.get_chemical_formula(mode="hill", empirical=True)
    raise TypeError(f"not a structure: {type(structure).__name__}")


def content_hash(cif_text: str, length: int = 10) -> str:
    """A short hash of a CIF's content without its data_ line (the name does not change it)."""
    body = "\n".join(ln for ln in cif_text.splitlines() if not ln.startswith("data_"))
    return hashlib.sha256(body.encode()).hexdigest()[:length]


def stable_name(structure, cif_text: Optional[str] = None) -> str:
    """``<formula>_<hash>``: the same structure always gets the same name (used by screen's resume)."""
    text = cif_text if cif_text is not None else to_cif(structure, "x")
    return f"{_block_name(formula_of(structure))}_{content_hash(text)}"


def iter_named(items) -> Iterable[Tuple[Optional[str], object]]:
    """(name, item) pairs from a dict {name: item}, a list of items or (name, item) pairs, or one item."""
    if isinstance(items, dict):
        yield from ((str(k), v) for k, v in items.items())
        return
    if is_path(items) or is_pymatgen(items) or is_ase(items):
        items = [items]
    for it in items:
        if isinstance(it, tuple) and len(it) == 2 and isinstance(it[0], str):
            yield it[0], it[1]
        else:
            yield None, it
