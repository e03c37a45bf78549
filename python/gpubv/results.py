"""Typed results: dataclasses with the fields of the command's JSON; ``raw`` keeps the whole object (also fields
a newer gpubv adds)."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Dict, List, Optional

from .cube import Grid


def _build(cls, d: Dict[str, Any], **extra):
    names = {f.name for f in fields(cls)}
    kw = {k: v for k, v in d.items() if k in names}
    kw.update(extra)
    return cls(raw=d, **kw)


class _Result:
    raw: Dict[str, Any]

    def __getitem__(self, key):
        """Any JSON field by its name, including those without an attribute."""
        return self.raw[key]

    def get(self, key, default=None):
        return self.raw.get(key, default)


@dataclass
class InfoResult(_Result):
    """``gpubv info --json``."""
    file: Optional[str] = None
    formula: Optional[str] = None
    full_formula: Optional[str] = None
    sites: Optional[int] = None
    atoms: Optional[float] = None
    space_group: Optional[str] = None
    lattice: Optional[Dict[str, float]] = None
    oxidation_states: Optional[Dict[str, List[float]]] = None
    oxidation_sources: Optional[Dict[str, str]] = None
    residual_charge: Optional[float] = None
    oxidation_reason: Optional[str] = None
    warnings: List[str] = field(default_factory=list)
    raw: Dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class BvseResult(_Result):
    """``gpubv bvse --json``; ``energy`` is the map E − E_min (eV) when asked for (``grid=True``)."""
    file: Optional[str] = None
    ion: Optional[str] = None
    grid: Optional[List[int]] = None
    resolution: Optional[float] = None
    cutoff: Optional[float] = None
    neighbours: Optional[int] = None
    encut: Optional[float] = None
    E_1D: Optional[float] = None
    E_2D: Optional[float] = None
    E_3D: Optional[float] = None
    saddle_1D: Optional[List[float]] = None
    saddle_2D: Optional[List[float]] = None
    saddle_3D: Optional[List[float]] = None
    E_min_raw: Optional[float] = None
    oxidation_states: Optional[Dict[str, List[float]]] = None
    residual_charge: Optional[float] = None
    device: Optional[str] = None
    seconds: Optional[float] = None
    grid_seconds: Optional[float] = None
    pair_evaluations: Optional[int] = None
    warnings: List[str] = field(default_factory=list)
    energy: Optional[Grid] = field(default=None, repr=False)
    raw: Dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class CouplingGroup(_Result):
    """One anion group of ``gpubv coupling --json``."""
    center: Optional[Dict[str, Any]] = None
    formula: Optional[str] = None
    anions: List[Dict[str, Any]] = field(default_factory=list)
    E_rot: Optional[float] = None
    E_rot_global: Optional[float] = None
    join_point: Optional[List[float]] = None
    shell_points: Optional[int] = None
    raw: Dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class CouplingResult(_Result):
    """``gpubv coupling --json``; ``energy`` is the anion's map when asked for (``grid=True``)."""
    file: Optional[str] = None
    cation: Optional[str] = None
    anion: Optional[str] = None
    E_mig: Optional[float] = None
    E_mig_dimension: Optional[int] = None
    E_rot: Optional[float] = None
    E_rot_global: Optional[float] = None
    ratio: Optional[float] = None
    mode: Optional[str] = None
    threshold: Optional[float] = None
    erot_grid: Optional[str] = None
    erot_spacing: Optional[float] = None
    shell_tolerance: Optional[float] = None
    resolution: Optional[float] = None
    groups: List[CouplingGroup] = field(default_factory=list)
    oxidation_states: Optional[Dict[str, List[float]]] = None
    device: Optional[str] = None
    seconds: Optional[float] = None
    warnings: List[str] = field(default_factory=list)
    energy: Optional[Grid] = field(default=None, repr=False)
    raw: Dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class TrajResult(_Result):
    """Fields every ``gpubv traj ... --json`` prints."""
    file: Optional[str] = None
    analysis: Optional[str] = None
    atoms: Optional[int] = None
    frames: Optional[int] = None
    dt_fs: Optional[float] = None
    t_ini_ps: Optional[float] = None
    t_ini_frame: Optional[int] = None
    t_window_ps: Optional[float] = None
    input_error: Optional[str] = None
    species: Optional[str] = None
    ions: Optional[int] = None
    raw: Dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class DiffusionResult(TrajResult):
    """``gpubv traj diffusion --json`` (DiffusionAnalyzer's quantities; D in cm²/s, σ in mS/cm)."""
    temperature_K: Optional[float] = None
    charge: Optional[float] = None
    smoothed: Optional[str] = None
    D_cm2_s: Optional[float] = None
    D_stderr_cm2_s: Optional[float] = None
    D_components_cm2_s: Optional[List[float]] = None
    sigma_mS_cm: Optional[float] = None
    sigma_stderr_mS_cm: Optional[float] = None
    charge_D_cm2_s: Optional[float] = None
    charge_D_stderr_cm2_s: Optional[float] = None
    charge_sigma_mS_cm: Optional[float] = None
    haven_ratio: Optional[float] = None
    charge_D_floored: Optional[bool] = None
    max_displacement: Optional[Dict[str, float]] = None
    max_framework_displacement: Optional[float] = None
    volume_A3: Optional[float] = None
    lags: Optional[Dict[str, Any]] = None


@dataclass
class DensityResult(TrajResult):
    """``gpubv traj density --json``; ``density`` is the map (Å⁻³) when asked for (``grid=True``)."""
    spacing_A: Optional[float] = None
    grid: Optional[List[int]] = None
    grid_points: Optional[int] = None
    drift_corrected: Optional[bool] = None
    framework: Optional[List[str]] = None
    max_density: Optional[float] = None
    max_density_units: Optional[str] = None
    fraction: Optional[float] = None
    isovalue: Optional[float] = None
    occupied_points: Optional[int] = None
    volume_A3: Optional[float] = None
    density: Optional[Grid] = field(default=None, repr=False)


@dataclass
class HopsResult(TrajResult):
    """``gpubv traj hops --json``; ``hops`` is one dict per hop (``to_frame()`` makes a DataFrame)."""
    settings: Optional[Dict[str, Any]] = None
    groups: Optional[int] = None
    hops_count: Optional[int] = None
    coupled_fraction: Optional[Dict[str, float]] = None
    coupled_count: Optional[Dict[str, int]] = None
    summary: Optional[str] = None
    hops: List[Dict[str, Any]] = field(default_factory=list, repr=False)

    def to_frame(self):
        """The hops as a pandas DataFrame (one row per hop; ``near_groups`` stays a list)."""
        import pandas as pd
        return pd.DataFrame(self.hops)


@dataclass
class CompareResult(_Result):
    """``gpubv compare --json``: the static BVSE picture of a structure against an MD run of it (docs/COMPARE.md).
    Blocks stay dicts as in the JSON; ``levels_frame()`` gives the level ladder as a DataFrame."""
    structure: Optional[str] = None
    structure_source: Optional[str] = None
    trajectory: Optional[str] = None
    cation: Optional[str] = None
    frames: Optional[int] = None
    registration: Optional[Dict[str, Any]] = None
    static: Optional[Dict[str, Any]] = None
    coupling: Optional[Dict[str, Any]] = None
    coupling_reason: Optional[str] = None
    paths: Optional[Dict[str, Any]] = field(default=None, repr=False)
    dimensionality: Optional[Dict[str, Any]] = None
    hops: Optional[Dict[str, Any]] = None
    hops_reason: Optional[str] = None
    rings: Optional[Dict[str, Any]] = field(default=None, repr=False)
    rings_reason: Optional[str] = None
    angles: Optional[Dict[str, Any]] = field(default=None, repr=False)
    angles_reason: Optional[str] = None
    warnings: List[str] = field(default_factory=list)
    raw: Dict[str, Any] = field(default_factory=dict, repr=False)

    def levels_frame(self):
        """The fraction of MD probability (and of the cell's volume) inside each level of the map, as a DataFrame."""
        import pandas as pd
        return pd.DataFrame((self.paths or {}).get("levels") or [])
