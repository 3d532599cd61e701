"""The quick picks: the common patterns a clinician starts from, as short reports that the findings parser reads, so
a pick is made of the same findings a pasted report would give (and its test checks that it does)."""

from __future__ import annotations

from explainer.stories.findings import Findings, parse_report

PICKS: dict[str, str] = {
    "L4-L5 left paracentral herniation":
        "L4-L5: Left paracentral disc protrusion contacting the traversing left L5 nerve root.",
    "L5-S1 foraminal stenosis":
        "L5-S1: Disc desiccation with moderate loss of disc height. Moderate left and mild right neural foraminal "
        "stenosis.",
    "multilevel degeneration":
        "L2-L3: Disc desiccation.\n"
        "L3-L4: Disc desiccation with mild loss of disc height. Mild disc bulge. Mild bilateral facet arthropathy.\n"
        "L4-L5: Disc desiccation with moderate loss of disc height. Disc bulge. Moderate bilateral facet arthropathy. "
        "Mild spinal canal stenosis.\n"
        "L5-S1: Disc desiccation with moderate loss of disc height. Mild bilateral facet arthropathy. Endplate "
        "osteophytes.",
    "L4-L5 degenerative spondylolisthesis with stenosis":
        "L4-L5: Grade 1 degenerative anterolisthesis. Severe bilateral facet arthropathy with ligamentum flavum "
        "thickening. Moderate spinal canal stenosis. Moderate bilateral neural foraminal narrowing.",
}
"""Pick name -> the report it stands for."""


def quick_picks() -> dict[str, Findings]:
    """Pick name -> its findings, without the words they came from (a pick has no report of the patient's)."""
    picks = {}
    for name, report in PICKS.items():
        findings = parse_report(report)
        for level in findings.levels.values():
            level.evidence = {}
        picks[name] = Findings(findings.levels)
    return picks
