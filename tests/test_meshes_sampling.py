"""Coarse-to-fine sampling: exact wherever flying edges looks, the right sign everywhere else."""

from __future__ import annotations

import numpy as np
import pytest

from meshes import sdf, surface, vertebra
from meshes.params import VERTEBRAE
from meshes.spine import Builder


def full_and_banded(field, lo, hi, spacing):
    """The field on every node of the grid surface.extract would use, and what narrow_band gives there."""
    lo = np.asarray(lo, dtype=float) - 2 * spacing
    dims = np.ceil((np.asarray(hi, dtype=float) + 2 * spacing - lo) / spacing).astype(int) + 1
    index = np.indices(dims[::-1]).reshape(3, -1)
    full = surface.evaluate(field, surface.grid_points(lo, spacing, tuple(index))).reshape(tuple(dims[::-1]))
    return full, surface.narrow_band(field, lo, dims, spacing)


def crossing_ends(values: np.ndarray) -> np.ndarray:
    """Nodes at either end of a grid edge whose ends differ in sign: all that flying edges reads."""
    inside = values < 0
    ends = np.zeros(values.shape, dtype=bool)
    for axis in range(3):
        a, b = np.moveaxis(inside, axis, 0), np.moveaxis(ends, axis, 0)
        cross = a[1:] != a[:-1]
        b[1:] |= cross
        b[:-1] |= cross
    return ends


def cases():
    """A bone with creases where its processes meet, and a cartilage sheet under a millimetre thick."""
    b = Builder()
    j = b.joints["L4"]
    kp = vertebra.key_points(VERTEBRAE["L4"], [*j["above"].values(), *j["below"].values()])
    joint = j["below"][1.0]
    return {"L4": (b.bone_field("L4", sdf.SURFACE_BAND), kp.min(0) - 6, kp.max(0) + 6, 1.0),
            "cartilage": (b.cartilage_field("L4", joint, False, ("L4", "L5")), joint.center - 13, joint.center + 13,
                          0.7)}


@pytest.mark.parametrize("name", ["L4", "cartilage"])
def test_the_band_matches_a_full_evaluation_where_the_surface_is(name):
    full, banded = full_and_banded(*cases()[name])
    assert ((full < 0) == (banded < 0)).all()
    ends = crossing_ends(full)
    assert ends.sum() > 500  # a surface is there to look at
    np.testing.assert_array_equal(banded[ends], full[ends])
