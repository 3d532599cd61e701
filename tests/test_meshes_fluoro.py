"""The fluoroscopy projection: views differ as the C-arm turns, overlays darken, the cache works (no Qt)."""

from __future__ import annotations

import numpy as np
import pytest

from meshes import fluoro
from meshes.spine import placed_frames

SIZE = 128
FIELD = (160.0, 160.0)


@pytest.fixture(scope="module")
def bones(spine):
    return [s.mesh for s in spine.structures.values() if s.group in ("bones", "pelvis")]


@pytest.fixture(scope="module")
def radiograph(spine):
    # vertebrae and sacrum only: the symmetry and disc checks must not depend on other bones being added
    return fluoro.Radiograph([spine.structures[n].mesh for n in ("L1", "L2", "L3", "L4", "L5", "sacrum")],
                             spacing=2.0)


@pytest.fixture(scope="module")
def centre():
    """Middle of the L4–L5 disc space, in world mm."""
    w = placed_frames()
    return w["L5"][:3, 3] + w["L5"][:3, :3] @ np.array([0.0, 0.0, 4.0])


def view(radiograph, rotation, centre, **kw):
    return radiograph.image(rotation, 0.0, SIZE, FIELD, centre, **kw).astype(float)


def test_cloud_and_weights(radiograph):
    assert radiograph.points.shape[1] == 3 and len(radiograph) > 20000
    assert radiograph.weights.min() > 0 and radiograph.weights.max() > 2.0 * radiograph.weights.min()


def test_any_list_of_meshes(bones):
    r = fluoro.Radiograph(bones[:1], spacing=3.0)
    assert len(r) > 100
    empty = fluoro.Radiograph([], spacing=2.0).image(0, 0, 32)
    assert empty.shape == (32, 32) and empty.dtype == np.uint8


def test_image_format(radiograph, centre):
    img = radiograph.image(0.0, 0.0, SIZE, FIELD, centre)
    assert img.shape == (SIZE, SIZE) and img.dtype == np.uint8
    corner = img[:8, :8].astype(float).mean()
    assert 185 <= corner <= 225, "light background"
    assert img.min() < corner - 60, "bone is darker than the background"


def test_views_differ_as_the_carm_turns(radiograph, centre):
    pa, oblique, lateral = (view(radiograph, r, centre) for r in (0.0, 35.0, 90.0))
    for a, b in ((pa, oblique), (pa, lateral), (oblique, lateral)):
        assert np.abs(a - b).mean() > 6.0


def blocks(img: np.ndarray, n: int = 4) -> np.ndarray:
    """Means over n×n blocks: the fixed noise pattern averages out, the anatomy stays."""
    h, w = img.shape
    return img.reshape(h // n, n, w // n, n).mean(axis=(1, 3))


def test_pa_is_nearly_mirror_symmetric(radiograph, centre):
    pa = blocks(view(radiograph, 0.0, centre))
    mirror = blocks(view(radiograph, 0.0, centre * np.array([-1.0, 1.0, 1.0]))[:, ::-1])
    assert np.abs(pa - mirror).mean() < 1.5
    # the left and right obliques are mirror images of each other, and unlike the PA
    right, left = blocks(view(radiograph, 35.0, centre)), blocks(view(radiograph, -35.0, centre)[:, ::-1])
    assert np.abs(right - left).mean() < 1.5
    assert np.abs(right - pa).mean() > 4 * np.abs(right - left).mean()


def test_project_centre_and_sides(centre):
    c = fluoro.project(centre[None], 20.0, 10.0, 256, FIELD, centre)[0]
    assert np.allclose(c, 127.5)
    right = fluoro.project(centre + (30.0, 0.0, 0.0), 0.0, 0.0, 256, FIELD, centre)[0]
    up = fluoro.project(centre + (0.0, 0.0, 30.0), 0.0, 0.0, 256, FIELD, centre)[0]
    assert right[0] == pytest.approx(127.5 + 30 * 256 / 160) and right[1] == pytest.approx(127.5)
    assert up[1] < 127.5 - 40, "head is up"
    front = fluoro.project(centre + (0.0, 30.0, 0.0), 90.0, 0.0, 256, FIELD, centre)[0]
    assert front[0] > 127.5 + 40, "anterior on the right in the +90 lateral"
    # a depth offset along the beam does not move a point
    d, _, _ = fluoro.beam_axes(35.0, 10.0)
    assert np.allclose(fluoro.project(centre + 50 * d, 35.0, 10.0, 256, FIELD, centre)[0], 127.5)


def test_beam_axes_convention():
    d, u, v = fluoro.beam_axes(0.0, 0.0)
    assert np.allclose(d, (0, 1, 0)) and np.allclose(u, (1, 0, 0)) and np.allclose(v, (0, 0, 1))
    d, _, _ = fluoro.beam_axes(35.0, 0.0)
    assert d[0] < 0 and d[1] > 0, "positive: the beam comes from the right-posterior"
    d, _, _ = fluoro.beam_axes(0.0, 15.0)
    assert d[2] > 0, "positive tilt: the beam travels cranially"
    for rot, tilt in ((35.0, 0.0), (-20.0, 12.0), (90.0, -15.0)):
        d, u, v = fluoro.beam_axes(rot, tilt)
        m = np.stack([d, u, v])
        assert np.allclose(m @ m.T, np.eye(3)) and np.allclose(u, np.cross(d, v)) and v[2] > 0


def test_needle_darkens_its_line(radiograph, centre):
    entry, tip = centre + (60.0, -50.0, 30.0), centre + (20.0, -10.0, 0.0)
    plain = view(radiograph, 35.0, centre)
    with_needle = view(radiograph, 35.0, centre, needle=(entry, tip))
    px = fluoro.project(np.linspace(entry, tip, 20)[2:-2], 35.0, 0.0, SIZE, FIELD, centre)
    c, r = np.rint(px).astype(int).T
    assert (with_needle[r, c] < plain[r, c] - 40).all()
    assert with_needle[r, c].mean() < 60
    far = np.ones_like(plain, dtype=bool)
    far[max(r.min() - 4, 0):r.max() + 5, max(c.min() - 4, 0):c.max() + 5] = False
    assert np.array_equal(with_needle[far], plain[far]), "only the needle's pixels change"


def test_contrast_darkens_around_its_points(radiograph, centre):
    points = centre + np.array([[25.0, -20.0, 10.0], [25.0, -20.0, 13.0], [-30.0, -10.0, -20.0]])
    plain = view(radiograph, 0.0, centre)
    dyed = view(radiograph, 0.0, centre, contrast=(points, 3.0))
    for c, r in np.rint(fluoro.project(points, 0.0, 0.0, SIZE, FIELD, centre)).astype(int):
        assert dyed[r, c] < plain[r, c] - 25
        assert dyed[r - 1:r + 2, c - 1:c + 2].mean() < plain[r - 1:r + 2, c - 1:c + 2].mean() - 15
    assert (dyed <= plain + 0.5).all()
    assert (dyed < plain - 1).sum() < 0.1 * SIZE * SIZE


def test_lateral_shows_the_disc_space(radiograph, centre):
    lateral = view(radiograph, 90.0, centre)
    w = placed_frames()
    # a column through the middle of the L4 and L5 bodies, from above L4's middle to below L5's middle
    l4 = w["L4"][:3, 3] + w["L4"][:3, :3] @ np.array([0.0, 0.0, -14.0])
    l5 = w["L5"][:3, 3] + w["L5"][:3, :3] @ np.array([0.0, 0.0, -13.0])
    (c4, r4), (cd, rd), (c5, r5) = fluoro.project(np.array([l4, centre, l5]), 90.0, 0.0, SIZE, FIELD, centre)
    rows = np.arange(int(r4), int(r5) + 1)
    cols = np.rint(np.interp(rows, [r4, r5], [c4, c5])).astype(int)
    profile = lateral[rows, cols]
    body4, body5 = profile[: len(rows) // 4].mean(), profile[-len(rows) // 4:].mean()
    disc = profile[np.abs(rows - rd) <= 1].max()
    assert disc > body4 + 25 and disc > body5 + 25, (disc, body4, body5)


def test_cache_hits_and_copies(radiograph, centre):
    hits, misses = radiograph.cache_hits, radiograph.cache_misses
    first = radiograph.image(12.0, 3.0, 96, FIELD, centre)
    assert radiograph.cache_misses == misses + 1
    again = radiograph.image(12.2, 3.1, 96, FIELD, centre)  # rounds to the same 0.5° view
    assert radiograph.cache_hits == hits + 1 and radiograph.cache_misses == misses + 1
    assert np.array_equal(first, again)
    again[:] = 0  # callers may draw on what they get
    assert np.array_equal(radiograph.image(12.0, 3.0, 96, FIELD, centre), first)
    radiograph.image(12.0, 3.0, 96, FIELD, centre, needle=(centre, centre + 30))
    assert radiograph.cache_hits == hits + 3 and radiograph.cache_misses == misses + 1
    radiograph.image(13.0, 3.0, 96, FIELD, centre)
    assert radiograph.cache_misses == misses + 2


def test_scotty_dog_points_land_on_the_right_parts(spine):
    from meshes.surface import signed_distance

    w = placed_frames()
    for level in ("L3", "L4", "L5"):
        right = fluoro.scotty_dog_points(spine, level, "right")
        left = fluoro.scotty_dog_points(spine, level, "left")
        assert set(right) == {"transverse process", "pedicle", "superior articular process",
                              "pars interarticularis", "inferior articular process", "lamina"}
        pts = np.array(list(right.values()))
        assert (signed_distance(pts, spine.structures[level].mesh) < 0).all(), "inside the bone"
        assert np.allclose(pts[:, 0], -np.array(list(left.values()))[:, 0], atol=2.5), "mirror images"
        local = (pts - w[level][:3, 3]) @ w[level][:3, :3]
        p = dict(zip(right, local))
        assert (local[:, 0] > 0).all(), "right side"
        assert p["transverse process"][0] > p["pedicle"][0] + 10
        assert p["superior articular process"][2] > p["pars interarticularis"][2] > p["inferior articular process"][2]
        assert p["lamina"][1] < p["pedicle"][1] - 5
        # in the right oblique the dog faces forwards: nose ahead of the eye, ear above it, leg below it
        c = np.asarray(w[level][:3, 3])
        px = dict(zip(right, fluoro.project(np.array(list(right.values())), 35.0, 0.0, 256, FIELD, c)))
        assert px["transverse process"][0] > px["pedicle"][0] > px["lamina"][0]
        assert px["superior articular process"][1] < px["pedicle"][1] < px["inferior articular process"][1]


def test_around_keeps_only_the_ball_and_the_picture_inside_it(radiograph, centre):
    part = radiograph.around(centre, 60.0)
    assert 0 < len(part) < len(radiograph)
    assert np.linalg.norm(part.points - centre, axis=1).max() <= 60.0
    inner = (slice(SIZE // 2 - 16, SIZE // 2 + 16),) * 2  # 20 mm round the centre: all of it within the ball
    assert np.abs(view(part, 30.0, centre)[inner] - view(radiograph, 30.0, centre)[inner]).mean() < 3.0


def test_a_coarser_draft_keeps_the_bone_and_the_picture_for_less(radiograph, centre):
    draft = radiograph.coarser(4.0)
    assert len(draft) < len(radiograph) / 4
    assert draft.weights.sum() == pytest.approx(radiograph.weights.sum())  # no bone lost, only merged
    full, rough = view(radiograph, 30.0, centre), view(draft, 30.0, centre)
    assert np.abs(full - rough).mean() < 0.5 * np.abs(full - view(radiograph, 60.0, centre)).mean()
    hits = draft.cache_hits
    view(draft, 30.4, centre)  # within the draft's 1° step of the last view: the same bone image
    assert draft.cache_hits == hits + 1


def test_png_round_trip(tmp_path):
    import zlib

    img = (np.arange(64 * 48) % 251).astype(np.uint8).reshape(48, 64)
    path = tmp_path / "x.png"
    fluoro.save_png(path, img)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    n = int.from_bytes(data[33:37], "big")
    raw = np.frombuffer(zlib.decompress(data[41:41 + n]), np.uint8).reshape(48, 65)
    assert np.array_equal(raw[:, 1:], img)
