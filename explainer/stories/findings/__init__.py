"""A patient's findings, per level, read from the MRI report: the model and its JSON (`model`), the report
parser (`parser`) and its words (`vocabulary`). Qt-free and VTK-free."""

from explainer.stories.findings.model import (
    DEGREES,
    FORMAT,
    GRADES,
    LEVELS,
    VERSION,
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

__all__ = ["DEGREES", "FORMAT", "GRADES", "LEVELS", "VERSION", "Findings", "FindingsError", "Herniation",
           "LevelFindings", "Listhesis", "Root", "Span", "from_dict", "from_json", "parse_report"]
