#!/usr/bin/env bash
# One-off check for the engine/front-end restructure (issue 10): runs every gpubv command on the shipped examples and
# test data and keeps stdout, stderr, the exit code and every file written, so that a later build can be compared with
# compare.py. Usage: capture.sh GPUBV_DLL OUTDIR   (GPUBV_DLL: path to gpubv.dll of a Release build)
set -uo pipefail
dll=$(readlink -f "$1"); out=$(readlink -m "$2")
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
rm -rf "$out"; mkdir -p "$out/files"
D=tests/GpuBv.Tests/Data
T=$D/trajectories
n=0
run() { # run NAME ARGS...  (files written go to $out/files/NAME.*; use @OUT@ in args)
  local name=$1; shift
  local args=()
  for a in "$@"; do args+=("${a//@OUT@/$out/files/$name}"); done
  (cd "$root" && timeout 600 dotnet "$dll" "${args[@]}" >"$out/$name.stdout" 2>"$out/$name.stderr" </dev/null)
  echo $? >"$out/$name.rc"
  n=$((n+1))
}
git -C "$root" rev-parse HEAD >"$out/COMMIT"
echo "$out" >"$out/ROOT"

# info, text and JSON, on every shipped structure
for f in examples/*.cif $D/structures/*.cif $D/paper/*.cif $D/paper/*.vasp; do
  b=$(basename "$f"); run "info_$b" info "$f"; run "info_json_$b" info "$f" --json
done
run info_oxi info $D/structures/Li10GeP2S12_ordered_P1.cif --json --oxi Li=1,Ge=4,P=5,S=-2

# bvse: JSON on the CPU path and the ILGPU CPU accelerator, grid files, text
for f in examples/LiFePO4.cif examples/Li10GeP2S12_ordered_P1.cif $D/structures/Li2O.cif $D/structures/Li3N.cif $D/paper/Li3PO4_gamma_mp-2878.vasp; do
  b=$(basename "$f"); run "bvse_json_$b" bvse "$f" --ion Li1+ --device cpu --json
done
run bvse_text_LiFePO4 bvse examples/LiFePO4.cif --ion Li1+ --device cpu
run bvse_files_LiFePO4 bvse examples/LiFePO4.cif --ion Li1+ --device cpu --json --grd @OUT@.grd --cube @OUT@.cube
run bvse_ilgpu_Li2O bvse $D/structures/Li2O.cif --ion Li1+ --device ilgpu-cpu --json
run bvse_6_Li3N bvse $D/structures/Li3N.cif --ion Li+ --device cpu --json --neighbours 6 --resolution 0.25 --encut 3
run bvse_err_ion bvse examples/LiFePO4.cif --ion Na1+ --device cpu
run bvse_err_file bvse no/such/file.cif --ion Li1+
run bvse_err_device bvse examples/LiFePO4.cif --ion Li1+ --device tpu

# coupling
run coup_Li3PO4 coupling examples/Li3PO4_beta_mp-13725.cif --cation Li1+ --device cpu --json
run coup_Li3PO4_text coupling examples/Li3PO4_beta_mp-13725.cif --cation Li1+ --device cpu
run coup_LiFePO4_global coupling examples/LiFePO4.cif --cation Li1+ --device cpu --json --erot-grid global
run coup_LiFePO4_cube coupling examples/LiFePO4.cif --cation Li1+ --device cpu --json --cube @OUT@.cube --erot-grid global
run coup_Li2CO3 coupling $D/structures/Li2CO3_zabuyelite_COD.cif --cation Li1+ --device cpu --json
run coup_LiBH4 coupling $D/paper/LiBH4_Pnma_MPderived.cif --cation Li1+ --device cpu --json --params examples/LiBH4_BH_params.dat
run coup_LiBH4_missing coupling $D/paper/LiBH4_Pnma_MPderived.cif --cation Li1+ --device cpu --json
run coup_LGPS_group coupling examples/Li10GeP2S12_ordered_P1.cif --cation Li1+ --device cpu --json --group P-S --erot-grid global
run coup_Li2O_none coupling $D/structures/Li2O.cif --cation Li1+ --device cpu --json
run coup_err_cation coupling examples/LiFePO4.cif --cation Lii --device cpu
run coup_err_center coupling examples/LiFePO4.cif --cation Li1+ --center Xx --device cpu
run coup_err_dim coupling examples/LiFePO4.cif --cation Li1+ --threshold -1 --device cpu

# screen, resume refusal, shards and merge
run screen screen $D/structures --ion Li1+ --out @OUT@.csv --device cpu --jobs 2
run screen_again screen $D/structures --ion Li1+ --out $out/files/screen.csv --device cpu
run screen_coupling screen $D/structures/LiFePO4.cif $D/structures/Li2O.cif $D/structures/NaCl_halite_COD.cif --ion Li1+ --coupling --out @OUT@.csv --device cpu
for i in 0 1 2; do run "shard$i" screen $D/structures --ion Li1+ --shard $i/3 --out $out/files/shard$i.csv --device cpu; done
run merge merge @OUT@.csv $out/files/shard0.csv $out/files/shard1.csv $out/files/shard2.csv
run merge_missing merge @OUT@.csv $out/files/shard0.csv $out/files/shard1.csv
run merge_none merge @OUT@.csv $out/files/nosuch.csv

# devices, shm
run devices devices
run shm shm --ac 0.3 --aa 0.2 --wc 50 --wa 40 --phic 0.5 --json
run shm_text shm --ac 0.3 --aa 0.2 --wc 50 --wa 40 --phic 0.5

# traj
NA=$T/Na3PS4_cubic_800K_pmgdiff_pda_XDATCAR.gz
LI=$T/Li6PS5I_0p_run1_500K_XDATCAR.gz
run traj_disp traj displacement $LI --dt-fs 100 --species Li --json --csv @OUT@.csv
run traj_disp_text traj displacement $LI --dt-fs 100 --species Li --t-ini 2 --t-window 5
run traj_bonds traj bonds $LI --dt-fs 100 --species Li --center P --anion S --json --csv @OUT@.csv
run traj_bonds_cation traj bonds $LI --dt-fs 100 --cation 3 --center P --anion S --json
run traj_acf traj acf $NA --dt-fs 20 --species Na --center P --anion S --max-lag 5 --json --csv @OUT@.csv
run traj_density traj density $NA --dt-fs 20 --species Na --spacing 0.5 --framework P,S --json --csv @OUT@.csv --cube @OUT@.cube
run traj_density_text traj density $NA --dt-fs 20 --species Na
run traj_diff traj diffusion $NA --dt-fs 20 --species Na --temperature 800 --json --csv @OUT@.csv
run traj_diff_text traj diffusion $NA --dt-fs 20 --species Na --temperature 800
run traj_hops traj hops $LI --dt-fs 100 --species Li --center P --anion S --baseline --json --csv @OUT@.csv
run traj_hops_text traj hops $LI --dt-fs 100 --species Li --center P --anion S
run traj_hops_nogroups traj hops $LI --dt-fs 100 --species Li --json --min-residence 5
run traj_lammps traj displacement $T/format_edge_cases/GEMDAT_Li3InCl6_lammps_dump_xyz.xyz --dt-fs 1 --species Li --types 1=Li,2=In,3=Cl --format lammps-dump --json
run traj_err_species traj density $NA --dt-fs 20 --species K
run traj_err_dt traj density $NA --dt-fs -1 --species Na
run traj_err_tini traj diffusion $NA --dt-fs 20 --species Na --t-ini 1000
run traj_err_hops traj hops $LI --dt-fs 100 --species Li --center P
# cases added after the first capture (captured for the old commit in a worktree of it): warnings, hints and partial occupancy
run info_oxi_unused info $D/structures/LiF.cif --json --oxi Li=1,F=-1,Na=1
run info_oxi_bad info $D/structures/LiF.cif --oxi Li1
run coup_Li6PS5Cl coupling $D/paper/Li6PS5Cl_F-43m_neutron_partialocc.cif --cation Li1+ --device cpu --json --erot-grid global
run bvse_Li6PS5Cl bvse $D/paper/Li6PS5Cl_F-43m_neutron_partialocc.cif --ion Li1+ --device cpu --json
run traj_xyz_notypes traj displacement $T/format_edge_cases/GEMDAT_Li3InCl6_lammps_dump_xyz.xyz --dt-fs 1 --species Li --format xyz --cell "12.6 12.6 12.6"
run traj_xyz_nocell traj displacement $T/format_edge_cases/GEMDAT_Li3InCl6_lammps_dump_xyz.xyz --dt-fs 1 --species Li --format xyz
run traj_lammps_data traj displacement $T/format_edge_cases/GEMDAT_Li3InCl6_triclinic_lammps_data.txt --dt-fs 1 --species Li --format lammps-data --json
run traj_acf_text traj acf $NA --dt-fs 20 --species Na --center P --anion S --max-lag 5
run traj_bonds_text traj bonds $LI --dt-fs 100 --species Li --center P --anion S
run traj_tini_past traj diffusion $NA --dt-fs 20 --species Na --temperature 800 --t-ini 1000
echo "captured $n runs into $out"
