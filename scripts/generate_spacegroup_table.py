#!/usr/bin/python3
"""Generate GpuBv's space-group setting table (and a test fixture) from spglib's Hall-symbol database.

Usage (Debian/Ubuntu; needs the Debian package, not a pip wheel in another interpreter):

    apt-get install -y python3-spglib
    /usr/bin/python3 scripts/generate_spacegroup_table.py            # from the repository root

Writes
  src/GpuBv.Core/Data/spacegroups/spacegroups.tsv          one row per Hall number 1..530 (embedded resource)
  tests/GpuBv.Tests/Data/symmetry/spglib_operators.tsv.gz   spglib's operator list per Hall number (test fixture)

The data are spglib's (BSD-3-Clause, Copyright (c) Atsushi Togo); see
src/GpuBv.Core/Data/spacegroups/PROVENANCE.md.
"""

import gzip
import os
import sys
from fractions import Fraction

import spglib

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
TABLE = os.path.join(ROOT, "src", "GpuBv.Core", "Data", "spacegroups", "spacegroups.tsv")
OPS = os.path.join(ROOT, "tests", "GpuBv.Tests", "Data", "symmetry", "spglib_operators.tsv.gz")


def spglib_version():
    v = getattr(spglib, "__version__", None)
    if v:
        return v
    return spglib.spg_get_version() if hasattr(spglib, "spg_get_version") else "unknown"


def sg_type(hall):
    t = spglib.get_spacegroup_type(hall)
    # spglib < 2.1 returns a dict, newer versions a dataclass
    return t if isinstance(t, dict) else {k: getattr(t, k) for k in dir(t) if not k.startswith("_")}


def setting_symbol(international):
    """spglib's 'international' is e.g. 'P 2_1/c = P 1 2_1/c 1' or 'C 2 = B 1 1 2 = B 2': keep the full setting symbol."""
    parts = [p.strip() for p in international.split("=")]
    return parts[1] if len(parts) > 1 else parts[0]


def frac(x):
    f = Fraction(float(x)).limit_denominator(48)
    if abs(float(f) - float(x)) > 1e-8:
        raise ValueError(f"translation {x} is not a multiple of 1/48")
    f -= f.numerator // f.denominator  # reduce into [0, 1)
    return f


def xyz(rot, trans):
    rows = []
    for i in range(3):
        s = ""
        for j, axis in enumerate("xyz"):
            v = int(rot[i][j])
            if v == 0:
                continue
            if v < 0:
                s += "-"
            elif s:
                s += "+"
            if abs(v) != 1:
                s += str(abs(v))
            s += axis
        t = frac(trans[i])
        if t != 0:
            s += ("+" if s else "") + f"{t.numerator}/{t.denominator}"
        rows.append(s or "0")
    return ",".join(rows)


def main():
    version = spglib_version()
    rows = []
    ops_lines = []
    for hall in range(1, 531):
        t = sg_type(hall)
        fields = [str(hall), str(t["number"]), t["international_short"], t["international_full"],
                  setting_symbol(t["international"]), t["choice"], t["hall_symbol"]]
        for f in fields:
            if "\t" in f or "\n" in f:
                raise ValueError(f"hall {hall}: field {f!r} has a tab or newline")
        rows.append("\t".join(fields))
        sym = spglib.get_symmetry_from_database(hall)
        ops = [xyz(r, tr) for r, tr in zip(sym["rotations"], sym["translations"])]
        if len(set(ops)) != len(ops):
            raise ValueError(f"hall {hall}: duplicate operators")
        ops_lines.append(f"{hall}\t{';'.join(ops)}")

    os.makedirs(os.path.dirname(TABLE), exist_ok=True)
    with open(TABLE, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# Space-group settings generated from spglib {version} (Debian python3-spglib) by "
                "scripts/generate_spacegroup_table.py; data (c) Atsushi Togo, spglib, BSD-3-Clause licence "
                "(see PROVENANCE.md)\n")
        f.write("hall_number\tnumber\thm_short\thm_full\thm_setting\tchoice\thall_symbol\n")
        for r in rows:
            f.write(r + "\n")

    os.makedirs(os.path.dirname(OPS), exist_ok=True)
    # mtime=0 keeps the gzip byte-identical between runs
    with open(OPS, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
        text = (f"# Symmetry operators per Hall number from spglib {version} get_symmetry_from_database "
                "(BSD-3-Clause, (c) Atsushi Togo); hall_number<TAB>op1;op2;...\n" + "\n".join(ops_lines) + "\n")
        gz.write(text.encode("utf-8"))

    print(f"spglib {version}: wrote {TABLE} ({len(rows)} settings) and {OPS}", file=sys.stderr)


if __name__ == "__main__":
    main()
