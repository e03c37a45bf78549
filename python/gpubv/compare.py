"""``gpubv compare``: the static BVSE picture of a structure against an MD run of it (docs/COMPARE.md)."""
from __future__ import annotations

import os
from typing import Optional

from . import _runner
from .api import Oxi, _Source, options
from .results import CompareResult, _build

__all__ = ["compare"]


def compare(structure, trajectory, cation: str, *, anion: Optional[str] = None, temperature: Optional[float] = None,
            dt_fs: Optional[float] = None, sigma: Optional[float] = None, lag: Optional[int] = None,
            site_radius: Optional[float] = None, resolution: Optional[float] = None, cutoff: Optional[float] = None,
            encut: Optional[float] = None, erot_grid: Optional[str] = None, erot_spacing: Optional[float] = None,
            frame_ini: Optional[int] = None, frames: Optional[int] = None, types: Optional[str] = None,
            oxi: Oxi = None, block: Optional[str] = None, device: Optional[str] = None, memory: Optional[str] = None,
            png=None, command=None) -> CompareResult:
    """``gpubv compare``: registers the run on the structure (an integer supercell matrix and an origin shift), then
    the cation's MD probability against its BVSE map (fraction inside each level, the levels enclosing 80/90/95 %),
    the dimensionality the ions realise, E_mig/E_rot against the hops' coupling to rotation, the anion density on the
    rotation rings and the distribution of bond rotation angles.

    ``structure`` is a file path, a pymatgen ``Structure`` or an ASE ``Atoms`` (sent as a temporary CIF), or None to
    build it from the run (``--from-run``). ``trajectory`` is anything ``gpubv traj`` reads. Keyword arguments are the
    command's options (``dt_fs`` → ``--dt-fs``, optional; ``lag`` in frames, default the median hop window).
    """
    opts = ["--cation", cation] + options(
        anion=anion, temperature=temperature, dt_fs=dt_fs, sigma=sigma, lag=lag, site_radius=site_radius,
        resolution=resolution, cutoff=cutoff, encut=encut, erot_grid=erot_grid, erot_spacing=erot_spacing,
        frame_ini=frame_ini, frames=frames, types=types, oxi=oxi, block=block, device=device, memory=memory, png=png)
    if structure is None:
        return _build(CompareResult, _runner.run_json(["compare", "--from-run", os.fspath(trajectory)] + opts, command))
    src = _Source(structure, command, stdin=False)
    try:
        d = _runner.run_json(["compare"] + src.args + [os.fspath(trajectory)] + opts, command)
    finally:
        src.close()
    return _build(CompareResult, d)
