#!/usr/bin/env python3
"""Screen a handful of crystals for cation/anion-group coupling and draw the paper's Figure 1(a).

Notebook-style: each block below is a cell. Run it as

    python screen_and_plot.py OUTDIR [--resolution 0.2] [--jobs N]

It builds pymatgen Structure objects from the CIFs shipped with GpuBv (oxidation states set on the objects),
screens them with `gpubv.screen(..., coupling=True)` into OUTDIR (resumable: run it again and finished structures
are not redone; delete OUTDIR to start over with other settings), prints the table, and draws Figure 1(a) (E_mig against E_rot, one point per structure) with
`gpubv plot coupling OUTDIR/results.csv --png OUTDIR/figure1a.png`. If the installed gpubv has no `plot coupling`
command the script says so and exits with status 3 (the results CSV is still written).
"""
import argparse
import subprocess
import sys
import warnings
from pathlib import Path

import gpubv
from pymatgen.core import Structure

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "GpuBv.Tests" / "Data" / "structures"
EXAMPLES = ROOT / "examples"

# %% the structures: (name, file, oxidation states or None to let gpubv guess them)
CRYSTALS = [
    ("beta-Li3PO4", EXAMPLES / "Li3PO4_beta_mp-13725.cif", {"Li": 1, "P": 5, "O": -2}),
    ("LiFePO4", EXAMPLES / "LiFePO4.cif", {"Li": 1, "Fe": 2, "P": 5, "O": -2}),
    ("Li2CO3", DATA / "Li2CO3_zabuyelite_COD.cif", None),
    ("Li3V2P3O12", DATA / "Li3V2P3O12.cif", {"Li": 1, "V": 3, "P": 5, "O": -2}),
    ("LGPS_ordered", EXAMPLES / "Li10GeP2S12_ordered_P1.cif", {"Li": 1, "Ge": 4, "P": 5, "S": -2}),
]


def build_structures():
    structures = {}
    for name, path, oxi in CRYSTALS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pymatgen's notes on rounded coordinates
            s = Structure.from_file(str(path))
        if oxi:
            s.add_oxidation_state_by_element(oxi)
        structures[name] = s
    return structures


def has_plot_coupling(command=None):
    """True when this gpubv has `plot coupling` (its own help, not the top-level one, answers)."""
    argv = gpubv.find_command(command)
    proc = subprocess.run(argv + ["plot", "coupling", "--help"], capture_output=True, text=True)
    return proc.returncode == 0 and "plot coupling" in proc.stdout


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", type=Path, help="folder for the structures, results.csv and figure1a.png")
    ap.add_argument("--resolution", type=float, default=0.2, help="screening grid spacing in Å (default 0.2)")
    ap.add_argument("--jobs", type=int, default=None, help="structures at once (default: one per core)")
    args = ap.parse_args(argv)
    out = args.outdir
    out.mkdir(parents=True, exist_ok=True)

    # %% screen with coupling (E_mig, E_rot, ratio, mode per structure); resume=True continues a previous run
    structures = build_structures()
    df = gpubv.screen(structures, ion="Li1+", coupling=True, workdir=out / "structures", out=out / "results.csv",
                      resolution=args.resolution, jobs=args.jobs, resume=True)
    cols = [c for c in ("name", "status", "formula", "E_3D", "E_rot", "ratio", "mode", "message") if c in df]
    print(df[cols].to_string(index=False))
    bad = df[df["status"] != "ok"]
    if len(bad):
        print(f"{len(bad)} structure(s) not ok:", "; ".join(f"{n}: {m}" for n, m in zip(bad["name"], bad["message"])))

    # %% Figure 1(a): drawn by gpubv itself from the CSV
    png = out / "figure1a.png"
    if not has_plot_coupling():
        print(f"gpubv plot coupling is not available in this gpubv ({' '.join(gpubv.find_command())}); "
              f"the results are in {out / 'results.csv'} but Figure 1(a) was NOT drawn.", file=sys.stderr)
        return 3
    proc = subprocess.run(gpubv.find_command() + ["plot", "coupling", str(out / "results.csv"), "--png", str(png)],
                          capture_output=True, text=True)
    if proc.returncode != 0 or not png.exists():
        print(f"gpubv plot coupling failed (exit {proc.returncode}): {proc.stderr.strip()}", file=sys.stderr)
        return proc.returncode or 1
    print(f"Figure 1(a): {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
