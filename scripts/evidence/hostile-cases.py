#!/usr/bin/env python3
"""Evidence for issue 12: every hostile case of the issue, run with a build from before the issue and one from after,
each under a wall-clock limit and a heap cap, with exit code, wall time and peak resident memory; prints a Markdown
table (and the first line each build printed).

Usage: hostile-cases.py BEFORE_GPUBV_DLL AFTER_GPUBV_DLL WORKDIR [--limit SECONDS] [--heap GB] [--only SUBSTRING]

The before build is killed at the limit (a hang reads "killed at N s"); both run with DOTNET_GCHeapHardLimit so a case that
grew to 24 GB before stops at the cap (an OutOfMemoryException) instead of taking the machine down.
"""
import gzip
import os
import shutil
import subprocess
import sys
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(REPO, "tests", "GpuBv.Tests", "Data")
LIF = os.path.join(DATA, "structures", "LiF.cif")
XDATCAR = os.path.join(DATA, "trajectories", "Na3PS4_cubic_800K_pmgdiff_pda_XDATCAR.gz")

CIF = """data_x
_cell_length_a 4.03
_cell_length_b 4.03
_cell_length_c 4.03
_cell_angle_alpha {alpha}
_cell_angle_beta {alpha}
_cell_angle_gamma {alpha}
loop_
_atom_site_label
_atom_site_type_symbol
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
_atom_site_occupancy
Li1 Li 0 0 0 1
F1 F 0.5 0.5 0.5 1
{extra}"""


def cif(alpha="90", extra=""):
    return CIF.format(alpha=alpha, extra=extra)


def p1_rocksalt(path, n):
    """A P 1 rock-salt supercell of (2n)^3 atoms."""
    a = 5.64 * n
    m = 2 * n
    with open(path, "w") as f:
        f.write(f"data_big\n_cell_length_a {a}\n_cell_length_b {a}\n_cell_length_c {a}\n")
        f.write("_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n_symmetry_space_group_name_H-M 'P 1'\n")
        f.write("loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n")
        k = 0
        for i in range(m):
            for j in range(m):
                for l in range(m):
                    el = "Na" if (i + j + l) % 2 == 0 else "Cl"
                    k += 1
                    f.write(f"{el}{k} {el} {i / m:.6f} {j / m:.6f} {l / m:.6f}\n")
    return path


def make_inputs(work):
    w = lambda *p: os.path.join(work, *p)
    os.makedirs(w("fifo"), exist_ok=True)
    os.makedirs(w("loop", "sub"), exist_ok=True)
    os.makedirs(w("names"), exist_ok=True)
    with open(w("flat.cif"), "w") as f:
        f.write(cif(alpha="120"))
    os.makedirs(w("flatdir"), exist_ok=True)
    shutil.copy(w("flat.cif"), w("flatdir", "flat.cif"))
    shutil.copy(LIF, w("fifo", "LiF.cif"))
    if not os.path.exists(w("fifo", "pipe.cif")):
        os.mkfifo(w("fifo", "pipe.cif"))
    with open(os.path.join(DATA, "structures", "LiFePO4.cif"), "rb") as f:
        data = gzip.compress(f.read())
    with open(w("cut.cif.gz"), "wb") as f:
        f.write(data[: len(data) * 2 // 3])
    # An XDATCAR cut at a frame boundary: 60 whole frames, deflate stream complete, gzip trailer missing.
    lines = gzip.open(XDATCAR, "rt").read().splitlines(keepends=True)
    starts = [i for i, s in enumerate(lines) if s.startswith("Direct configuration")]
    text = "".join(lines[: starts[60]]).encode()
    whole = gzip.compress(text)
    with open(w("XDATCAR_cut.gz"), "wb") as f:
        f.write(whole[:-8])
    p1_rocksalt(w("p1_10648.cif"), 11)
    p1_rocksalt(w("p1_32768.cif"), 16)
    p1_rocksalt(w("p1_1000000.cif"), 50)
    with open(w("blocks.cif"), "w") as f:
        for b in range(10000):
            f.write(cif().replace("data_x", f"data_b{b}") + "\n")
    shutil.copy(LIF, w("loop", "sub", "LiF.cif"))
    shutil.copy(LIF, w("loop", "LiF2.cif"))
    if not os.path.islink(w("loop", "sub", "up")):
        os.symlink("..", w("loop", "sub", "up"))
    with open(w("coincident.cif"), "w") as f:
        f.write(cif(extra="Na1 Na 0 0 0 1\n"))
    with open(w("charged.cif"), "w") as f:
        f.write(cif(extra="").replace("_atom_site_occupancy\n", "_atom_site_occupancy\n").replace(
            "Li1 Li 0 0 0 1", "Li1 Li+ 0 0 0 1").replace("F1 F 0.5 0.5 0.5 1", "F1 F- 0.5 0.5 0.5 1\nLi2 Li+ 0.5 0 0 1"))
    shutil.copy(LIF, w("names", "a,b.cif"))
    shutil.copy(LIF, w("names", "line\nbreak.cif"))
    corpus = "/usr/share/avogadro2/crystals"
    return corpus if os.path.isdir(corpus) else os.path.join(DATA, "structures")


def cases(work, corpus):
    w = lambda *p: os.path.join(work, *p)
    out = lambda name: w("out", name)
    li = ["--ion", "Li1+", "--device", "cpu"]
    return [
        ("zero-volume cell: info", ["info", w("flat.cif")]),
        ("zero-volume cell: bvse", ["bvse", w("flat.cif")] + li),
        ("zero-volume cell: coupling", ["coupling", w("flat.cif"), "--cation", "Li1+", "--device", "cpu"]),
        ("zero-volume cell: screen --timeout-per-structure 5", ["screen", w("flatdir")] + li
         + ["--timeout-per-structure", "5", "--out", out("flat.csv")]),
        ("FIFO among screen inputs", ["screen", w("fifo")] + li + ["--out", out("fifo.csv")]),
        ("truncated .cif.gz: bvse", ["bvse", w("cut.cif.gz")] + li),
        ("XDATCAR.gz cut at a frame boundary: traj diffusion",
         ["traj", "diffusion", w("XDATCAR_cut.gz"), "--species", "Na", "--dt-fs", "2", "--temperature", "800"]),
        ("/dev/zero: info", ["info", "/dev/zero"]),
        ("/dev/urandom: traj density", ["traj", "density", "/dev/urandom", "--species", "Li", "--dt-fs", "1"]),
        ("traj density --spacing 0.011 (100 frames)",
         ["traj", "density", XDATCAR, "--species", "Na", "--dt-fs", "2", "--spacing", "0.011", "--cube", out("d1.cube")]),
        ("traj density --spacing 0.01 (100 frames)",
         ["traj", "density", XDATCAR, "--species", "Na", "--dt-fs", "2", "--spacing", "0.01", "--cube", out("d2.cube")]),
        ("coupling --erot-spacing 1e-3", ["coupling", os.path.join(DATA, "structures", "LiFePO4.cif"), "--cation", "Li1+",
                                          "--device", "cpu", "--erot-spacing", "1e-3"]),
        ("coupling --erot-spacing 0.005", ["coupling", os.path.join(DATA, "structures", "LiFePO4.cif"), "--cation", "Li1+",
                                           "--device", "cpu", "--erot-spacing", "0.005"]),
        ("screen --timeout-per-structure -5", ["screen", LIF] + li + ["--timeout-per-structure", "-5", "--out", out("t1.csv")]),
        ("screen --timeout-per-structure NaN", ["screen", LIF] + li + ["--timeout-per-structure", "NaN", "--out", out("t2.csv")]),
        ("coupling --shell-tolerance -1", ["coupling", LIF, "--cation", "Li1+", "--device", "cpu", "--shell-tolerance", "-1"]),
        ("P1 CIF, 10,648 atoms: info", ["info", w("p1_10648.cif")]),
        ("P1 CIF, 32,768 atoms: info", ["info", w("p1_32768.cif")]),
        ("P1 CIF, 10^6 atoms: info", ["info", w("p1_1000000.cif")]),
        ("CIF with 10^4 blocks: screen (rows)", ["screen", w("blocks.cif"), "--ion", "Li1+", "--device", "cpu",
                                                "--resolution", "1.0", "--out", out("blocks.csv")]),
        ("CIF with 10^4 blocks: info --block nosuch", ["info", w("blocks.cif"), "--block", "nosuch"]),
        ("symlink loop in a screen folder (rows for 2 files)", ["screen", w("loop")] + li + ["--out", out("loop.csv")]),
        ("two atoms fully on one point: info", ["info", w("coincident.cif")]),
        ("screen --cutoff 0", ["screen", LIF] + li + ["--cutoff", "0", "--out", out("c0.csv")]),
        ("bvse --resolution 0.008", ["bvse", LIF] + li + ["--resolution", "0.008"]),
        ("screen --jobs 60 on this machine (510 CIFs)", ["screen", corpus] + li + ["--jobs", "60", "--out", out("j60.csv")]),
        ("screen --out is a folder", ["screen", LIF] + li + ["--out", w("flatdir")]),
        ("screen --out in a read-only folder (/sys)", ["screen", LIF] + li + ["--out", "/sys/gpubv-r.csv"]),
        ("screen row of a charged structure (message column)", ["screen", w("charged.cif")] + li + ["--out", out("q.csv")]),
        ("names with a comma and a newline: screen", ["screen", w("names")] + li + ["--out", out("names.csv")]),
    ]


def run(dll, args, limit, heap_gb, cwd):
    """Runs one case; peak memory is the process's VmHWM, polled, so a process killed at the limit still has one."""
    env = dict(os.environ, DOTNET_GCHeapHardLimit=hex(int(heap_gb * (1 << 30))), NO_COLOR="1")
    t0 = time.time()
    p = subprocess.Popen(["dotnet", dll] + args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL)
    out = {}
    readers = [threading.Thread(target=lambda k=k, s=s: out.__setitem__(k, s.read())) for k, s in
               (("out", p.stdout), ("err", p.stderr))]
    for r in readers:
        r.start()
    hwm = 0
    killed = False
    while p.poll() is None:
        try:
            for line in open(f"/proc/{p.pid}/status"):
                if line.startswith("VmHWM:"):
                    hwm = max(hwm, int(line.split()[1]))
        except OSError:
            pass
        if time.time() - t0 > limit:
            p.kill()
            killed = True
            p.wait()
            break
        time.sleep(0.05)
    wall = time.time() - t0
    for r in readers:
        r.join()
    err = out.get("err", b"").decode(errors="replace").strip().splitlines()
    first = next((s for s in err if s.startswith("gpubv: error") or "Exception" in s), err[-1] if err else "")
    status = f"killed at {limit} s" if killed else f"exit {p.returncode}"
    return status, wall, f"{hwm / 1024:.0f} MB", first, len(err)


def rows_of(csv_path):
    import csv
    if not os.path.exists(csv_path):
        return ""
    with open(csv_path, newline="") as f:
        rows = list(csv.DictReader(f))
    from collections import Counter
    c = Counter(r.get("status", "?") for r in rows)
    text = f"{len(rows)} rows " + ", ".join(f"{k} {v}" for k, v in sorted(c.items()))
    if len(rows) == 1 and rows[0].get("message"):
        text += f" (message: {rows[0]['message'][:100]})"
    return text


def main():
    args = sys.argv[1:]
    limit, heap, only = 30, 6.0, None
    if "--limit" in args:
        i = args.index("--limit"); limit = int(args[i + 1]); del args[i:i + 2]
    if "--heap" in args:
        i = args.index("--heap"); heap = float(args[i + 1]); del args[i:i + 2]
    if "--only" in args:
        i = args.index("--only"); only = args[i + 1]; del args[i:i + 2]
    before, after, work = (os.path.abspath(a) for a in args[:3])
    os.makedirs(work, exist_ok=True)
    corpus = make_inputs(work)
    print(f"# before: {before}\n# after: {after}\n# limit {limit} s, heap cap {heap} GB, machine: {os.cpu_count()} cores\n")
    print("| case | before: result, time, peak | after: result, time, peak | after: message or rows |")
    print("|---|---|---|---|")
    for name, cmd in cases(work, corpus):
        if only and only not in name:
            continue
        res = {}
        for label, dll in (("before", before), ("after", after)):
            outdir = os.path.join(work, "out")
            shutil.rmtree(outdir, ignore_errors=True)
            os.makedirs(outdir)
            status, wall, peak, first, _ = run(dll, cmd, limit, heap, work)
            extra = ""
            csvs = [a for a in cmd if a.endswith(".csv")]
            if csvs:
                extra = rows_of(csvs[0])
            res[label] = (status, wall, peak, first, extra)
        b, a = res["before"], res["after"]
        msg = (a[4] + "; " if a[4] else "") + a[3].replace("|", "\\|")[:160]
        bmsg = b[4] if b[4] else b[3].replace("|", "\\|")[:90]
        print(f"| {name} | {b[0]}, {b[1]:.1f} s, {b[2]}{' — ' + bmsg if bmsg else ''} | {a[0]}, {a[1]:.1f} s, {a[2]} | {msg} |",
              flush=True)


if __name__ == "__main__":
    main()
