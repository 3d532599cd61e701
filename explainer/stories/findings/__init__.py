"""A patient's findings, per level, read from the MRI report: the model and its JSON (`model`), the report
parser (`parser`) and its words (`vocabulary`), and reading a report file (`report`). Qt-free and VTK-free.

The choices each field takes (GRADES, CONTOURS, ZONES, ...) are the JSON's own, for an editor of the findings.
"""

from explainer.stories.findings.model import (
    CONTOURS,
    DEGREES,
    DIRECTIONS,
    FORMAT,
    GRADES,
    HERNIATION_SIDES,
    HERNIATION_TYPES,
    LEVELS,
    ROOT_SIDES,
    ROOTS,
    VERSION,
    ZONES,
    Findings,
    FindingsError,
    Herniation,
    LevelFindings,
    Listhesis,
    Root,
    Span,
    from_dict,
    from_json,
)
from explainer.stories.findings.parser import parse_report
from explainer.stories.findings.report import ReportError, read_report

__all__ = ["CONTOURS", "DEGREES", "DIRECTIONS", "FORMAT", "GRADES", "HERNIATION_SIDES", "HERNIATION_TYPES", "LEVELS",
           "ROOTS", "ROOT_SIDES", "VERSION", "ZONES", "Findings", "FindingsError", "Herniation", "LevelFindings",
           "Listhesis", "ReportError", "Root", "Span", "from_dict", "from_json", "parse_report", "read_report"]
