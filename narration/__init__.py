"""Narration: the words that go with each step of a story, at patient and student depth, with their sources.

Plain Python standard library only (no Qt, no rendering); the explainer shows the text.

Files
-----
One UTF-8 Markdown file per stage, in a folder named after the story (`narration/degeneration/01-healthy.md` …);
files are read in name order, but the story order comes from `DEGENERATION_STAGES`, not from the names::

    ---
    stage: disc_narrowing
    title: The disc narrows
    sources: S47, S48, S52
    ---
    ## patient
    Plain words, short sentences, about a 6th-8th grade reading level. No source tags here.

    ## student
    Proper terms, numbers and grading systems, each fact tagged with its source [S52].

    ## caption
    One short line for a projector (optional; the title is used when it is missing)

Header: the first line is `---`, then `key: value` lines (keys `stage`, `title`, `sources`, each once; blank lines
allowed), closed by `---`. `stage` must be one of the story's stage ids and unique across the folder; `sources` is
a comma- or space-separated list of ids from `narration.sources.SOURCES` (the `[S#]` tags of the medical reference).
Body: `## patient` and `## student` are required, `## caption` optional; no text before the first section. Lines of a
paragraph are joined with spaces, paragraphs are kept apart by a blank line. Every inline `[S#]` tag must be listed
in the header's `sources`.

A file with any problem is skipped and reported once, as `Problem(path, line, message)` whose `str()` is
"path:line: message" (also logged as a warning). A header key that is absent is reported on line 1, an absent
section on the first line after the header. `StoryText.text_for()` returns `PLACEHOLDER` for a stage without valid
text and never raises: the app must always start.

Injection cues
--------------
The injection story is told in time-stamped cues, like subtitles, in ONE file, `narration/injection/cues.md`::

    ---
    story: injection
    title: The guided injection
    sources: S97, S98, S135
    ---
    ## patient
    0:00-0:03 | One or two plain sentences, shown from 0 s until just before 3 s.
    0:33-0:45 disc | Shown only when the needle's target is a disc.
    0:33-0:45 facet | Shown only when the target is a facet joint; a long cue may
      go on over indented continuation lines, joined with spaces.
    ## student
    0:00-0:03 | The same kind of lines, with proper terms and [S135] tags.
    ## evidence
    Paragraphs (student level, [S#] tags) on what the evidence says, shown with the sources named.

Header as above, with the keys `story` (must be `injection`), `title` and `sources` (ids from
`narration.sources.CITATIONS`). Sections `## patient`, `## student` and `## evidence`, each required, once.
A cue line: `START-END [disc|facet] | text`. Times are `m:ss` or `m:ss.s` from the story's first frame; a cue shows
over [START, END), END after START and at most `INJECTION_LENGTH`. With no target qualifier the cue is shown for
both targets. Cues come in time order and must not overlap among those shown together (a shared cue is checked
against each target's cues; a disc cue and a facet cue may share times). Blank lines between cues are allowed and
end a cue. Patient cues carry no `[S#]` tags; student cues and the evidence may only cite sources in the header.

A problem in the header leaves no cues; a bad cue (or an evidence paragraph with an unlisted tag) is dropped and the
rest kept; a missing section stays empty. Each is a `Problem(path, line, message)`, logged as a warning; never
raises. The timeline the cues follow is `INJECTION_PHASES` (harvest, processing, injection, afterwards).

API
---
`load_story("degeneration")` -> `StoryText(stages: {stage_id: StageText} in story order, problems: [Problem])`;
`StoryText.text_for(stage_id, "patient" | "student" | "caption")`; `GRADES[stage_id][system]` the grades shown
beside the model (systems in `GRADING_SYSTEMS`); `SOURCES[source_id]` the short citation.

`load_cues()` -> `CueText(title, cues: {"patient" | "student": (Cue, ...)}, evidence, sources, problems, path)`;
`Cue(start, end, target, text, line, harvest, guidance)` (each choice None for a cue shared by all);
`CueText.cues_for(depth, target, harvest="marrow", guidance="fluoroscopy")` the cues shown with those choices (their
own and the shared ones) by start; `CueText.cue_at(depth, target, seconds, harvest, guidance)` the index into
`cues_for` of the cue showing then, or None; `CueText.citations` "[S#] citation" lines for the evidence section;
`CITATIONS[source_id]` every source's short citation (`SOURCES` plus `INJECTION_SOURCES`).
"""

from narration.claims import AgeTable, TopicText, load_claims, load_common_at_age, load_patient_evidence  # noqa: F401
from narration.cues import Cue, CueText, load_cues
from narration.loader import DEPTHS, PLACEHOLDER, Problem, StageText, StoryText, load_story
from narration.sources import CITATIONS, INJECTION_SOURCES, SOURCES
from narration.stories import (
    DEGENERATION_STAGES,
    GRADES,
    GRADING_SYSTEMS,
    INJECTION_GUIDANCE,
    INJECTION_HARVESTS,
    INJECTION_LENGTH,
    INJECTION_PHASES,
    INJECTION_TARGETS,
    STENOSIS_STAGES,
    STORIES,
    ULTRASOUND_TARGETS,
)

__all__ = [
    "CITATIONS",
    "DEGENERATION_STAGES",
    "DEPTHS",
    "GRADES",
    "GRADING_SYSTEMS",
    "INJECTION_GUIDANCE",
    "INJECTION_HARVESTS",
    "INJECTION_LENGTH",
    "INJECTION_PHASES",
    "INJECTION_SOURCES",
    "INJECTION_TARGETS",
    "PLACEHOLDER",
    "SOURCES",
    "STENOSIS_STAGES",
    "STORIES",
    "ULTRASOUND_TARGETS",
    "Cue",
    "CueText",
    "Problem",
    "StageText",
    "StoryText",
    "load_cues",
    "load_story",
]
