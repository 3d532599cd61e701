"""Fuzzing the case reader: a damaged case file, or one field set to any JSON value, is read (and then saves and
reads back the same) or refused with one line naming the file and the field at fault; the file is left as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer.stories.case import Case, CaseError, Pin, case_to_dict, read_case, write_case
from explainer.stories.findings import parse_report
from fuzz.harness import damaged
from fuzz.test_findings import JSON_VALUES, REPORT, _name, _paths, _set

TEXT = REPORT.decode()
CASE = Case(parse_report(TEXT), age=61, pins=[Pin(1, (2.0, -31.5, 120.0), "pain here")], notes="sits badly",
            report=TEXT)
DOCUMENT = json.dumps(case_to_dict(CASE), indent=2).encode()
FIELDS = [path for path in _paths(json.loads(DOCUMENT)) if path[0] != "report"]
"""Every field down to each evidence list (the report itself is any text)."""


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def read_or_refused(path: Path, data: bytes, field: str = "") -> None:
    """What the reader owes: a case that saves and reads back the same, or one line naming the file (and
    `field`); never another exception, never a change to the file."""
    path.write_bytes(data)
    try:
        case = read_case(path)
    except CaseError as error:
        message = str(error)
        assert message.isprintable() and len(message) <= 400, message
        assert message.startswith(f"{path}: {field}"), (field, message)
    else:
        saved = path.with_name("saved.json")
        write_case(saved, case)
        assert read_case(saved) == case
    assert path.read_bytes() == data


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=damaged(DOCUMENT))
def test_a_damaged_case_file_is_read_or_refused_on_one_line(folder, data):
    read_or_refused(folder / "case.json", data)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(FIELDS), value=JSON_VALUES)
def test_a_wrong_value_is_refused_naming_its_field(folder, path, value):
    """One field set to any JSON value: read, or refused naming that field or the level or pin that holds it
    (an infinity, which Python writes and JSON does not allow, as not JSON)."""
    document = json.loads(DOCUMENT)
    _set(document, path, value)
    try:
        field = _name(path[:2 if path[0] in ("levels", "pins") else 1])
        json.dumps(document, allow_nan=False)
    except ValueError:
        field = "not JSON"
    read_or_refused(folder / "case.json", json.dumps(document).encode(), field)
