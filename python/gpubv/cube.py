"""Reading the Gaussian cube files gpubv writes (``bvse --cube``, ``coupling --cube``, ``traj density --cube``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List

import numpy as np

BOHR_A = 0.529177210903  # Å per bohr (CODATA 2018)


@dataclass
class Grid:
    """A periodic scalar map on the cell.

    ``data[i, j, k]`` is the value at fractional position (i/n1, j/n2, k/n3); ``lattice`` holds the cell vectors
    in Å as rows, ``origin`` the Cartesian origin (Å); ``numbers``/``charges``/``positions`` (Å) are the atoms the
    file lists; ``comment`` its two header lines.
    """
    data: np.ndarray
    lattice: np.ndarray
    origin: np.ndarray
    numbers: np.ndarray = field(default_factory=lambda: np.zeros(0, int))
    charges: np.ndarray = field(default_factory=lambda: np.zeros(0))
    positions: np.ndarray = field(default_factory=lambda: np.zeros((0, 3)))
    comment: List[str] = field(default_factory=list)

    @property
    def shape(self):
        return self.data.shape

    def frac_coords(self) -> np.ndarray:
        """Fractional coordinates of every grid point, shape (n1, n2, n3, 3)."""
        axes = [np.arange(n) / n for n in self.data.shape]
        return np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1)


def read_cube(path) -> Grid:
    """Reads a Gaussian cube file into a :class:`Grid` (lengths converted from bohr to Å)."""
    with open(path) as f:
        comment = [f.readline().rstrip("\n"), f.readline().rstrip("\n")]
        head = f.readline().split()
        natoms = int(head[0])
        origin = np.array([float(x) for x in head[1:4]])
        counts, vectors = [], []
        for _ in range(3):
            parts = f.readline().split()
            counts.append(int(parts[0]))
            vectors.append([float(x) for x in parts[1:4]])
        unit = BOHR_A if counts[0] > 0 else 1.0  # negative counts mean Å
        counts = [abs(n) for n in counts]
        numbers, charges, positions = [], [], []
        for _ in range(abs(natoms)):
            parts = f.readline().split()
            numbers.append(int(parts[0]))
            charges.append(float(parts[1]))
            positions.append([float(x) * unit for x in parts[2:5]])
        if natoms < 0:  # a line with the number of orbitals follows
            f.readline()
        values = np.array(f.read().split(), dtype=float)
    n = counts[0] * counts[1] * counts[2]
    if values.size != n:
        raise ValueError(f"{path}: cube has {values.size} values, expected {n} for grid {counts}")
    lattice = np.array(vectors) * unit * np.array(counts)[:, None]
    return Grid(values.reshape(counts), lattice, origin * unit, np.array(numbers, int), np.array(charges),
                np.array(positions).reshape(-1, 3), comment)
