"""``gpubv traj diffusion|density|hops``: streaming AIMD analysis (VASP XDATCAR, extended XYZ, LAMMPS; .gz)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Optional, Sequence, Union

from . import _runner
from .api import options
from .cube import read_cube
from .results import DensityResult, DiffusionResult, HopsResult, _build

__all__ = ["diffusion", "density", "hops"]


def _common(file, dt_fs, t_ini, t_window, format, types, cell, memory):
    if isinstance(cell, (list, tuple)):
        cell = " ".join(str(float(x)) for x in (cell if not hasattr(cell[0], "__len__") else
                                                 [v for row in cell for v in row]))
    return [os.fspath(file), "--dt-fs", str(dt_fs)] + options(t_ini=t_ini, t_window=t_window, format=format,
                                                              types=types, cell=cell, memory=memory)


def diffusion(file, species: str, temperature: float, dt_fs: float, *, t_ini: Optional[float] = None,
              t_window: Optional[float] = None, charge: Optional[float] = None, smoothed: Optional[str] = None,
              format: Optional[str] = None, types: Optional[str] = None, cell=None, memory: Optional[str] = None,
              csv=None, png=None, command=None) -> DiffusionResult:
    """``gpubv traj diffusion``: MSD, self diffusivity D (cm²/s), charge D, conductivity σ (mS/cm) and Haven
    ratio as pymatgen-analysis-diffusion's DiffusionAnalyzer. ``dt_fs`` is the time between stored frames (fs);
    ``t_ini``/``t_window`` (ps) choose the analysed stretch; ``cell`` is "a b c", nine numbers or a 3×3 list."""
    args = ["traj", "diffusion"] + _common(file, dt_fs, t_ini, t_window, format, types, cell, memory) + \
        ["--species", species, "--temperature", str(temperature)] + options(charge=charge, smoothed=smoothed,
                                                                             csv=csv, png=png)
    return _build(DiffusionResult, _runner.run_json(args, command))


def density(file, species: str, dt_fs: float, *, spacing: Optional[float] = None,
            framework: Union[str, Sequence[str], None] = None, fraction: Optional[float] = None,
            t_ini: Optional[float] = None, t_window: Optional[float] = None, format: Optional[str] = None,
            types: Optional[str] = None, cell=None, memory: Optional[str] = None, csv=None, cube=None,
            chgcar=None, png=None, grid: bool = False, command=None) -> DensityResult:
    """``gpubv traj density``: probability density of ``species`` (Å⁻³) as ProbabilityDensityAnalysis, with the
    isovalue holding ``fraction`` of the probability. ``framework`` (e.g. ``["P", "S"]``) corrects drift.
    ``grid=True`` also returns the map as ``result.density`` (a :class:`gpubv.Grid`)."""
    tmp = None
    if grid and cube is None:
        tmp = tempfile.TemporaryDirectory(prefix="gpubv-")
        cube = str(Path(tmp.name) / "density.cube")
    try:
        args = ["traj", "density"] + _common(file, dt_fs, t_ini, t_window, format, types, cell, memory) + \
            ["--species", species] + options(spacing=spacing, framework=framework, fraction=fraction, csv=csv,
                                             cube=cube, chgcar=chgcar, png=png)
        d = _runner.run_json(args, command)
        return _build(DensityResult, d, density=read_cube(cube) if grid else None)
    finally:
        if tmp is not None:
            tmp.cleanup()


def hops(file, species: str, dt_fs: float, *, center: Optional[str] = None, anion: Optional[str] = None,
         min_residence: Optional[int] = None, group_radius: Optional[float] = None,
         site_radius: Optional[float] = None, bond_cutoff: Optional[float] = None,
         criterion: Optional[str] = None, baseline: bool = False, t_ini: Optional[float] = None,
         t_window: Optional[float] = None, format: Optional[str] = None, types: Optional[str] = None, cell=None,
         memory: Optional[str] = None, csv=None, png=None, png_hop: Optional[int] = None,
         hop_pad: Optional[int] = None, command=None) -> HopsResult:
    """``gpubv traj hops``: cation hops and whether each coincides with a rotation of a nearby anion group
    (``center``-``anion``, e.g. P and S), by the paper's criterion or fixed angles. ``result.hops`` lists the
    hops; ``result.to_frame()`` gives them as a DataFrame."""
    args = ["traj", "hops"] + _common(file, dt_fs, t_ini, t_window, format, types, cell, memory) + \
        ["--species", species] + options(center=center, anion=anion, min_residence=min_residence,
                                         group_radius=group_radius, site_radius=site_radius,
                                         bond_cutoff=bond_cutoff, criterion=criterion, baseline=baseline,
                                         csv=csv, png=png, png_hop=png_hop, hop_pad=hop_pad)
    return _build(HopsResult, _runner.run_json(args, command))
