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

API
---
`load_story("degeneration")` -> `StoryText(stages: {stage_id: StageText} in story order, problems: [Problem])`;
`StoryText.text_for(stage_id, "patient" | "student" | "caption")`; `GRADES[stage_id][system]` the grades shown
beside the model (systems in `GRADING_SYSTEMS`); `SOURCES[source_id]` the short citation.
"""

from narration.loader import DEPTHS, PLACEHOLDER, Problem, StageText, StoryText, load_story
from narration.sources import SOURCES
from narration.stories import DEGENERATION_STAGES, GRADES, GRADING_SYSTEMS, STORIES

__all__ = [
    "DEGENERATION_STAGES",
    "DEPTHS",
    "GRADES",
    "GRADING_SYSTEMS",
    "PLACEHOLDER",
    "SOURCES",
    "STORIES",
    "Problem",
    "StageText",
    "StoryText",
    "load_story",
]
