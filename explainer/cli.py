"""The `lumbar-explainer` command line: open the window, take a screenshot, or export the surfaces.

Heavy modules are imported inside each command, so `--help` and `export` never load Qt or VTK rendering.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from explainer.export import FORMATS, GLB_NAME
from explainer.stories import DEPTHS, STORIES, case_story
from explainer.stories.camera import DEFAULT_VIEW, PRESETS
from meshes.params import SEGMENTS, SIDES

PROG = "lumbar-explainer"



def _one_line(text: str) -> str:
    """`text` with line breaks and other unprintable characters escaped: an argument that holds one (a newline in
    a file name) must not split the error line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: `lumbar-explainer: error: ...`, exit status 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {_one_line(message)} (see --help)\n")


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1280x720, not {text!r}") from None
    if not (16 <= width <= 8192 and 16 <= height <= 8192):
        raise argparse.ArgumentTypeError(f"size {text!r} is out of range (16 to 8192 pixels a side)")
    return width, height


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Lumbar Explainer: a 3D lumbar spine (L1-L5 and sacrum) for explaining anatomy. "
        "An explanation aid, not a diagnosis or a treatment recommendation. "
        "With no command it opens the window.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    shot = commands.add_parser(
        "screenshot",
        help="render the 3D view (exactly as the window shows it) to a PNG file",
        description="Render the 3D view offscreen, as the window shows it, and write it as a PNG.",
    )
    shot.add_argument("out", type=Path, metavar="OUT.png", help="the PNG file to write")
    shot.add_argument("--view", choices=tuple(PRESETS), default=None,
                      help=f"camera preset (default: {DEFAULT_VIEW}, or the view that shows the story's stage)")
    shot.add_argument("--size", type=_size, default=(1280, 720), metavar="WxH",
                      help="picture size in pixels (default: 1280x720)")
    _point_of_story(shot, "show a point of a story instead of the healthy spine")
    _telling(shot)
    export = commands.add_parser(
        "export",
        help="write one surface file per structure (mm, RAS axes), or one 3D model for slides (glb)",
        description="Write one surface file per structure, named after it (L1.vtp, disc_L4-L5.vtp, ...), "
        "in millimetres with RAS axes (+x right, +y anterior, +z superior); or, with --format glb, the spine as "
        "the window shows it (healthy, or at a point of a story) as one binary glTF file.",
    )
    export.add_argument("outdir", type=Path, metavar="OUTDIR", help="folder to write (created if needed)")
    export.add_argument("--format", choices=FORMATS, default="vtp",
                        help=f"file format (default: vtp); glb: one binary glTF file, {GLB_NAME}, for slides "
                        "(PowerPoint's 3D models), each structure a named node in its colour")
    _point_of_story(export, "glb: the scene at a point of a story instead of the healthy spine")
    video = commands.add_parser(
        "video",
        help="render a story to an MP4 video for slides, with captions",
        description="Render a story frame by frame offscreen, as the window plays it, to an MP4 (H.264, "
        "yuv420p, 30 frames a second) with its captions beside it as WebVTT and SRT files (OUT.vtt, OUT.srt) "
        "or drawn into the picture. A failed export leaves no file.",
    )
    video.add_argument("out", type=Path, metavar="OUT.mp4", help="the MP4 file to write")
    what = video.add_mutually_exclusive_group(required=True)
    what.add_argument("--story", choices=tuple(STORIES), help="the story to play")
    _case(video, what)
    video.add_argument("--size", type=_size, default=(1280, 720), metavar="WxH",
                       help="frame size in pixels, even numbers (default: 1280x720; 1920x1080 for full HD)")
    video.add_argument("--captions", choices=("burn", "vtt", "both"), default="vtt",
                       help="vtt: WebVTT and SRT files beside the video (default); burn: drawn into the picture; "
                       "both")
    video.add_argument("--view", choices=tuple(PRESETS), default=None,
                       help="camera preset for the whole video (default: the story's own camera)")
    video.add_argument("--fine", action="store_true",
                       help="draw the full surfaces with anti-aliasing, as the still window does (several times "
                       "slower; default: the light set, as the window draws while playing)")
    _segment(video)
    _telling(video)
    _add_findings(commands)
    _add_handout(commands)
    return parser


def _add_handout(commands) -> None:
    """`handout`: the patient handout of a story (or of a case) as a PDF."""
    handout = commands.add_parser(
        "handout",
        help="write a patient handout (PDF): each step's picture and plain words, what can help, the sources",
        description="Write a patient handout as a PDF: each step of a story with its picture (drawn as the window "
        "shows it) and its patient-depth text, what can help, the sources and the disclaimer. No name is printed. "
        "A failed handout leaves no file.",
    )
    handout.add_argument("out", type=Path, metavar="OUT.pdf", help="the PDF file to write")
    what = handout.add_mutually_exclusive_group(required=True)
    what.add_argument("--story", choices=tuple(STORIES), help="the story the handout tells")
    _case(handout, what)
    handout.add_argument("--paper", choices=("a4", "letter"), default=None,
                         help="paper size (default: the usual one where you are, from the system's locale)")
    _segment(handout)


def _point_of_story(command: argparse.ArgumentParser, what: str) -> None:
    """--story (optional, `what` it does) and --at, with the segment it is told at."""
    command.add_argument("--story", choices=tuple(STORIES), default=None, help=what)
    command.add_argument("--at", type=float, default=0.0, metavar="POSITION",
                         help="degeneration: the stage, 0 = first, 8 = last (fractions lie between stages); "
                         "stenosis: the stage, 0 = first, 7 = last (5 leaning back, 6 bending forward); "
                         "injection: seconds from the start (0 to 76); case and quiz: the step")
    _case(command)
    command.add_argument("--finding", type=int, default=None, metavar="N",
                         help="with --case: the Nth finding's step (0: the overview of every finding)")
    _segment(command)


def _case(command: argparse.ArgumentParser, group=None) -> None:
    """--case: a saved case, or the JSON `findings` prints, shown by the story that takes cases."""
    (group or command).add_argument(
        "--case", type=Path, default=None, metavar="CASE.json",
        help="a patient's case (a saved case file, or the JSON the findings command prints): every level posed "
        "from its findings")


def _segment(command: argparse.ArgumentParser) -> None:
    """Where a story happens: the segment, the side and the injection's target."""
    command.add_argument("--level", choices=SEGMENTS, default="L4-L5",
                         help="segment that degenerates, or that the needle goes to")
    command.add_argument("--side", choices=SIDES, default="left",
                         help="side of the herniation, or the needle's side")
    command.add_argument("--target", choices=("disc", "facet", "sij"), default="disc",
                         help="injection: the centre of the disc, the facet joint or the sacroiliac joint (sij)")
    command.add_argument("--harvest", choices=("marrow", "fat", "blood"), default="marrow",
                         help="injection: where the sample comes from (bone marrow, fat, or blood for PRP)")
    command.add_argument("--guidance", choices=("fluoroscopy", "ultrasound"), default="fluoroscopy",
                         help="injection: how the needle is guided (ultrasound: facet and sij targets only)")


def _telling(command: argparse.ArgumentParser) -> None:
    """How a drawn story is shown: the cross-section and the reading depth."""
    command.add_argument("--section", action="store_true", help="degeneration: show the axial cross-section inset")
    command.add_argument("--depth", choices=DEPTHS, default="patient",
                         help="the reading depth the story is shown at (students: the Scotty dog's parts named "
                         "on the injection's oblique fluoroscopy view; the injection's captions)")
    command.add_argument("--student", action="store_true", help="the same as --depth student")


def _fail(message: str, status: int = 2) -> int:
    """One line on stderr. Status 2 for what the command itself can fix (an argument, a folder that cannot take
    the files), as argparse's own errors; 1 for what this machine lacks (a display, OpenGL)."""
    print(f"{PROG}: error: {_one_line(message)}", file=sys.stderr)
    return status


def _cannot_write(where: Path, error: OSError) -> int:
    """Where, in the user's words, and why, in the system's (str(error) would name the temporary file)."""
    return _fail(f"cannot write {where}: {error.strerror or error}")


def _file_problem(out: Path, kind: str) -> str | None:
    """Why `out` cannot be the `kind` file to write (None: it can be tried)."""
    if out.is_dir():
        return f"{out} is a folder; name the {kind} file to write (see --help)"
    if not out.parent.is_dir():
        what = "is a file, not a folder" if out.parent.exists() else "does not exist"
        return f"folder {out.parent} {what}"
    return None


def _story_model(args: argparse.Namespace):
    """The chosen story's model for the chosen segment, side (and target, where the story has one), at its start;
    with --case, the case story's on that case (args.story set to it). ValueError for a case file refused."""
    if getattr(args, "case", None) is not None:
        from explainer.stories.case import CaseError, read_case

        args.story = case_story()
        if args.story is None:
            raise ValueError("this version has no story that shows a case")
        try:
            case = read_case(args.case)
        except CaseError as error:
            raise ValueError(str(error)) from None
        model = STORIES[args.story].make(args.level, args.side)
        model.set_case(case)
        return model
    model = STORIES[args.story].make(args.level, args.side)
    if hasattr(model, "set_target"):
        model.set_target(args.target, args.level, args.side)
        model.set_harvest(args.harvest)
        model.set_guidance(args.guidance)
    return model


def _placed_model(args: argparse.Namespace):
    """The chosen story's model at --at (None without --story); ValueError naming the story's span if outside."""
    if not args.story and args.case is None:
        return None
    model = _story_model(args)
    if args.finding is not None:
        if args.case is None:
            raise ValueError("--finding needs --case (see --help)")
        args.at = float(args.finding)
    if not 0.0 <= args.at <= model.last:
        raise ValueError(f"--at {args.at:g} is outside the story (0 to {model.last:g}) (see --help)")
    model.set_position(args.at)
    return model


def _screenshot(args: argparse.Namespace) -> int:
    out = args.out
    problem = _file_problem(out, "PNG")
    if problem:
        return _fail(problem)
    from explainer.render.offscreen import write_screenshot

    try:
        model = _placed_model(args)
    except ValueError as error:
        return _fail(str(error))
    depth = "student" if args.student else args.depth
    return _drawn(out, lambda: write_screenshot(out, args.view, args.size, args.story, model, depth, args.section))


def _drawn(target: Path, draw) -> int:
    """Run `draw`, which draws offscreen and writes `target`: no OpenGL is status 1, a place that cannot take
    the file one line and status 2 (the commands that draw share this)."""
    from explainer.render.scene import OpenGLUnavailable

    try:
        draw()
    except OpenGLUnavailable as error:
        return _fail(str(error), 1)
    except OSError as error:
        return _cannot_write(target, error)
    return 0


def _export(args: argparse.Namespace) -> int:
    outdir, fmt = args.outdir, args.format
    if outdir.exists() and not outdir.is_dir():
        return _fail(f"{outdir} is a file, not a folder")
    if (args.story or args.case) and fmt != "glb":
        return _fail("--story and --case need --format glb (the other formats write the healthy surfaces) "
                     "(see --help)")
    try:
        model = _placed_model(args)
    except ValueError as error:
        return _fail(str(error))
    if model is not None:
        return _export_story(args.story, model, outdir)
    from explainer.export import export_structures
    from meshes import build_spine

    try:
        export_structures(build_spine(), outdir, fmt)
    except OSError as error:
        return _cannot_write(outdir, error)
    return 0


def _export_story(story: str, model, outdir: Path) -> int:
    """The scene at a point of `story` as one glTF file: the story's layer set up as for a picture, not drawn."""
    from explainer.render.gltf import scene_parts, write_glb
    from explainer.render.offscreen import OffscreenView

    def draw() -> None:
        with OffscreenView((64, 64), story, model) as shown:
            outdir.mkdir(parents=True, exist_ok=True)
            write_glb(scene_parts(shown.scene), outdir / GLB_NAME)

    return _drawn(outdir, draw)


def _video(args: argparse.Namespace) -> int:
    out = args.out
    problem = _file_problem(out, "MP4")
    if problem:
        return _fail(problem)
    width, height = args.size
    if width % 2 or height % 2:
        return _fail(f"--size {width}x{height}: a video's width and height must be even (see --help)")
    from collections import deque

    from explainer.render.video import export_video

    try:
        model = _story_model(args)
    except ValueError as error:
        return _fail(str(error))
    frames = export_video(out, args.story, model, args.size, burn=args.captions != "vtt",
                          caption_files=args.captions != "burn", depth="student" if args.student else args.depth,
                          fine=args.fine, view=args.view, section=args.section)
    return _drawn(out, lambda: deque(frames, maxlen=0))  # every frame, none kept


def _add_findings(commands) -> None:
    """`findings`: how a report comes in, for the app's users and for other programs alike."""
    findings = commands.add_parser(
        "findings",
        help="read an MRI report (plain text) and print its findings per level as JSON",
        description="Read a lumbar MRI report (plain text: UTF-8, or Windows-1252/Latin-1) and print its findings "
        "per level as JSON on stdout, with the words each was read from and the sentences that name a level but "
        "were not understood. Other programs can use it; a case file holds its levels. An aid to reading the "
        "report, not a diagnosis: check each finding against the report.",
    )
    findings.add_argument("report", type=Path, metavar="REPORT.txt", help="the report to read")


def _findings(report: Path) -> int:
    """The report's findings as JSON on stdout; exit status 2 with one line when the file is no report."""
    from explainer.stories.findings import ReportError, parse_report, read_report

    try:
        text = read_report(report)
    except ReportError as error:
        return _fail(str(error))
    sys.stdout.write(parse_report(text).to_json() + "\n")
    return 0


def _handout(args: argparse.Namespace) -> int:
    out = args.out
    problem = _file_problem(out, "PDF")
    if problem:
        return _fail(problem)
    from explainer.stories.handout import story_handout
    from explainer.ui.handout import offscreen_app, write_handout

    try:
        model = _story_model(args)
    except ValueError as error:
        return _fail(str(error))
    app = offscreen_app()  # noqa: F841  (fonts and the PDF writer need one; kept until the handout is written)
    handout = story_handout(args.story, model)
    return _drawn(out, lambda: write_handout(out, handout, args.paper))


def _has_display() -> bool:
    """On X11/Wayland systems a window needs a display; elsewhere (Windows, macOS) there always is one."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def _window() -> int:
    if not _has_display():
        return _fail("no display to open the window on (DISPLAY is not set); "
                     "'lumbar-explainer screenshot OUT.png' works without one", 1)
    from explainer.ui.launch import run

    return run()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "findings":
        return _findings(args.report)
    if args.command == "screenshot":
        return _screenshot(args)
    if args.command == "export":
        return _export(args)
    if args.command == "video":
        return _video(args)
    if args.command == "handout":
        return _handout(args)
    return _window()
