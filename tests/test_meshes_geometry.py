"""The built spine against its parameter table: closed bones, published dimensions, alignment, no overlaps."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv

from meshes import alignment, discs, sacrum
from meshes.params import LEVELS, SEGMENTS_PARAMS, VERTEBRAE
from meshes.spine import placed_frames

BONES = [*LEVELS, "sacrum"]
FRAME_OF = {**{lv: lv for lv in LEVELS}, "sacrum": "S1"}


@pytest.fixture(scope="module")
def world():
    return placed_frames()


def local(mesh: pv.PolyData, matrix: np.ndarray) -> pv.PolyData:
    """A world mesh expressed in a level's own frame."""
    return mesh.transform(np.linalg.inv(matrix), inplace=False)


def hits(mesh: pv.PolyData, start, end) -> np.ndarray:
    """Where the segment start→end crosses the surface, ordered from start."""
    points, _ = mesh.ray_trace(start, end)
    points = np.asarray(points).reshape(-1, 3)
    return points[np.argsort(np.linalg.norm(points - np.asarray(start), axis=1))]


def inside_depth(points: np.ndarray, mesh: pv.PolyData) -> np.ndarray:
    """How far each point lies inside `mesh` (0 outside)."""
    d = np.asarray(pv.PolyData(points).compute_implicit_distance(mesh)["implicit_distance"])
    return np.clip(-d, 0.0, None)


@pytest.mark.parametrize("name", BONES)
def test_every_bone_is_one_closed_manifold_surface(spine, name):
    mesh = spine.structures[name].mesh
    assert mesh.n_open_edges == 0
    assert mesh.is_manifold
    assert mesh.connectivity().point_data["RegionId"].max() == 0
    assert mesh.volume > 20_000  # mm³: a whole vertebra, not a fragment


def test_soft_tissue_surfaces_are_closed(spine):
    open_ones = [s.name for s in spine.structures.values() if s.mesh.n_open_edges or not s.mesh.is_manifold]
    assert open_ones == []


@pytest.mark.parametrize("level", LEVELS)
def test_body_dimensions_match_the_table(spine, world, level):
    v = VERTEBRAE[level]
    mesh = local(spine.structures[level].mesh, world[level])
    mid = -0.25 * (v.body_height_ant + v.body_height_post)
    across = hits(mesh, (-80, 0, mid), (80, 0, mid))
    assert abs(across[-1, 0] - across[0, 0] - v.body_width) < 1.0
    front = hits(mesh, (0, v.body_depth / 2 - 4, 10), (0, v.body_depth / 2 - 4, -60))
    expected_front = -alignment_bottom(v, v.body_depth / 2 - 4)
    assert abs(front[0, 2] - front[-1, 2] - expected_front) < 1.0
    back = hits(mesh, (0, -v.body_depth / 2 + 4, 10), (0, -v.body_depth / 2 + 4, -60))
    assert abs(back[0, 2] - back[-1, 2] + alignment_bottom(v, -v.body_depth / 2 + 4)) < 1.0


def alignment_bottom(v, y: float) -> float:
    from meshes.vertebra import body_bottom

    return float(body_bottom(v, np.array([y]))[0])


@pytest.mark.parametrize("level", LEVELS)
def test_canal_matches_the_table(spine, world, level):
    v = VERTEBRAE[level]
    mesh = local(spine.structures[level].mesh, world[level])
    centre_y = -v.body_depth / 2 - v.canal_depth / 2
    y = -v.body_depth / 2 - v.pedicle_length / 2  # mid-pedicle, clear of the fillets at either end
    right = hits(mesh, (0, y, v.pedicle_z), (60, y, v.pedicle_z))[0, 0]
    left = hits(mesh, (0, y, v.pedicle_z), (-60, y, v.pedicle_z))[0, 0]
    converging = v.pedicle_length * np.tan(np.radians(v.pedicle_angle))  # pedicles diverge going back
    assert abs(right - left - v.canal_width - converging) < 1.0
    back = hits(mesh, (0, centre_y, v.lamina_z), (0, -120, v.lamina_z))[0, 1]
    front = hits(mesh, (0, centre_y, v.lamina_z), (0, 0, v.lamina_z))[0, 1]
    assert abs(front - back - v.canal_depth) < 1.0


def facet_normal(points: np.ndarray) -> np.ndarray:
    """Normal of the plane that best fits a cartilage sheet."""
    _, _, vt = np.linalg.svd(points - points.mean(0), full_matrices=False)
    return vt[2]


@pytest.mark.parametrize("upper", LEVELS)
def test_facet_joints_face_each_other_at_the_published_angle(spine, world, upper):
    v = VERTEBRAE[upper]
    seg = alignment.segment_name(upper)
    for side in ("left", "right"):
        sheet = local(spine.structures[f"cartilage_{seg}_{side}_inferior"].mesh, world[upper]).points
        n = facet_normal(sheet)
        assert abs(np.degrees(np.arctan2(abs(n[1]), abs(n[0]))) - v.facet_angle) < 2.0
        centre = sheet.mean(0)
        lower_bone = local(spine.structures[BONES[LEVELS.index(upper) + 1]].mesh, world[upper])
        upper_bone = local(spine.structures[upper].mesh, world[upper])
        a = hits(upper_bone, centre - 15 * n, centre + 15 * n)
        b = hits(lower_bone, centre - 15 * n, centre + 15 * n)
        gap = min(np.linalg.norm(p - q) for p in a for q in b)
        assert 2.0 <= gap <= 4.0  # Weishaupt grade 0 joint space


def superior_endplate_normal(mesh: pv.PolyData, matrix: np.ndarray, depth: float, width: float) -> np.ndarray:
    """World normal of the plane through a body's superior endplate rim (the dish left out)."""
    p = local(mesh, matrix).points
    r = np.hypot(p[:, 0] / (width / 2), p[:, 1] / (depth / 2))
    rim = p[(p[:, 2] > -0.6) & (r > 0.8) & (r < 0.95)]
    n = facet_normal(rim)
    n = n if n[2] > 0 else -n
    return matrix[:3, :3] @ n


def test_segmental_lordosis_within_one_degree_of_the_table(spine, world):
    normals = {lv: superior_endplate_normal(spine.structures[lv].mesh, world[lv], VERTEBRAE[lv].body_depth,
                                            VERTEBRAE[lv].body_width) for lv in LEVELS}
    normals["S1"] = superior_endplate_normal(spine.structures["sacrum"].mesh, world["S1"],
                                             sacrum.S1_BODY.body_depth, sacrum.S1_BODY.body_width)
    order = [*LEVELS, "S1"]
    for upper, lower in zip(order[:-1], order[1:]):
        tilt = [np.degrees(np.arctan2(-normals[lv][1], normals[lv][2])) for lv in (upper, lower)]
        assert abs((tilt[0] - tilt[1]) - SEGMENTS_PARAMS[alignment.segment_name(upper)].lordosis) < 1.0


@pytest.mark.parametrize("upper", LEVELS)
def test_disc_fills_the_space_and_nucleus_is_about_43_percent(spine, world, upper):
    seg = alignment.segment_name(upper)
    lower = "S1" if upper == "L5" else LEVELS[LEVELS.index(upper) + 1]
    annulus = local(spine.structures[f"disc_{seg}"].mesh, world[lower])
    nucleus = local(spine.structures[f"nucleus_{seg}"].mesh, world[lower])
    depth = (sacrum.S1_BODY if lower == "S1" else VERTEBRAE[lower]).body_depth
    posterior = hits(annulus, (0, -depth / 2 + 3, 30), (0, -depth / 2 + 3, -10))
    assert abs(posterior[0, 2] - posterior[-1, 2] - SEGMENTS_PARAMS[seg].disc_height_post) < 1.2
    z = 0.5 * nucleus.bounds[4] + 0.5 * nucleus.bounds[5]
    xs, ys = np.meshgrid(np.arange(-35, 35, 0.5), np.arange(-30, 30, 0.5))
    grid = pv.PolyData(np.column_stack([xs.ravel(), ys.ravel(), np.full(xs.size, z)]))
    in_ring = inside_depth(grid.points, annulus) > 0
    in_core = inside_depth(grid.points, nucleus) > 0
    share = in_core.sum() / (in_core.sum() + in_ring.sum())
    assert 0.38 <= share <= 0.48
    assert grid.points[in_core, 1].mean() < grid.points[in_ring | in_core, 1].mean()  # slightly posterior


NEIGHBOURS = [(a, b) for a, b in zip(BONES[:-1], BONES[1:])]


@pytest.mark.parametrize("a,b", NEIGHBOURS)
def test_neighbouring_bones_never_interpenetrate(spine, a, b):
    assert inside_depth(spine.structures[a].mesh.points, spine.structures[b].mesh).max() < 0.1
    assert inside_depth(spine.structures[b].mesh.points, spine.structures[a].mesh).max() < 0.1


@pytest.mark.parametrize("upper", LEVELS)
def test_discs_and_cartilage_stay_out_of_the_bones(spine, upper):
    seg = alignment.segment_name(upper)
    pair = [upper, BONES[LEVELS.index(upper) + 1]]
    soft = [s for s in spine.structures.values() if s.name.endswith(seg) or f"_{seg}_" in s.name]
    assert len(soft) == 7  # annulus, nucleus, four cartilage sheets and the ligamentum flavum
    for s in soft:
        for bone in pair:
            assert inside_depth(s.mesh.points, spine.structures[bone].mesh).max() < 0.2, (s.name, bone)


@pytest.mark.parametrize("level", [*LEVELS, "S1"])
def test_nerve_roots_run_clear_of_bone(spine, level):
    for side in ("left", "right"):
        root = spine.structures[f"root_{level}_{side}"].mesh
        for bone in BONES:
            assert inside_depth(root.points, spine.structures[bone].mesh).max() < 0.3, (level, side, bone)


@pytest.mark.parametrize("level", LEVELS)
def test_each_root_leaves_below_its_own_pedicle(spine, world, level):
    v = VERTEBRAE[level]
    for side in ("left", "right"):
        p = local(spine.structures[f"root_{level}_{side}"].mesh, world[level]).points
        lateral = np.abs(p[:, 0]) - v.canal_width / 2
        foramen = p[(lateral > v.pedicle_width / 2) & (lateral < v.pedicle_width) & (p[:, 1] < -v.body_depth / 2)
                    & (p[:, 1] > -v.body_depth / 2 - v.pedicle_length)]
        assert len(foramen) > 20
        assert foramen[:, 2].max() < v.pedicle_z - v.pedicle_height / 2 + 0.5


def test_nucleus_ellipse_area_formula():
    a, b = discs.outline_half_axes(VERTEBRAE["L4"], VERTEBRAE["L5"])
    na, nb = discs.nucleus_axes(a, b)
    xs, ys = np.meshgrid(np.linspace(-a, a, 801), np.linspace(-b, b, 801))
    outline = ((np.abs(xs) / a) ** discs.OUTLINE_POWER + (np.abs(ys) / b) ** discs.OUTLINE_POWER) <= 1
    ellipse = (xs / na) ** 2 + (ys / nb) ** 2 <= 1
    assert abs(ellipse.sum() / outline.sum() - discs.NUCLEUS_AREA) < 0.01
