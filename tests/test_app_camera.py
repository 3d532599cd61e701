"""The camera presets and tween are pure functions: checked here without Qt or OpenGL."""

from itertools import permutations

import numpy as np
import pytest

from explainer.stories.camera import PRESETS, VIEW_ANGLE, Pose, ease, preset_pose, tween

BOUNDS = (-40.0, 40.0, -60.0, 30.0, -95.0, 95.0)


def _pose(view: str) -> Pose:
    return preset_pose(view, BOUNDS, 16 / 9)


def test_ease_starts_and_stops_gently_and_never_turns_back():
    ts = np.linspace(0, 1, 101)
    values = np.array([ease(t) for t in ts])
    assert values[0] == 0 and values[-1] == 1 and ease(0.5) == pytest.approx(0.5)
    assert np.all(np.diff(values) >= 0)
    assert values[1] < ts[1] and 1 - values[-2] < 1 - ts[-2]  # slow at both ends


@pytest.mark.parametrize("start, end", list(permutations(PRESETS, 2)))
def test_tween_runs_from_start_to_end_through_proper_cameras(start, end):
    a, b = _pose(start), _pose(end)
    for t, expected in ((0.0, a), (1.0, b)):
        pose = tween(a, b, t)
        np.testing.assert_allclose(pose.direction, expected.direction, atol=1e-9)
        np.testing.assert_allclose(pose.up, expected.up, atol=1e-9)
        np.testing.assert_allclose(pose.position, expected.position, atol=1e-6)
    for t in np.linspace(0, 1, 11):
        pose = tween(a, b, t)
        assert np.linalg.norm(pose.direction) == pytest.approx(1)
        assert np.linalg.norm(pose.up) == pytest.approx(1)
        assert np.dot(pose.direction, pose.up) == pytest.approx(0, abs=1e-9)


def test_presets_look_from_their_side():
    assert _pose("anterior").direction @ (0, 1, 0) == pytest.approx(1)  # +y is anterior
    assert _pose("posterior").direction @ (0, -1, 0) == pytest.approx(1)
    assert abs(_pose("lateral").direction[0]) == pytest.approx(1)
    assert _pose("superior").direction @ (0, 0, 1) == pytest.approx(1)
    assert _pose("anterior").up @ (0, 0, 1) == pytest.approx(1)  # head up


@pytest.mark.parametrize("view", PRESETS)
@pytest.mark.parametrize("aspect", [16 / 9, 1.0, 0.6])
def test_presets_frame_the_whole_box(view, aspect):
    pose = preset_pose(view, BOUNDS, aspect)
    back, up = pose.direction, pose.up
    right = np.cross(up, back)
    half = np.tan(np.radians(VIEW_ANGLE) / 2)
    lo, hi = BOUNDS[0::2], BOUNDS[1::2]
    for corner in np.array(np.meshgrid(*zip(lo, hi, strict=True))).reshape(3, -1).T:
        rel = corner - pose.position
        depth = -rel @ back
        assert depth > 0
        assert abs(rel @ up) / depth <= half
        assert abs(rel @ right) / depth <= half * aspect


@pytest.mark.parametrize("view", PRESETS)
def test_a_free_span_frames_the_box_beside_an_inset(view):
    aspect, free = 16 / 9, (0.0, 0.7)  # an inset over the right 30 %
    pose = preset_pose(view, BOUNDS, aspect, free=free)
    back, up = pose.direction, pose.up
    right = np.cross(up, back)
    half = np.tan(np.radians(VIEW_ANGLE) / 2)

    def across(point):  # 0 at the view's left edge, 1 at its right
        rel = np.asarray(point) - pose.position
        return 0.5 + (rel @ right) / (-rel @ back) / (2 * half * aspect)

    lo, hi = BOUNDS[0::2], BOUNDS[1::2]
    corners = np.array(np.meshgrid(*zip(lo, hi, strict=True))).reshape(3, -1).T
    assert all(0.0 <= across(c) <= free[1] for c in corners)
    assert across((np.asarray(lo) + np.asarray(hi)) / 2) == pytest.approx(np.mean(free), abs=1e-6)
