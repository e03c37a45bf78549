#!/usr/bin/env python3
"""Issue 14's table for this machine: whole-process wall times of the installed `gpubv` (or any command given),
and optionally of the peer code bvlain on the same structures.

    python3 bench/table.py [--gpubv "gpubv"] [--repeat 5] [--bvlain /path/to/BVlain/checkout]

Rows: (1) `gpubv bvse FILE --ion Li1+ --device cpu --json` on LiFePO4 and ordered LGPS (median wall s);
(2) `gpubv screen` of six small Li structures (LiF, Li2O, Li3N, Li2CO3, LiFePO4, beta-Li3PO4), structures/s of the
whole command (median); (3) `gpubv coupling FILE --cation Li1+ --device cpu --json` on the shipped structures with
anion groups (median wall s each). bvlain (imported once, `percolation_barriers(n_jobs=2)`, 0.2 A, r_cut 10 A, k=100)
times rows 1 and 2 in one Python process (median per structure; it cannot compute E_rot). Needs only the standard
library (bvlain needs Debian's python3-numpy/scipy/pandas/pymatgen/ase/joblib).
"""
import argparse, json, os, shlex, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "tests", "GpuBv.Tests", "Data")
S = lambda name: os.path.join(DATA, "structures", name)
P = lambda name: os.path.join(DATA, "paper", name)
BVSE = [S("LiFePO4.cif"), S("Li10GeP2S12_ordered_P1.cif")]
SIX = [S(n) for n in ("LiF.cif", "Li2O.cif", "Li3N.cif", "Li2CO3_zabuyelite_COD.cif", "LiFePO4.cif")] + [P("Li3PO4_beta_mp-13725.cif")]
GROUPS = [P("Li3PO4_beta_mp-13725.cif"), P("Li3PO4_gamma_mp-2878.vasp"), S("LiFePO4.cif"), S("Li2CO3_zabuyelite_COD.cif"),
          S("Li10GeP2S12_ordered_P1.cif"), S("Li10GeP2S12_disordered.cif"), S("Li3V2P3O12.cif"),
          P("Li6PS5Cl_F-43m_neutron_partialocc.cif")]


def wall(cmd, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - t)
        if r.returncode != 0:
            sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr}")
    return statistics.median(times)


def bvlain_times(checkout, files, repeat):
    code = f"""
import sys, time, json, statistics, warnings
warnings.filterwarnings("ignore")
sys.path.insert(0, {checkout!r})
from bvlain import Lain
out = {{}}
for f in {files!r}:
    ts = []
    try:
        for _ in range({repeat}):
            t = time.perf_counter()
            c = Lain(verbose=False); c.read_file(f)
            c.bvse_distribution(mobile_ion="Li1+", r_cut=10, resolution=0.2, k=100)
            c.percolation_barriers(encut=5.0, n_jobs=2)
            ts.append(time.perf_counter() - t)
        out[f] = statistics.median(ts)
    except Exception as e:
        out[f] = None
        print(f"bvlain cannot do {{f}}: {{type(e).__name__}}: {{e}}", file=sys.stderr)
print(json.dumps(out))
"""
    py = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
    r = subprocess.run([py, "-c", code], stdout=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"bvlain failed:\n{r.stderr[-2000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gpubv", default="gpubv", help="the command to time (default: gpubv on PATH)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--bvlain", help="a bvlain checkout to time the peer on rows 1 and 2")
    a = ap.parse_args()
    g = shlex.split(a.gpubv)
    if shutil.which(g[0]) is None and not os.path.exists(g[0]):
        sys.exit(f"{g[0]}: not found; install gpubv (README) or pass --gpubv")
    print(f"machine: {os.cpu_count()} logical cores; gpubv = {a.gpubv}; median of {a.repeat}")
    peer = bvlain_times(a.bvlain, sorted(set(BVSE + SIX)), a.repeat) if a.bvlain else {}
    print("| job | GpuBv | bvlain | speed-up |\n|---|---:|---:|---:|")
    for f in BVSE:
        t = wall(g + ["bvse", f, "--ion", "Li1+", "--device", "cpu", "--json"], a.repeat)
        p = peer.get(f)
        print(f"| bvse {os.path.basename(f)} (s) | {t:.3f} | {p:.2f} | {p / t:.1f}x |" if p else
              f"| bvse {os.path.basename(f)} (s) | {t:.3f} | | |")
    with tempfile.TemporaryDirectory() as d:
        for f in SIX:
            os.symlink(f, os.path.join(d, os.path.basename(f)))
        times = []
        for i in range(a.repeat):  # a fresh results file each time (an existing one would be resumed)
            outdir = tempfile.mkdtemp()
            times.append(wall(g + ["screen", d, "--ion", "Li1+", "--device", "cpu", "--out", os.path.join(outdir, "r.csv")], 1))
            shutil.rmtree(outdir)
        t = statistics.median(times)
    rate = len(SIX) / t
    if peer:
        prate = len(SIX) / sum(peer[f] for f in SIX) if all(peer.get(f) for f in SIX) else float("nan")
        print(f"| screen six small Li structures (structures/s) | {rate:.2f} | {prate:.2f} | {rate / prate:.1f}x |")
    else:
        print(f"| screen six small Li structures (structures/s) | {rate:.2f} | | |")
    for f in GROUPS:
        t = wall(g + ["coupling", f, "--cation", "Li1+", "--device", "cpu", "--json"], a.repeat)
        print(f"| coupling {os.path.basename(f)} (s) | {t:.3f} | (no E_rot) | |")


if __name__ == "__main__":
    main()
