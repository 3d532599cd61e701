"""Benchmarks with budgets: cold start, geometry build, frame time while moving, window memory, scrubbing the
degeneration story (CPU update, whole frame, actors added: 0, and naive rebuild over ours: at least 20), posing a
five-level case (case_apply_ms),
playing the injection film with its fluoroscopy inset (frames per second, late frames, CPU update per frame), and
exporting the film as a video (wall time over its length).

    python benchmarks/run.py

Starts one Xvfb for the runs that need a display, prints a table with the budgets beside the figures,
and prints a JSON object as its last line.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZE = (1280, 720)
BUDGETS = {"cold_start_s": 1.5, "frame_ms_1280x720": 25.0, "rss_mb": 400.0, "scrub_update_ms": 2.0,
           "scrub_frame_ms": 33.0, "actors_added_while_scrubbing": 0, "late_frames_pct": 1.0,
           "playback_update_ms": 3.0, "actors_added_while_playing": 0,
           "film_drift_ms": 34.0, "first_visible_s": 0.5, "video_export_ratio": 1.5, "parse_ms": 50.0,
           "soak_rss_growth_mb": 30.0, "build_ms": 5000.0, "case_apply_ms": 300.0}
FLOORS = {"naive_over_ours": 20.0, "playback_fps": 30.0}  # figures that must reach at least this
FILM = (24.0, 62.0, 2.0)  # the injection film played from, to (s), at this speed: the C-arm and the inset at work
POSITIONS = 71  # the degeneration story scrubbed end to end in steps of 0.1 stage
FRAMES = 36
SOAK_EVENTS = 3_000  # the monkey's input events (tests/monkey.py) for the soak figure: a few minutes


def _start_xvfb() -> tuple[subprocess.Popen, str]:
    """A private Xvfb; it tells us its display number through a pipe (-displayfd)."""
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten",
                               "tcp"], pass_fds=[write], stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        return server, ":" + pipe.readline().strip()


def _child(mode: str, env: dict) -> dict:
    out = subprocess.run([sys.executable, __file__, mode], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def cold_start_s(env: dict, runs: int = 5) -> float:
    """Median wall time of whole `screenshot` processes at 1280x720."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "explainer", "screenshot", f"{tmp}/s.png", "--size",
                            "x".join(map(str, SIZE))], env=env, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def first_visible_s(env: dict, runs: int = 3) -> float:
    """Median seconds from starting the app (first launch: an empty geometry cache) to its splash on screen."""
    from explainer.ui.launch import TRACE

    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            started = time.time()
            app = subprocess.Popen([sys.executable, "-m", "explainer"], stderr=subprocess.PIPE, text=True,
                                   env={**env, TRACE: "1", "LUMBAR_EXPLAINER_CACHE": cache})
            try:
                line = app.stderr.readline()
            finally:
                app.kill()
                app.wait()
            times.append(float(line.split()[-1]) - started)
    return statistics.median(times)


def video_export_ratio(env: dict) -> float:
    """Wall time of a whole `video` process (the injection film at 1280x720, its caption files beside it) over
    the film's length: how long a presenter waits for the film, in films."""
    from narration.stories import INJECTION_LENGTH

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "explainer", "video", f"{tmp}/film.mp4", "--story", "injection",
                        "--size", "x".join(map(str, SIZE))], env=env, check=True, capture_output=True)
        return (time.perf_counter() - start) / INJECTION_LENGTH


def parse_ms(runs: int = 21) -> float:
    """Median time to read the longest report of the parser's corpus (40 lines or more) into findings."""
    from explainer.stories.findings import parse_report

    reports = (ROOT / "tests" / "corpus" / "reports").glob("*.txt")
    text = max((path.read_text(encoding="utf-8") for path in reports), key=lambda text: len(text.splitlines()))
    parse_report(text)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        parse_report(text)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def case_apply_ms(runs: int = 9) -> float:
    """Median time to pose a five-level case on the fine and light meshes (explainer.render.case), the layer
    attached, alternating two cases so that each apply computes and writes every level again."""
    from explainer.render.case import CaseView
    from explainer.render.scene import Scene
    from explainer.stories.case import Case, CaseModel
    from explainer.stories.findings import Findings, LevelFindings, parse_report
    from meshes import build_spine

    text = ("L1-L2: mild bulge. L2-L3: mild bulge. L3-L4: moderate central canal stenosis. L4-L5: grade 1 "
            "anterolisthesis; left paracentral extrusion; moderate canal stenosis; moderate facet arthropathy. "
            "L5-S1: severe right foraminal stenosis; endplate osteophytes.")
    cases = [Case(parse_report(text)), Case(Findings({"L4-L5": LevelFindings(canal="severe", contour="bulge")}))]
    model = CaseModel(case=cases[0])
    view = CaseView(Scene(build_spine()), model)
    view.attach()
    times = []
    for i in range(2 * runs):
        start = time.perf_counter()
        model.edit(cases[(i + 1) % 2])  # the layer follows the model: the case posed in place
        if i % 2 == 1:  # the five-level case
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build_ms() -> float:
    """What the first start pays for the geometry: computed from the parameters and saved, into an empty cache
    folder (a cache left by earlier runs is never read)."""
    from unittest import mock

    from meshes import build_spine

    with tempfile.TemporaryDirectory() as tmp, mock.patch.dict(os.environ, {"LUMBAR_EXPLAINER_CACHE": tmp}):
        start = time.perf_counter()
        build_spine()
        return (time.perf_counter() - start) * 1000


def _frames() -> dict:
    """Child: time Render() during an azimuth sweep in a 1280x720 window with the real scene: the coarse set
    while moving (frame_ms_1280x720), the fine set with FXAA when still; and the triangles each set shows."""
    from vtkmodules.vtkRenderingCore import vtkRenderWindow

    from explainer.render.scene import Scene
    from explainer.stories.camera import DEFAULT_VIEW
    from meshes import build_spine

    scene = Scene(build_spine())
    window = vtkRenderWindow()
    window.SetSize(*SIZE)
    scene.attach(window)
    scene.set_pose(scene.preset_pose(DEFAULT_VIEW))
    window.Render()
    camera = scene.renderer.GetActiveCamera()

    def median_ms(moving: bool, n: int) -> float:
        scene.set_moving(moving)
        times = []
        for _ in range(n):
            camera.Azimuth(360 / FRAMES)
            start = time.perf_counter()
            window.Render()
            times.append(time.perf_counter() - start)
        return statistics.median(times) * 1000

    moving, still = median_ms(True, FRAMES), median_ms(False, 8)
    x, y = (s // 2 for s in SIZE)
    start = time.perf_counter()
    scene.pick(x, y)
    pick = (time.perf_counter() - start) * 1000
    window.Finalize()

    def shown_triangles(actors) -> int:
        return sum(a.GetMapper().GetInput().GetNumberOfCells() for a in actors.values() if a.GetVisibility())

    fine = shown_triangles(scene.actors)  # still now: the fine set is the one shown
    scene.set_moving(True)
    coarse = shown_triangles(scene.coarse_actors)
    return {"frame_ms_1280x720": moving, "still_frame_ms": still, "pick_ms": pick,
            "coarse_triangles": coarse, "fine_triangles": fine}


def _window_rss() -> dict:
    """Child: open the real window, draw it, and report the peak resident memory of the process."""
    from PySide6.QtWidgets import QApplication

    from explainer.ui.window import MainWindow
    from meshes import build_spine

    app = QApplication([])
    window = MainWindow(build_spine())
    window.resize(*SIZE)
    window.show()
    window.view3d.Initialize()
    app.processEvents()
    window.render_window.Render()
    window.close()
    return {"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _p95(values: list[float]) -> float:
    return float(sorted(values)[int(0.95 * (len(values) - 1))])


def _naive_position(scene, spine, view, names: list[str]) -> None:
    """What we avoid: copy the moved surfaces into new meshes with new normals, and swap new actors in."""
    from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

    for name in names:
        mesh = spine.structures[name].mesh.copy(deep=True).compute_normals(split_vertices=False)
        mapper = vtkPolyDataMapper()
        mapper.SetInputData(mesh)
        actor = vtkActor()
        actor.SetMapper(mapper)
        actor.SetProperty(scene.actors[name].GetProperty())
        scene.renderer.RemoveActor(scene.actors[name])
        scene.renderer.AddActor(actor)
        scene.actors[name] = actor


def _scrub() -> dict:
    """Child: scrub the degeneration story at L4-L5 in a 1280x720 window; CPU update and whole frame."""
    from vtkmodules.vtkRenderingCore import vtkRenderWindow

    from explainer.render.degeneration import DegenerationView
    from explainer.render.scene import Scene
    from explainer.stories.degeneration import StoryModel
    from meshes import build_spine

    spine = build_spine()
    scene = Scene(spine)
    window = vtkRenderWindow()
    window.SetSize(*SIZE)
    scene.attach(window)
    model = StoryModel()
    view = DegenerationView(scene, model)
    view.attach()
    scene.set_pose(scene.preset_pose("lateral"))
    window.Render()
    scene.set_moving(True)
    actors = scene.renderer.GetActors().GetNumberOfItems()
    updates, frames = [], []
    for i in range(POSITIONS):
        start = time.perf_counter()
        model.set_position(model.last * i / (POSITIONS - 1))
        updates.append(time.perf_counter() - start)
        window.Render()
        frames.append(time.perf_counter() - start)
    added = scene.renderer.GetActors().GetNumberOfItems() - actors
    naive = []
    for i in range(10):
        start = time.perf_counter()
        model.set_position(model.last * i / 9)
        _naive_position(scene, spine, view, [*view.discs, *view.sheets, *view.bones])
        naive.append(time.perf_counter() - start)
    window.Finalize()
    ours = statistics.median(updates)
    return {"scrub_update_ms": _p95(updates) * 1000, "scrub_frame_ms": _p95(frames) * 1000,
            "actors_added_while_scrubbing": added, "naive_over_ours": statistics.median(naive) / ours}


def _playback() -> dict:
    """Child: play the injection film through its guided-injection phase at 1280x720, fluoroscopy inset on,
    driven by a 33 ms Qt timer as in the window, the camera turning at each beat as the window turns it; a frame
    is late when it finishes more than one tick after its tick fired (it holds up the next one)."""
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, Qt, QTimer
    from vtkmodules.vtkRenderingCore import vtkRenderWindow

    from explainer.render.injection import InjectionView
    from explainer.render.layers import shot_pose
    from explainer.render.scene import Scene
    from explainer.stories.injection import ProcedureModel
    from explainer.stories.playback import tick_seconds
    from explainer.ui.cue_panel import InjectionPage
    from meshes import build_spine

    film_ms = InjectionPage.tick_ms
    app = QCoreApplication.instance() or QCoreApplication([])
    scene = Scene(build_spine())
    window = vtkRenderWindow()
    window.SetSize(*SIZE)
    scene.attach(window)
    model = ProcedureModel()
    view = InjectionView(scene, model)
    view.attach()
    model.set_time(FILM[0])
    scene.set_pose(shot_pose(scene, view.shot(model), model.time))
    window.Render()
    scene.set_moving(True)
    actors = scene.renderer.GetActors().GetNumberOfItems()
    clock, updates, late, fired_at = QElapsedTimer(), [], [], [0.0]
    timer = QTimer(interval=film_ms, timerType=Qt.TimerType.PreciseTimer)

    def tick() -> None:
        fired = clock.nsecsElapsed() / 1e6
        start = time.perf_counter()
        model.set_time(model.time + tick_seconds(fired / 1000, fired_at[-1] / 1000) * FILM[2])  # as the window
        fired_at.append(fired)
        updates.append(time.perf_counter() - start)
        scene.set_pose(shot_pose(scene, view.shot(model), model.time))  # the camera turns with film time
        window.Render()
        late.append(clock.nsecsElapsed() / 1e6 - fired > film_ms)
        if model.time >= FILM[1]:
            timer.stop()
            app.quit()

    timer.timeout.connect(tick)
    clock.start()
    timer.start()
    app.exec()
    added = scene.renderer.GetActors().GetNumberOfItems() - actors
    window.Finalize()
    intervals = [b - a for a, b in zip(fired_at[1:], fired_at[2:])]
    drift = abs((model.time - FILM[0]) / FILM[2] * 1000 - fired_at[-1])  # film played vs clock time, in ms
    return {"playback_fps": len(late) / (clock.nsecsElapsed() / 1e9), "late_frames_pct": 100.0 * sum(late) / len(late),
            "playback_update_ms": _p95(updates) * 1000, "actors_added_while_playing": added,
            "film_drift_ms": drift, "frame_interval_p95_ms": _p95(intervals)}


def soak(env: dict) -> dict:
    """Memory the real window gains under the monkey's random input (tests/monkey.py), after its warm-up."""
    out = subprocess.run([sys.executable, str(ROOT / "tests" / "monkey.py"), "--events", str(SOAK_EVENTS)],
                         capture_output=True, text=True, env=env, check=True)
    return {"soak_rss_growth_mb": json.loads(out.stdout.strip().splitlines()[-1])["rss_growth_mb"]}


def main() -> None:
    server, display = _start_xvfb()
    env = {**os.environ, "DISPLAY": display}
    try:
        results = {"first_visible_s": first_visible_s(env), "cold_start_s": cold_start_s(env)}
        results.update(_child("--frames", env))
        results.update(_child("--window-rss", env))
        results.update(_child("--scrub", env))
        results.update(_child("--playback", env))
        results["video_export_ratio"] = video_export_ratio(env)
        results.update(soak(env))
    finally:
        server.terminate()
        server.wait()
    results["build_ms"] = build_ms()
    results["parse_ms"] = parse_ms()
    results["case_apply_ms"] = case_apply_ms()
    print(f"{'figure':<30}{'measured':>12}{'budget':>10}")
    for key, value in results.items():
        shown = "n/a" if value is None else (f"{value:d}" if isinstance(value, int) else f"{value:.2f}")
        budget, floor = BUDGETS.get(key), FLOORS.get(key)
        if value is None or (budget is None and floor is None):
            limit, verdict = "", ""
        elif budget is not None:
            limit, verdict = f"≤ {budget}", "  ok" if value <= budget else "  OVER"
        else:
            limit, verdict = f"≥ {floor}", "  ok" if value >= floor else "  UNDER"
        print(f"{key:<30}{shown:>12}{limit:>10}{verdict}")
    print(json.dumps({k: (None if v is None else round(v, 3)) for k, v in results.items()}))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    modes = {"--frames": _frames, "--window-rss": _window_rss, "--scrub": _scrub, "--playback": _playback}
    if len(sys.argv) > 1:
        print(json.dumps(modes[sys.argv[1]]()))
    else:
        main()
