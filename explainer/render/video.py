"""Video for slides: a story drawn frame by frame offscreen (render/offscreen.py, the same path as a screenshot,
so the frame at story time t is the screenshot at t), encoded as H.264 in MP4, with captions beside it.

Every frame is drawn at its own story time (30 a second at the story's playback rate), so nothing is dropped and
the same story gives the same frames.  The captions come from the story's model (`captions(depth)`, a plug-in
hook: a story without one has none), written as WebVTT and SRT files beside the video and, if asked, drawn into
the frames.  `export_video` is a generator that yields (frames done, total): a progress dialog shows time left
from it, and closing it early (Cancel) leaves nothing behind, as a failure does.

PyAV's wheel carries FFmpeg with libx264: no system ffmpeg is needed.
"""

from __future__ import annotations

import queue
import textwrap
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import av
from vtkmodules.vtkRenderingCore import vtkTextActor

from explainer.files import atomic_path
from explainer.render.offscreen import OffscreenView, rgb
from explainer.render.overlay import overlay_text

FPS = 30
ENCODER = {"preset": "veryfast", "crf": "20", "tune": "animation",  # flat colours, smooth motion: small, quick
           "colorspace": "bt709", "color_primaries": "bt709", "color_trc": "bt709", "color_range": "tv"}  # HD's
CAPTION_HEIGHT = 0.04  # a burned caption's font, as a fraction of the frame's height (projector: at least 0.03)
CAPTION_AREA = (0.44, 0.98)  # the span of the width it is centred in: right of the layers' own bottom-left text
CAPTION_BOX = (0.05, 0.07, 0.10)  # the dark box behind it, so it reads on bone and background alike

Caption = tuple[float, float, str]  # from, to (seconds of video), text


def frame_count(model) -> int:
    """Frames of a video of `model`'s story: one every 1/FPS s of playback from its start, and its end."""
    return round(model.last / model.rate * FPS) + 1


def frame_position(model, frame: int) -> float:
    """The story position frame number `frame` shows."""
    return min(frame * model.rate / FPS, model.last)


def video_captions(model, depth: str) -> tuple[Caption, ...]:
    """The story's captions at `depth` in seconds of video; one that runs to the story's end lasts to the
    video's last frame; none for a story whose model has no `captions` hook."""
    hook = getattr(model, "captions", None)
    if hook is None:
        return ()
    seconds = frame_count(model) / FPS
    return tuple((start / model.rate, seconds if end >= model.last else end / model.rate, text)
                 for start, end, text in hook(depth) if text)


def caption_at(captions: tuple[Caption, ...], seconds: float) -> str:
    """The caption shown at `seconds` ("" between captions)."""
    return next((text for start, end, text in captions if start <= seconds < end), "")


def _clock(seconds: float, comma: bool) -> str:
    """hh:mm:ss.mmm (SRT: a comma before the milliseconds)."""
    ms = round(seconds * 1000)
    text = f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"
    return text.replace(".", ",") if comma else text


def webvtt(captions: tuple[Caption, ...]) -> str:
    """A WebVTT file (PowerPoint's captions) of `captions`; & and < escaped as the format asks."""
    cues = (f"{i}\n{_clock(a, False)} --> {_clock(b, False)}\n"
            f"{text.replace('&', '&amp;').replace('<', '&lt;')}\n" for i, (a, b, text) in enumerate(captions, 1))
    return "WEBVTT\n\n" + "\n".join(cues)


def srt(captions: tuple[Caption, ...]) -> str:
    """A SubRip file of `captions`, for players and editors that take no WebVTT."""
    return "\n".join(f"{i}\n{_clock(a, True)} --> {_clock(b, True)}\n{text}\n"
                     for i, (a, b, text) in enumerate(captions, 1))


def burned_caption(size: tuple[int, int]) -> vtkTextActor:
    """The caption drawn into the frames: bottom right of the layers' own text, in a dark box, its font
    CAPTION_HEIGHT of the frame's height, large enough to read from the back of a room."""
    actor = overlay_text(max(round(CAPTION_HEIGHT * size[1]), 8), (sum(CAPTION_AREA) / 2, 0.03),
                         justify="centered", line_spacing=1.15)
    style = actor.GetTextProperty()
    style.SetBackgroundColor(*CAPTION_BOX)
    style.SetBackgroundOpacity(0.75)
    style.SetFrame(False)
    return actor


def wrapped(text: str, size: tuple[int, int]) -> str:
    """`text` in lines that fit CAPTION_AREA at the burned caption's font (a character is about half its size)."""
    width = (CAPTION_AREA[1] - CAPTION_AREA[0]) * size[0]
    return "\n".join(textwrap.wrap(text, max(int(width / (0.5 * CAPTION_HEIGHT * size[1])), 12)))


def _stream(container, size: tuple[int, int]):
    """An H.264 stream, yuv420p (what PowerPoint and every player decode), tagged BT.709 in limited range as HD
    video is (the frames are converted so: _frame)."""
    stream = container.add_stream("libx264", rate=FPS, options=ENCODER)
    stream.width, stream.height = size
    stream.pix_fmt = "yuv420p"
    return stream


def _frame(image, index: int) -> av.VideoFrame:
    """The drawn picture (a vtkImageData, rows from the bottom) as a video frame in BT.709 yuv420p."""
    frame = av.VideoFrame.from_ndarray(rgb(image), format="rgb24")
    frame = frame.reformat(format="yuv420p", dst_colorspace="ITU709")
    frame.pts = index
    return frame


class _Encoder:
    """Converts, encodes and writes the frames on a thread of its own while the next one is drawn (FFmpeg works
    without Python's lock); an error there is raised in the drawing thread at the next `put` or at `finish`."""

    def __init__(self, container, size: tuple[int, int]):
        self.container, self.stream = container, _stream(container, size)
        self._frames: queue.Queue = queue.Queue(maxsize=2)  # frames drawn ahead: little memory, no idle thread
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="video encoder", daemon=True)
        self._thread.start()

    def put(self, image, index: int) -> None:
        """Queue the drawn picture `image` (a vtkImageData, kept alive by the queue) as frame `index`."""
        self._raise()
        self._frames.put((image, index))

    def finish(self) -> None:
        """Wait for the queued frames to be written (or skipped after an error, which is raised here)."""
        self._frames.put(None)
        self._thread.join()
        self._raise()

    def _run(self) -> None:
        while (item := self._frames.get()) is not None:
            if self._error is None:  # after an error, the queue is only drained, so `put` never blocks for good
                try:
                    self.container.mux(self.stream.encode(_frame(*item)))
                except BaseException as error:  # handed to the drawing thread
                    self._error = error

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error


def export_video(out: Path, story: str, model, size: tuple[int, int] = (1280, 720), burn: bool = False,
                 caption_files: bool = True, depth: str = "patient", fine: bool = False, view: str | None = None,
                 section: bool = False) -> Iterator[tuple[int, int]]:
    """Write `story` (a registered name, played by its `model` from the start) to `out` (MP4) at `size`
    (even numbers), yielding (frames done, total) after each frame.  The captions are drawn into the frames if
    `burn`, and written as OUT.vtt and OUT.srt beside it if `caption_files`.  `fine` draws the full surfaces
    with anti-aliasing, as the still window does (default: the light set, as the window draws while playing);
    `view`, `section` and `depth` as for a screenshot.  All files appear together at the end, or none."""
    if size[0] % 2 or size[1] % 2:
        raise ValueError(f"a video's size must be even, not {size[0]}x{size[1]}")
    cues = video_captions(model, depth)
    total = frame_count(model)
    with ExitStack() as files:  # on leaving: every file renamed onto its name, or all removed (failure, Cancel)
        if caption_files:
            for suffix, text in ((".vtt", webvtt(cues)), (".srt", srt(cues))):
                Path(files.enter_context(atomic_path(out.with_suffix(suffix)))).write_text(text, encoding="utf-8")
        video = files.enter_context(atomic_path(out))
        shown = files.enter_context(OffscreenView(size, story, model, depth, section, view, moving=not fine))
        caption = None
        if burn:
            caption = burned_caption(size)
            shown.scene.renderer.AddViewProp(caption)
            shown.scene.keep_clear("burned caption", caption)
        with av.open(video, "w", format="mp4", options={"movflags": "+faststart"}) as container:
            encoder = _Encoder(container, size)
            try:
                for index in range(total):
                    if caption is not None:
                        caption.SetInput(wrapped(caption_at(cues, index / FPS), size))
                    shown.draw(frame_position(model, index))
                    encoder.put(shown.image(), index)
                    yield index + 1, total
            finally:  # also on Cancel (the generator closed) and failure: the encoder is done before the file goes
                encoder.finish()
            container.mux(encoder.stream.encode(None))
