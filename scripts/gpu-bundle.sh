#!/usr/bin/env bash
# Builds a self-contained bundle for a GPU machine without the .NET SDK or network: the gpubv command, the test suite
# (xUnit v3 tests publish as an executable; its Data/ folder comes along) and the benchmarks, published into ONE
# folder so they share one copy of the runtime (about 30 MB packed, under the device tool's 64 MiB carry limit),
# packed as publish/gpu-bundle.tar.xz, with examples/ and scripts/gpu-check.sh (the one-shot GPU check, issue 13).
# On the GPU machine, one command (it unpacks the bundle under TMPDIR and writes gpu-report.md, or $OUT/gpu-report.md):
#   bash scripts/gpu-check.sh                 # from the repository, with publish/gpu-bundle.tar.xz beside it
#   tar xJf gpu-bundle.tar.xz && bash gpu-bundle/gpu-check.sh          # or from the unpacked bundle
# or by hand:
#   ./gpubv devices
#   ./GpuBv.Tests                                                  # the whole suite; CUDA rows run instead of skipping
#   ./GpuBv.Bench agree --device cuda --resolutions 0.2,0.1         # device grid vs the managed CPU grid
#   ./GpuBv.Bench bvse --device cuda --resolutions 0.2,0.1          # pairs/s against the plain exp+sqrt kernel
#   ./GpuBv.Bench percolation --device cuda                         # percolation voxels/s and agreement
#   ./GpuBv.Bench screen --device cuda                              # structures/s
set -euo pipefail
cd "$(dirname "$0")/.."
out=publish/gpu-bundle
rm -rf "$out" publish/gpu-bundle.tar.xz
rid=${RID:-linux-x64}
for project in tests/GpuBv.Tests bench/GpuBv.Bench src/GpuBv.Cli; do
  dotnet publish "$project" -c Release -r "$rid" --self-contained -o "$out"
done
cp -r examples "$out/"
cp scripts/gpu-check.sh "$out/"
tar -C publish -cf - gpu-bundle | xz -9 -T0 > publish/gpu-bundle.tar.xz
ls -la publish/gpu-bundle.tar.xz
