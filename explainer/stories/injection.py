"""Where we are in the injection story: one time value, and what the scene shows at that time.

Qt-free.  The animation is a pure function of time: `script(t, target, beam)` says how far each instrument has
gone, where the C-arm points, how much contrast has spread.  A timer only advances `ProcedureModel.time`; tests
step it by hand and exports render it frame by frame.  Views subscribe, as with the degeneration story.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from explainer.stories.timeline import Timeline
from meshes.params import SEGMENTS, SIDES
from meshes.sdf import smoothstep
from narration import load_cues
from narration.stories import (
    INJECTION_GUIDANCE,
    INJECTION_HARVESTS,
    INJECTION_LENGTH,
    INJECTION_PHASES,
    INJECTION_TARGETS,
    ULTRASOUND_TARGETS,
)

SPEEDS = (0.5, 0.75, 1.0, 1.5, 2.0)  # playback speed choices


@dataclass(frozen=True)
class Phase:
    id: str
    title: str
    start: float
    end: float


PHASES: tuple[Phase, ...] = tuple(Phase(*row) for row in INJECTION_PHASES)

# The beats of the animation (seconds), matching the narration cues (narration/injection/cues.md).
TROCAR = (3.0, 10.0)  # the trocar enters the posterior superior iliac spine
REACH = (3.0, 5.0)  # the fat cannula, or the needle into the arm's vein, goes in
DRAW = (5.0, 12.0)  # fat, or blood, fills the syringe
OUT = (12.0, 14.0)  # the cannula or the needle comes out
STROKE_S = 1.4  # seconds of one back-and-forth pass of the fat cannula
TUBE = (16.0, 18.0)  # the sample goes into a tube
SPIN = (18.0, 23.0)  # the centrifuge spins
SEPARATE = (21.0, 26.0)  # layers separate, the concentrate is drawn off
TURN = (26.0, 31.0)  # the C-arm turns from AP to the target's oblique (tunnel view)
NEEDLE = (33.0, 45.0)  # the needle advances along the beam
LATERAL = (45.0, 49.0)  # the C-arm swings to a lateral view to check depth, and back
CONTRAST = (49.0, 54.0)  # contrast spreads
INJECTATE = (54.0, 60.0)  # the injectate is given
WITHDRAW = (60.0, 62.0)  # the needle comes out
AIM = (62.0, 76.0)  # afterwards: what the treatment aims to do, shown schematically
SPIN_TURNS = 40.0  # rotor turns during SPIN (schematic: far slower than a real centrifuge)


def progress(t: float, span: tuple[float, float]) -> float:
    """0 before `span`, 1 after it, eased in between."""
    start, end = span
    return smoothstep((t - start) / (end - start))


@dataclass(frozen=True)
class Moment:
    """Everything the scene shows at one time of the story; numbers in [0, 1] unless named otherwise."""

    phase: str
    trocar: float  # depth of the marrow trocar along its path
    cannula: float  # depth of the fat cannula in its stroke (fat harvest)
    vein: float  # depth of the needle into the arm's vein (blood draw)
    drawn: float  # how full the harvest's syringe is (fat or blood)
    spin_deg: float  # centrifuge rotor angle
    separated: float  # layers in the tube
    carm_rotation: float  # degrees from AP towards the entry side
    carm_tilt: float  # degrees, cranio-caudal
    needle: float  # depth along the needle path (0 at the skin, 1 at the target)
    contrast: float  # contrast spread
    injectate: float  # injectate given
    aim: float  # afterwards: the schematic of what the treatment aims to do


def _harvest(t: float, harvest: str) -> dict[str, float]:
    """How far each harvest instrument is in at `t`: only the chosen harvest's moves."""
    reach = progress(t, REACH) * (1.0 - progress(t, OUT))
    stroke = 0.6 + 0.4 * math.cos(2.0 * math.pi * max(t - REACH[1], 0.0) / STROKE_S)  # in and out, not all the way
    return {
        "trocar": progress(t, TROCAR) * (1.0 - progress(t, (13.0, 15.0))) if harvest == "marrow" else 0.0,
        "cannula": reach * stroke if harvest == "fat" else 0.0,
        "vein": reach if harvest == "blood" else 0.0,
        "drawn": progress(t, DRAW) if harvest != "marrow" else 0.0,
    }


def script(t: float, beam: tuple[float, float] = (35.0, 0.0), harvest: str = "marrow") -> Moment:
    """The scene at time `t` (s) for a needle whose tunnel view is `beam` = (rotation, tilt) in degrees, after
    the `harvest` chosen."""
    t = min(max(t, 0.0), INJECTION_LENGTH)
    phase = next(p.id for p in PHASES if t < p.end or p is PHASES[-1])
    turn = progress(t, TURN)
    lateral = math.sin(math.pi * min(max((t - LATERAL[0]) / (LATERAL[1] - LATERAL[0]), 0.0), 1.0))
    rotation = beam[0] * turn + (90.0 * math.copysign(1.0, beam[0] or 1.0) - beam[0]) * lateral
    spin = SPIN_TURNS * 360.0 * min(max((t - SPIN[0]) / (SPIN[1] - SPIN[0]), 0.0), 1.0)
    return Moment(
        phase=phase,
        **_harvest(t, harvest),
        spin_deg=spin % 360.0,
        separated=progress(t, SEPARATE),
        carm_rotation=rotation,
        carm_tilt=beam[1] * turn * (1.0 - lateral),
        needle=progress(t, NEEDLE) * (1.0 - progress(t, WITHDRAW)),
        contrast=progress(t, CONTRAST) * (1.0 - progress(t, AIM)),
        injectate=progress(t, INJECTATE) * (1.0 - progress(t, AIM)),
        aim=progress(t, AIM),
    )


@functools.lru_cache(maxsize=len(INJECTION_TARGETS) * len(INJECTION_HARVESTS) * len(INJECTION_GUIDANCE))
def _student_cues(target: str, harvest: str, guidance: str) -> tuple:
    """The student cues for these choices, read once: a presenter's notes are asked for at every frame."""
    return load_cues().cues_for("student", target, harvest, guidance)


class ProcedureModel(Timeline):
    """Time in the injection film (its position, in seconds), the target, level and side, the harvest, the
    guidance, and the speed."""

    def __init__(self, target: str = "disc", level: str = "L4-L5", side: str = "left"):
        self._check(target, level, side)
        super().__init__(INJECTION_LENGTH, tuple(p.start for p in PHASES))
        self.target, self.level, self.side = target, level, side
        self.harvest = INJECTION_HARVESTS[0]
        self.guidance_chosen = INJECTION_GUIDANCE[0]
        self.phases = PHASES

    @staticmethod
    def _check(target: str, level: str, side: str) -> None:
        if target not in INJECTION_TARGETS or level not in SEGMENTS or side not in SIDES:
            raise ValueError(f"unknown target, level or side: {target!r}, {level!r}, {side!r}")

    @property
    def time(self) -> float:
        """The position, under the name the film's script uses: seconds from its first frame."""
        return self.position

    def set_time(self, seconds: float) -> None:
        self.set_position(seconds)

    @property
    def length(self) -> float:
        return self.last

    @property
    def speed(self) -> float:
        """Playback speed: film seconds per clock second."""
        return self.rate

    @property
    def phase_index(self) -> int:
        return next(i for i, p in enumerate(self.phases) if self.time < p.end or i == len(self.phases) - 1)

    @property
    def phase(self) -> Phase:
        return self.phases[self.phase_index]

    def step_title(self, index: int) -> str:
        return self.phases[index].title

    def step_notes(self, index: int) -> str:
        """The student cues spoken in phase `index` for the model's target, one paragraph each."""
        phase = self.phases[index]
        cues = _student_cues(self.target, self.harvest, self.guidance)
        return "\n\n".join(cue.text for cue in cues if phase.start <= cue.start < phase.end)

    def set_speed(self, speed: float) -> None:
        if not SPEEDS[0] <= speed <= SPEEDS[-1]:
            raise ValueError(f"speed {speed} outside {SPEEDS[0]}–{SPEEDS[-1]}")
        self.rate = speed

    def captions(self, depth: str) -> tuple[tuple[float, float, str], ...]:
        """A video's captions, (from, to, text) in film seconds: the narration's cues for this target at `depth`."""
        return tuple((cue.start, cue.end, cue.text) for cue in load_cues().cues_for(depth, self.target,
                                                                                     **self.choices))

    @property
    def choices(self) -> dict[str, str]:
        """The harvest and the guidance the film is told with, as the cues are asked for them."""
        return {"harvest": self.harvest, "guidance": self.guidance}

    @property
    def guidance(self) -> str:
        """The guidance chosen, where the target allows it; the disc is always reached under fluoroscopy."""
        return self.guidance_chosen if self.target in ULTRASOUND_TARGETS else INJECTION_GUIDANCE[0]

    def set_harvest(self, harvest: str) -> None:
        if harvest not in INJECTION_HARVESTS:
            raise ValueError(f"unknown harvest {harvest!r} (known: {', '.join(INJECTION_HARVESTS)})")
        if harvest != self.harvest:
            self.harvest = harvest
            self._changed()

    def set_guidance(self, guidance: str) -> None:
        """Choose the guidance; kept for the targets that allow it (see `guidance`)."""
        if guidance not in INJECTION_GUIDANCE:
            raise ValueError(f"unknown guidance {guidance!r} (known: {', '.join(INJECTION_GUIDANCE)})")
        if guidance != self.guidance_chosen:
            self.guidance_chosen = guidance
            self._changed()

    def set_target(self, target: str, level: str, side: str) -> None:
        self._check(target, level, side)
        if (target, level, side) != (self.target, self.level, self.side):
            self.target, self.level, self.side = target, level, side
            self._changed()
