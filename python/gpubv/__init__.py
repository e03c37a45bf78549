"""gpubv: the GpuBv bond-valence engine from Python (pymatgen, ASE, pandas).

Drives an installed ``gpubv`` command (on PATH, or env ``GPUBV``, e.g. ``GPUBV="dotnet /opt/gpubv/gpubv.dll"``,
or ``command=``) through its JSON, CSV and cube outputs; no physics is re-implemented here.

>>> import gpubv
>>> r = gpubv.bvse(structure, "Li1+", resolution=0.2, grid=True)   # path, pymatgen Structure or ASE Atoms
>>> r.E_3D, r.energy.data.shape
>>> df = gpubv.screen({"lfp": s1, "lgps": s2}, ion="Li1+", coupling=True, workdir="screen1", resume=True)
"""
from . import traj
from ._runner import find_command, supports_stdin
from .api import bvse, coupling, info, screen
from .compare import compare
from .cube import Grid, read_cube
from .errors import GpubvError, InputError, InternalError
from .results import (BvseResult, CompareResult, CouplingGroup, CouplingResult, DensityResult, DiffusionResult,
                      HopsResult, InfoResult)
from .structures import stable_name, to_cif

__version__ = "0.1.0"
__all__ = ["info", "bvse", "coupling", "screen", "compare", "traj", "GpubvError", "InputError", "InternalError", "Grid",
           "read_cube", "to_cif", "stable_name", "find_command", "supports_stdin", "InfoResult", "BvseResult",
           "CouplingResult", "CouplingGroup", "DiffusionResult", "DensityResult", "HopsResult", "CompareResult"]
