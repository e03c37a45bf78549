#!/usr/bin/env bash
# Evidence for issue 12: screen the 510 libavogadro-data CIFs plus one file of each hostile kind, with a per-structure
# timeout, report rows per status, wall time and peak memory; meanwhile start a second screen on the same --out and
# show that it is refused. Usage: hostile-screen.sh GPUBV_DLL WORKDIR
set -uo pipefail
dll=$(readlink -f "$1"); work=$(readlink -m "$2")
rm -rf "$work"; mkdir -p "$work/in"
cp -r /usr/share/avogadro2/crystals "$work/in/avogadro"
h="$work/in/hostile"; mkdir -p "$h/loop"
cat > "$h/flat.cif" <<'CIF'
data_flat
_cell_length_a 5
_cell_length_b 5
_cell_length_c 5
_cell_angle_alpha 120
_cell_angle_beta 120
_cell_angle_gamma 120
loop_
_atom_site_label
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
Li1 0 0 0
O1 0.5 0.5 0.5
CIF
src=$(ls /usr/share/avogadro2/crystals/oxides/*.cif | head -1)
gzip -c "$src" | head -c 300 > "$h/truncated.cif.gz"
python3 - "$h/big_p1.cif" <<'PY'
import sys
n = 100  # 100^3 cells x 1 atom = 10^6 atoms
with open(sys.argv[1], "w") as f:
    f.write("data_big\n_cell_length_a %g\n_cell_length_b %g\n_cell_length_c %g\n" % (2.0 * n, 2.0 * n, 2.0 * n))
    f.write("_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n_symmetry_space_group_name_H-M 'P 1'\n")
    f.write("loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n")
    k = 0
    for i in range(n):
        for j in range(n):
            for l in range(n):
                el = "Li" if (i + j + l) % 2 == 0 else "F"
                f.write("%s%d %s %.5f %.5f %.5f\n" % (el, k, el, (i + .5) / n, (j + .5) / n, (l + .5) / n))
                k += 1
PY
python3 - "$h/blocks.cif" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for b in range(10000):
        f.write("data_b%d\n_cell_length_a 4.0\n_cell_length_b 4.0\n_cell_length_c 4.0\n_cell_angle_alpha 90\n"
                "_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_atom_site_label\n_atom_site_fract_x\n"
                "_atom_site_fract_y\n_atom_site_fract_z\nLi1 0 0 0\nF1 0.5 0.5 0.5\n" % b)
PY
head -c 200000000 /dev/zero > "$h/zeros.cif"
mkfifo "$h/pipe.cif" 2>/dev/null || true
ln -s .. "$h/loop/up"
out="$work/out/res.csv"
/usr/bin/time -v dotnet "$dll" screen "$work/in" --ion Li1+ --out "$out" --device cpu --timeout-per-structure 30 \
  >"$work/screen.stdout" 2>"$work/screen.stderr" &
pid=$!
sleep 5
dotnet "$dll" screen "$work/in" --ion Li1+ --out "$out" --device cpu --resume >"$work/second.stdout" 2>"$work/second.stderr"
echo "second screen on the same --out: exit $? ($(head -c 300 "$work/second.stderr"))"
wait $pid
echo "first screen: exit $?"
grep -E "Elapsed|Maximum resident" "$work/screen.stderr"
tail -n 3 "$work/screen.stderr" | grep -v Elapsed
python3 - "$out" <<'PY'
import csv, sys, collections
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
print(len(rows), "rows;", dict(collections.Counter(r["status"] for r in rows)))
for r in rows:
    if "hostile" in r["file"] and "blocks.cif!" not in r["file"]:
        print(" ", r["file"].split("hostile/")[-1], r["status"], (r["message"] or "")[:150])
print(" ", sum("blocks.cif!" in r["file"] for r in rows), "rows from blocks.cif")
PY
