"""info, bvse, coupling and screen: build the command line, pass the structure, read the outputs."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Union

from . import _runner
from .cube import read_cube
from .results import BvseResult, CouplingGroup, CouplingResult, InfoResult, _build
from .structures import _block_name, formula_of, is_path, iter_named, stable_name, to_cif

Oxi = Union[str, Dict[str, float], None]


def _oxi_text(oxi: Oxi) -> Optional[str]:
    if oxi is None or isinstance(oxi, str):
        return oxi
    return ",".join(f"{el}={v:g}" for el, v in oxi.items())


def options(**kw) -> List[str]:
    """Command-line options from keyword arguments: ``erot_spacing=0.03`` → ``--erot-spacing 0.03``; True → a
    bare flag; None/False → left out; a dict for ``oxi`` → ``Li=1,O=-2``."""
    out: List[str] = []
    for key, value in kw.items():
        if value is None or value is False:
            continue
        flag = "--" + key.replace("_", "-")
        if value is True:
            out.append(flag)
        elif key == "oxi":
            out += [flag, _oxi_text(value)]
        elif isinstance(value, (list, tuple)):
            out += [flag, ",".join(str(v) for v in value)]
        else:
            out += [flag, os.fspath(value) if isinstance(value, os.PathLike) else str(value)]
    return out


class _Source:
    """Where the command reads a structure: its own path, standard input (``- --format cif``) or a temporary CIF."""

    def __init__(self, structure, command, stdin: Optional[bool]):
        self.tmp: Optional[tempfile.TemporaryDirectory] = None
        self.stdin_text: Optional[str] = None
        if is_path(structure):
            self.args = [os.fspath(structure)]
            self.name = os.fspath(structure)
            return
        cif = to_cif(structure)
        self.name = formula_of(structure)
        use_stdin = _runner.supports_stdin(command) if stdin is None else stdin
        if use_stdin:
            self.args = ["-", "--format", "cif"]
            self.stdin_text = cif
        else:
            self.tmp = tempfile.TemporaryDirectory(prefix="gpubv-")
            path = Path(self.tmp.name) / f"{self.name}.cif"
            path.write_text(cif)
            self.args = [str(path)]

    def workdir(self) -> str:
        if self.tmp is None:
            self.tmp = tempfile.TemporaryDirectory(prefix="gpubv-")
        return self.tmp.name

    def close(self):
        if self.tmp is not None:
            self.tmp.cleanup()


def _call(sub: str, structure, opts: List[str], command, stdin, cube: bool):
    src = _Source(structure, command, stdin)
    try:
        cube_path = None
        if cube:
            cube_path = str(Path(src.workdir()) / "map.cube")
            opts = opts + ["--cube", cube_path]
        d = _runner.run_json([sub] + src.args + opts, command, src.stdin_text)
        grid = read_cube(cube_path) if cube_path else None
        return d, grid
    finally:
        src.close()


def info(structure, *, oxi: Oxi = None, block: Optional[str] = None, command=None,
         stdin: Optional[bool] = None) -> InfoResult:
    """``gpubv info``: formula, cell, space group, sites, atoms, oxidation states and where they came from.

    ``structure`` is a file path (CIF, POSCAR, extended XYZ; .gz), a pymatgen ``Structure`` or an ASE ``Atoms``
    (sent as CIF with their oxidation states). ``oxi`` overrides oxidation states (``{"Li": 1, "O": -2}`` or
    ``"Li=1,O=-2"``). ``command`` names the gpubv to run (else env ``GPUBV``, else PATH); ``stdin`` forces (True)
    or avoids (False) sending objects on standard input; None detects support once.
    """
    d, _ = _call("info", structure, options(oxi=oxi, block=block), command, stdin, False)
    return _build(InfoResult, d)


def bvse(structure, ion: str, *, resolution: Optional[float] = None, cutoff: Optional[float] = None,
         encut: Optional[float] = None, neighbours: Optional[int] = None, device: Optional[str] = None,
         params=None, oxi: Oxi = None, block: Optional[str] = None, allow_missing_h: bool = False,
         memory: Optional[str] = None, grd=None, cube=None, png=None, grid: bool = False, command=None,
         stdin: Optional[bool] = None) -> BvseResult:
    """``gpubv bvse``: the bond-valence site energy of ``ion`` (e.g. ``"Li1+"``) and the exact percolation
    barriers ``E_1D``, ``E_2D``, ``E_3D`` (eV; None above ``encut``) with their saddle points.

    Keyword arguments are the command's options (defaults are the command's: resolution 0.2 Å, cutoff 10 Å,
    encut 5 eV, neighbours 26, device auto). ``grd``/``cube``/``png`` write those files where you say.
    ``grid=True`` also returns the map E − E_min (eV) as ``result.energy`` (a :class:`gpubv.Grid` with ``data``
    of shape ``result.grid`` and ``lattice`` in Å), read from a temporary cube file.
    Raises :class:`InputError` for a bad structure or options and :class:`InternalError` for a gpubv bug.
    """
    opts = ["--ion", ion] + options(resolution=resolution, cutoff=cutoff, encut=encut, neighbours=neighbours,
                                    device=device, params=params, oxi=oxi, block=block,
                                    allow_missing_h=allow_missing_h, memory=memory, grd=grd, cube=cube, png=png)
    want_cube = grid and cube is None
    d, g = _call("bvse", structure, opts, command, stdin, want_cube)
    if grid and cube is not None:
        g = read_cube(cube)
    return _build(BvseResult, d, energy=g)


def coupling(structure, cation: str, *, anion: Optional[str] = None, center: Optional[str] = None,
             group: Optional[str] = None, threshold: Optional[float] = None, dimension: Optional[int] = None,
             erot_grid: Optional[str] = None, erot_spacing: Optional[float] = None,
             shell_tolerance: Optional[float] = None, resolution: Optional[float] = None,
             cutoff: Optional[float] = None, encut: Optional[float] = None, device: Optional[str] = None,
             params=None, oxi: Oxi = None, block: Optional[str] = None, allow_missing_h: bool = False,
             memory: Optional[str] = None, cube=None, png=None, grid: bool = False, command=None,
             stdin: Optional[bool] = None) -> CouplingResult:
    """``gpubv coupling``: rotation barriers E_rot of the polyanion groups, the cation's migration barrier E_mig,
    their ratio and the mode (``"rotate"``, ``"vibrate"`` or ``"none"``).

    Keyword arguments are the command's options (``erot_spacing`` → ``--erot-spacing``...). ``groups`` is a list
    of :class:`CouplingGroup`. ``grid=True`` also returns the anion's map as ``result.energy``.
    """
    opts = ["--cation", cation] + options(
        anion=anion, center=center, group=group, threshold=threshold, dimension=dimension, erot_grid=erot_grid,
        erot_spacing=erot_spacing, shell_tolerance=shell_tolerance, resolution=resolution, cutoff=cutoff,
        encut=encut, device=device, params=params, oxi=oxi, block=block, allow_missing_h=allow_missing_h,
        memory=memory, cube=cube, png=png)
    want_cube = grid and cube is None
    d, g = _call("coupling", structure, opts, command, stdin, want_cube)
    if grid and cube is not None:
        g = read_cube(cube)
    groups = [_build(CouplingGroup, gr) for gr in d.get("groups") or []]
    d2 = dict(d)
    d2.pop("groups", None)
    res = _build(CouplingResult, d2, energy=g, groups=groups)
    res.raw = d
    return res


def _write_if_changed(path: Path, text: str):
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def screen(structures, ion: str, *, coupling: bool = False, jobs: Optional[int] = None,
           out: Union[str, os.PathLike, None] = None, workdir: Union[str, os.PathLike, None] = None,
           resume: bool = False, resolution: Optional[float] = None, cutoff: Optional[float] = None,
           encut: Optional[float] = None, device: Optional[str] = None,
           timeout_per_structure: Optional[float] = None, params=None, allow_missing_h: bool = False,
           memory: Optional[str] = None, shard: Optional[str] = None, command=None):
    """``gpubv screen``: one pandas DataFrame row per structure (``status`` ok/skipped/error/timeout and
    ``message`` kept; a bad structure never stops the run).

    ``structures`` is one item, a list, a list of ``(name, item)`` pairs or a dict ``{name: item}``; an item is a
    path (file, folder, list file or archive, as the command takes) or a pymatgen ``Structure``/ASE ``Atoms``.
    Objects are written as ``<workdir>/<name>.cif``: the name you gave, else ``<formula>_<content hash>``, so the
    same objects get the same files the next time. Results go to ``out`` (default ``<workdir>/results.csv``;
    with neither, a temporary folder). ``resume=True`` continues an interrupted screen with the same ``out``
    (the command's ``--resume``): finished structures are not redone. Without it an existing journal is refused
    (:class:`InputError`), so no result is overwritten. The DataFrame gains a first column ``name`` (your name,
    else the file name); ``df.attrs["out"]`` is the CSV.
    """
    import pandas as pd

    tmp = None
    if workdir is None and out is None:
        if resume:
            raise ValueError("resume=True needs out= (or workdir=) naming the screen to continue")
        tmp = tempfile.TemporaryDirectory(prefix="gpubv-screen-")
        workdir = tmp.name
    if out is None:
        out = Path(workdir) / "results.csv"
    out = Path(out)
    try:
        inputs: List[str] = []
        names: Dict[str, str] = {}
        used: Dict[str, int] = {}
        for name, item in iter_named(structures):
            if is_path(item):
                path = os.fspath(item)
            else:
                if workdir is None:
                    workdir = out.parent / (out.stem + "_structures")
                Path(workdir).mkdir(parents=True, exist_ok=True)
                cif = to_cif(item, name)
                base = _block_name(name) if name else stable_name(item, to_cif(item, "x"))
                n = used.get(base, 0)
                used[base] = n + 1
                stem = base if n == 0 else f"{base}_{n + 1}"
                p = Path(workdir) / f"{stem}.cif"
                _write_if_changed(p, cif)
                path = str(p)
                name = name if name and n == 0 else stem
            inputs.append(path)
            if name is not None:
                names[path] = name
        if not inputs:
            raise ValueError("no structures to screen")
        out.parent.mkdir(parents=True, exist_ok=True)
        journal = Path(str(out) + ".journal")
        args = ["screen"] + inputs + ["--ion", ion, "--out", str(out)] + options(
            coupling=coupling, jobs=jobs, resolution=resolution, cutoff=cutoff, encut=encut, device=device,
            timeout_per_structure=timeout_per_structure, params=params, allow_missing_h=allow_missing_h,
            memory=memory, shard=shard, resume=resume and journal.exists())
        _runner.run(args, command)
        df = pd.read_csv(out, dtype={"file": str, "status": str, "formula": str, "ion": str, "grid": str,
                                     "message": str, "mode": str}, keep_default_na=False,
                         na_values=[""])
        for col in ("formula", "grid", "message", "mode"):
            if col in df.columns:
                df[col] = df[col].fillna("")
        df.insert(0, "name", [names.get(f, Path(f.split("!")[0]).name if "!" not in f else f) for f in df["file"]])
        df.attrs["out"] = str(out)
        return df
    finally:
        if tmp is not None:
            tmp.cleanup()
