"""Video for slides: frames drawn offscreen through the screenshot's own path, H.264 in MP4 checked with PyAV
itself, captions beside it or in it, and nothing left behind by a cancelled or failed export.  Videos are tiny
(a few seconds of story, 160x90 to 320x180) so the suite stays quick on two cores."""

from __future__ import annotations

import av
import numpy as np
import pytest
from test_faults import fill_the_disk_after, needs_dev_full
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkIOImage import vtkPNGReader

from explainer import cli
from explainer.render import video
from explainer.render.layers import TURN_S, Layer, Shot
from explainer.render.offscreen import OffscreenView, write_screenshot
from explainer.stories import STORIES, StoryKind, Timeline, register
from narration import load_cues, load_story

RED = (0.9, 0.1, 0.1)


class Flash(Timeline):
    """A one-second story of two stops whose sacrum turns red half-way, with one caption a half."""

    def __init__(self, level: str, side: str):
        super().__init__(1.0, (0.0, 1.0), rate=1.0)
        self.level, self.side = level, side

    def captions(self, depth: str):
        return ((0.0, 0.5, f"plain at {depth} depth"), (0.5, 1.0, "red & <done>"))


class FlashLayer(Layer):
    """Tints the sacrum red from the story's middle; a lateral shot at the start, a posterior one at the end, and
    none between (the camera turns into the next stop)."""

    def __init__(self, scene, model):
        self.scene, self.model, self.active = scene, model, False
        self._leave = model.subscribe(self.apply)

    def set_active(self, on: bool) -> None:
        self.active = on
        if on:
            self.apply(self.model)
        else:
            self.scene.set_tint("sacrum", None)

    def apply(self, model) -> None:
        if self.active:
            self.scene.set_tint("sacrum", RED if model.position >= 0.5 else None)

    def set_depth(self, depth: str) -> None:
        """Nothing changes with the depth."""

    def shot(self, model) -> Shot | None:
        views = {0.0: "lateral", 1.0: "posterior"}
        return Shot(model.position, views[model.position]) if model.position in views else None

    def close(self) -> None:
        self.detach()
        self._leave()


@pytest.fixture
def flash():
    leave = register(StoryKind("flash", "A flash", Flash, layer="test_video:FlashLayer", page="unused:Page"))
    yield Flash("L4-L5", "left")
    leave()


def decoded(path) -> tuple[av.video.stream.VideoStream, list[np.ndarray], float]:
    """The video stream, every frame as RGB and the duration in seconds, read back with PyAV."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
        return stream, frames, float(container.duration / av.time_base)


def test_frames_run_at_the_story_rate_to_its_end_inclusive():
    story = Timeline(8.0, tuple(float(i) for i in range(9)), rate=0.5)  # the cascade's shape
    assert video.frame_count(story) == 16 * video.FPS + 1
    positions = [video.frame_position(story, i) for i in range(video.frame_count(story))]
    assert positions[60] == 1.0 and positions[-1] == 8.0  # every stop lands on a frame
    assert np.allclose(np.diff(positions), 0.5 / video.FPS)


def test_captions_are_timed_in_video_seconds_and_written_as_vtt_and_srt(flash):
    flash.rate = 0.5  # two seconds of video
    cues = video.video_captions(flash, "student")
    last = video.frame_count(flash) / video.FPS
    assert cues == ((0.0, 1.0, "plain at student depth"), (1.0, last, "red & <done>"))
    assert video.caption_at(cues, 0.99) == "plain at student depth" and video.caption_at(cues, 2.0) == "red & <done>"
    assert video.webvtt(cues) == ("WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.000\nplain at student depth\n\n"
                                  "2\n00:00:01.000 --> 00:00:02.033\nred &amp; &lt;done>\n")
    assert video.srt(cues).splitlines()[:3] == ["1", "00:00:00,000 --> 00:00:01,000", "plain at student depth"]
    assert video.video_captions(Timeline(1.0, (0.0,)), "patient") == ()  # a story without the hook has none


def test_the_cascade_captions_each_stage_where_its_text_shows():
    model = STORIES["degeneration"].make("L4-L5", "left")
    cues = video.video_captions(model, "patient")
    text = load_story("degeneration")
    assert [c[2] for c in cues] == [text.text_for(s.id, "caption") for s in model.stages]
    assert cues[0][:2] == (0.0, 1.0) and cues[1][:2] == (1.0, 3.0)  # stage 1 from 0.5 to 1.5 stage, at 0.5/s
    assert cues[-1][1] == video.frame_count(model) / video.FPS  # the last stage's caption stays to the end


def test_the_film_captions_are_the_narration_cues_for_its_target():
    model = STORIES["injection"].make("L4-L5", "left")
    model.set_target("facet", "L4-L5", "left")
    expected = load_cues().cues_for("student", "facet")
    cues = video.video_captions(model, "student")
    assert [(a, b, t) for a, b, t in cues[:-1]] == [(c.start, c.end, c.text) for c in expected[:-1]]
    assert cues[-1][2] == expected[-1].text


def test_between_stops_the_camera_turns_into_the_next_stop(flash):
    with OffscreenView((160, 90), "flash", flash) as shown:
        start, end = (shown.scene.preset_pose(v) for v in ("lateral", "posterior"))
        for position, pose in ((0.0, start), (0.99 - TURN_S, start), (1.0, end)):
            flash.set_position(position)
            assert np.allclose(shown.pose().direction, pose.direction), position
        flash.set_position(1.0 - TURN_S / 2)
        halfway = shown.pose().direction
        assert not np.allclose(halfway, start.direction) and not np.allclose(halfway, end.direction)


def test_a_video_is_h264_yuv420p_30_fps_every_frame_there(flash, tmp_path):
    out = tmp_path / "flash.mp4"
    steps = list(video.export_video(out, "flash", flash, (160, 90)))
    assert steps[0] == (1, 31) and steps[-1] == (31, 31)  # what a progress dialog is told
    stream, frames, seconds = decoded(out)
    assert (stream.codec_context.name, stream.codec_context.pix_fmt) == ("h264", "yuv420p")
    assert (stream.codec_context.width, stream.codec_context.height) == (160, 90)
    assert stream.average_rate == video.FPS
    assert len(frames) == 31 == round(seconds * video.FPS)
    red = [np.mean((f[..., 0] > 150) & (f[..., 1] < 90)) for f in frames]
    assert max(red[:15]) < 0.001 < min(red[15:])  # the tint from the story's middle (frame 15), in its frames
    assert (tmp_path / "flash.vtt").read_text().startswith("WEBVTT") and (tmp_path / "flash.srt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flash.mp4", "flash.srt", "flash.vtt"]


def test_the_same_story_gives_the_same_frames(tmp_path):
    films = []
    for name in ("a", "b"):
        model = STORIES["injection"].make("L4-L5", "left")
        model.last = 0.5  # the trocar and the inset already moving
        list(video.export_video(tmp_path / f"{name}.mp4", "injection", model, (160, 90), caption_files=False))
        films.append(decoded(tmp_path / f"{name}.mp4")[1])
    assert len(films[0]) == len(films[1]) == 16
    assert all(np.array_equal(a, b) for a, b in zip(*films))


def _read_png(path) -> np.ndarray:
    reader = vtkPNGReader()
    reader.SetFileName(str(path))
    reader.Update()
    width, height, _ = reader.GetOutput().GetDimensions()
    return vtk_to_numpy(reader.GetOutput().GetPointData().GetScalars()).reshape(height, width, -1)[::-1, :, :3]


def test_a_fine_frame_is_the_screenshot_at_that_time(tmp_path):
    model = STORIES["degeneration"].make("L4-L5", "left")
    model.last = 1.0  # the first step only: the disc dries, the camera turns to its stage
    steps = list(video.export_video(tmp_path / "dry.mp4", "degeneration", model, (320, 180), fine=True,
                                    caption_files=False))
    assert steps[-1] == (61, 61)  # two seconds at half a stage a second, and the stage itself
    frames = decoded(tmp_path / "dry.mp4")[1]
    still = STORIES["degeneration"].make("L4-L5", "left")
    still.set_position(1.0)
    write_screenshot(tmp_path / "dry.png", None, (320, 180), "degeneration", still)
    difference = np.abs(frames[-1].astype(int) - _read_png(tmp_path / "dry.png").astype(int))
    assert difference.mean() < 4.0  # the same picture, but for the video's compression


def test_the_film_has_its_inset_and_burned_captions_big_enough_for_a_projector(tmp_path):
    model = STORIES["injection"].make("L4-L5", "left")
    model.last = 0.2  # the film's first frames: the pelvis, the inset, the first cue
    list(video.export_video(tmp_path / "film.mp4", "injection", model, (640, 360), burn=True, caption_files=False))
    frame = decoded(tmp_path / "film.mp4")[1][-1].astype(int)
    inset = frame[20:160, 470:620]  # top right
    assert np.mean(np.abs(inset[..., 0] - inset[..., 2]) < 12) > 0.8 and inset.std() > 15  # a grey X-ray
    caption = video.burned_caption((1280, 720))
    assert caption.GetTextProperty().GetFontSize() >= 0.03 * 720
    box = frame[315:350, 300:610]  # bottom right: the caption's dark box with light text in it
    assert np.mean(box.max(axis=2) < 40) > 0.3 and np.mean(box.min(axis=2) > 180) > 0.02
    assert sorted(p.name for p in tmp_path.iterdir()) == ["film.mp4"]


def test_a_cancelled_export_leaves_nothing(flash, tmp_path):
    frames = video.export_video(tmp_path / "flash.mp4", "flash", flash, (160, 90), burn=True)
    assert next(frames) == (1, 31) and next(frames) == (2, 31)
    frames.close()  # Cancel
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_leaves_nothing(flash, tmp_path, monkeypatch):
    calls = []

    def failing(image, index):
        calls.append(index)
        if index == 3:
            raise OSError(28, "No space left on device")
        return encode(image, index)

    encode = video._frame
    monkeypatch.setattr(video, "_frame", failing)
    with pytest.raises(OSError):
        list(video.export_video(tmp_path / "flash.mp4", "flash", flash, (160, 90)))
    assert calls == [0, 1, 2, 3] and list(tmp_path.iterdir()) == []


@needs_dev_full
def test_a_full_disk_is_status_2_and_leaves_nothing(flash, tmp_path, capsys, monkeypatch):
    fill_the_disk_after(monkeypatch, 2)  # the caption files are written, the video is not
    out = tmp_path / "flash.mp4"
    assert cli.main(["video", str(out), "--story", "flash", "--size", "160x90"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"cannot write {out}: No space left on device" in err, err
    assert list(tmp_path.iterdir()) == []


def test_the_command_writes_the_video_and_its_captions(flash, tmp_path):
    out = tmp_path / "flash.mp4"
    assert cli.main(["video", str(out), "--story", "flash", "--size", "160x90", "--captions", "both"]) == 0
    assert len(decoded(out)[1]) == 31
    assert "plain at patient depth" in (tmp_path / "flash.vtt").read_text()


@pytest.mark.parametrize("args, words", [
    (["video", "x.mp4"], "--story"),
    (["video", "x.mp4", "--story", "injection", "--size", "161x90"], "even"),
    (["video", "x.mp4", "--story", "injection", "--captions", "loud"], "--captions"),
    (["video", "no/such/x.mp4", "--story", "injection"], "does not exist"),
    (["video", ".", "--story", "injection"], "is a folder"),
])
def test_bad_video_arguments_give_one_line_and_status_2(args, words, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    try:
        status = cli.main(args)
    except SystemExit as leaving:  # argparse's own errors
        status = leaving.code
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1 and words in err, err
