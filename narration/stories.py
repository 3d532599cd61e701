"""The stories the narration tells: their steps in order, and the grades shown beside the model at each step."""

from __future__ import annotations

DEGENERATION_STAGES: tuple[str, ...] = (
    "healthy",
    "disc_dehydration",
    "disc_narrowing",
    "facet_loading",
    "cartilage_wear",
    "bone_spurs",
    "disc_herniation",
    "nerve_compression",
    "what_can_help",
)
"""The steps of the degeneration story, in the order the story tells them."""

CASE_TOPICS: tuple[str, ...] = (
    "desiccation", "height_loss", "bulge", "herniation", "facets", "spurs", "listhesis", "canal", "foramen", "roots",
)
"""The findings a level of a patient's case may show, in the order its steps tell them: the cascade's order (the disc
dries and narrows, the facets take the load and spur, then what narrows the canal and the foramina and touches the
roots)."""

CASE_TEXTS: tuple[str, ...] = ("overview", *CASE_TOPICS, "common_at_age", "common_at_age_note")
"""The case story's templates: the overview, one per finding, and the line beside a finding on how common it is
without pain at the patient's age (a figure from the age table, or the table's note where it has no figure)."""

STENOSIS_STAGES: tuple[str, ...] = (
    "healthy_canal",
    "disc_bulges",
    "facets_overgrow",
    "flavum_thickens",
    "canal_narrowed",
    "leaning_back",
    "bending_forward",
    "common_at_age",
)
"""The steps of the central stenosis story: the canal narrows from the front, the sides and behind, then the
segment bends both ways, then how common the finding is."""

SACROILIAC_STAGES: tuple[str, ...] = ("the_joint", "the_surfaces", "the_ligaments", "how_it_hurts", "knowing",
                                      "what_is_tried")
"""The steps of the sacroiliac joint's story, in order."""

MUSCLES_STAGES: tuple[str, ...] = ("back_muscles", "sizes", "fat_with_age", "fat_and_pain", "exercise",
                                   "trigger_points")
"""The steps of the back muscles' story, in order."""

STORIES: dict[str, tuple[str, ...]] = {"degeneration": DEGENERATION_STAGES, "case": CASE_TEXTS,
                                       "stenosis": STENOSIS_STAGES, "sacroiliac": SACROILIAC_STAGES,
                                       "muscles": MUSCLES_STAGES}
"""Story name (also the name of its folder inside the package) -> its stage ids in order."""

GRADING_SYSTEMS: tuple[str, ...] = ("Pfirrmann", "Weishaupt", "Kellgren–Lawrence", "Lee")
"""Disc (MRI signal and height), facet joint (osteoarthritis), osteophytes, and neural foramen (stenosis)."""

GRADES: dict[str, dict[str, str]] = {
    "healthy": {"Pfirrmann": "I", "Weishaupt": "0", "Kellgren–Lawrence": "0", "Lee": "0"},
    "disc_dehydration": {"Pfirrmann": "II–III", "Weishaupt": "0", "Kellgren–Lawrence": "0", "Lee": "0"},
    "disc_narrowing": {"Pfirrmann": "IV–V", "Weishaupt": "0", "Kellgren–Lawrence": "0", "Lee": "0–1"},
    "facet_loading": {"Pfirrmann": "IV–V", "Weishaupt": "0–1", "Kellgren–Lawrence": "0", "Lee": "0–1"},
    "cartilage_wear": {"Pfirrmann": "IV–V", "Weishaupt": "1–2", "Kellgren–Lawrence": "0–I", "Lee": "1"},
    "bone_spurs": {"Pfirrmann": "IV–V", "Weishaupt": "2–3", "Kellgren–Lawrence": "II–III", "Lee": "1–2"},
    "disc_herniation": {"Pfirrmann": "IV–V", "Weishaupt": "2–3", "Kellgren–Lawrence": "II–III", "Lee": "1–2"},
    "nerve_compression": {"Pfirrmann": "IV–V", "Weishaupt": "2–3", "Kellgren–Lawrence": "III–IV", "Lee": "2–3"},
    "what_can_help": {"Pfirrmann": "IV–V", "Weishaupt": "2–3", "Kellgren–Lawrence": "III–IV", "Lee": "2–3"},
}
"""Degeneration stage id -> grading system -> the grade (or range) the model shows at that step.

These describe the model's teaching sequence at the level it animates, not a patient: in real spines the changes
overlap and vary between levels. Every value appears as "<system> <value>" in that stage's student text (tested).
"""

ROOTS_PRESSED: dict[str, tuple[str, ...]] = {
    "disc_herniation": ("traversing",),
    "nerve_compression": ("traversing", "exiting"),
    "what_can_help": ("traversing", "exiting"),
}
"""Degeneration stage id -> the roots its text says are pressed, by role; a stage not listed presses none.

A posterolateral herniation meets the traversing root (the lower level's: L5 at L4-L5); a closed foramen catches
the exiting root (the upper level's: L4 at L4-L5) [S77][S82]. The model's readout must name the same roots."""

INJECTION_PHASES: tuple[tuple[str, str, float, float], ...] = (
    ("harvest", "Harvest", 0.0, 16.0),
    ("processing", "Processing", 16.0, 26.0),
    ("injection", "Guided injection", 26.0, 62.0),
    ("afterwards", "Afterwards", 62.0, 76.0),
)
"""The injection story's phases: (id, title, start s, end s), back to back. The animation and the cues share it."""

INJECTION_LENGTH: float = INJECTION_PHASES[-1][3]
"""Seconds from the first frame of the injection story to its last; no cue may run past it."""

INJECTION_TARGETS: tuple[str, ...] = ("disc", "facet", "sij")
"""Where the needle goes: the centre of a disc, a facet joint's space, or the sacroiliac joint's lower third."""

INJECTION_HARVESTS: tuple[str, ...] = ("marrow", "fat", "blood")
"""Where the sample comes from: bone marrow from the PSIS, fat by liposuction, or blood from the arm (for PRP)."""

INJECTION_GUIDANCE: tuple[str, ...] = ("fluoroscopy", "ultrasound")
"""How the needle is guided: a live X-ray (every target), or ultrasound (where it is used: ULTRASOUND_TARGETS)."""

ULTRASOUND_TARGETS: tuple[str, ...] = ("facet", "sij")
"""The targets ultrasound guidance is used for (medical.md §13.6); the disc is reached under fluoroscopy only."""

CUE_CHOICES: dict[str, tuple[str, ...]] = {
    "target": INJECTION_TARGETS, "harvest": INJECTION_HARVESTS, "guidance": INJECTION_GUIDANCE}
"""The choices a cue may be kept to, by name: at most one value of each after its time range."""
