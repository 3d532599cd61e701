"""Fuzzing the report parser, the findings reader and the `findings` command: any text parses, without raising,
into findings that survive their own JSON; a damaged findings document is read or refused with one line that
names the field at fault; any file given to the command gives JSON or one line with exit status 2."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer import cli
from explainer.stories.findings import LEVELS, Findings, FindingsError, from_dict, from_json, parse_report
from fuzz.harness import damaged

CORPUS = Path(__file__).parent.parent / "corpus" / "reports"
REPORT = (CORPUS / "by_level_standard.txt").read_bytes()
DOCUMENT = parse_report(REPORT.decode()).to_json().encode()
WORDS = (
    "L4-5", "L4-L5", "L4/5", "L5-S1", "T12-L1", "L45", "L-4-L-5", "L3 on L4", "through", "lumbosacral junction",
    ":", ".", ";", ",", "\n", "\n\n", "1.", "FINDINGS:", "HISTORY:", "Impression:", "no", "not", "without",
    "negative for", "mild", "mild to moderate", "moderate-severe", "severe", "minimal", "left", "right", "bilateral",
    "right greater than left", "R>L", "patent", "normal", "foraminal", "foramina are", "narrowing", "stenosis",
    "canal", "central", "facet", "arthropathy", "disc", "bulge", "protrusion", "extrusion", "sequestered",
    "paracentral", "far lateral", "desiccation", "loss of disc height", "grade 2", "anterolisthesis", "retrolisthesis",
    "of", "on", "contacts", "compresses", "the traversing", "exiting", "L5", "S1", "nerve root", "roots", "may",
    "possible", "status post", "osteophytes", "Pfirrmann grade 4", "formainal", "stenois", "\u2013", "(", ")",
)
"""The parser's own words, so that random text often forms sentences it reads."""


def check(findings: Findings, text: str) -> None:
    """What every parse owes: levels by their keys, one-line sentences, evidence that is the report's own words,
    and JSON that reads back as the same findings."""
    assert set(findings.levels) <= set(LEVELS)
    assert all(sentence and "\n" not in sentence for sentence in findings.not_understood)
    for level in findings.levels.values():
        for spans in level.evidence.values():
            assert all(text[span.start:span.end] == span.text for span in spans)
    assert from_json(findings.to_json()) == findings


@given(text=st.text())
def test_any_text_parses(text):
    check(parse_report(text), text)


@given(words=st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=3)), max_size=80))
def test_report_words_in_any_order_parse(words):
    text = " ".join(words)
    check(parse_report(text), text)


@given(data=damaged(REPORT))
def test_a_damaged_report_parses(data):
    text = data.decode("utf-8", "replace")
    check(parse_report(text), text)


def _one_line_naming(error: FindingsError, field: str) -> None:
    message = str(error)
    assert message.isprintable() and len(message) <= 300, message
    assert message.startswith(field), (field, message)


@given(data=damaged(DOCUMENT))
def test_a_damaged_document_is_read_or_refused_on_one_line(data):
    try:
        findings = from_json(data.decode("utf-8", "replace"))
    except FindingsError as error:
        _one_line_naming(error, "")
        assert str(error).split(":")[0].split(".")[0].split("[")[0] in (
            "document", "format", "version", "levels", "not_understood"), str(error)
    else:
        assert from_json(findings.to_json()) == findings


def _paths(value, keys: tuple = ()) -> list[tuple]:
    """Every field of the document as its keys, down to each evidence list (whose keys hold dots)."""
    paths = [keys] if keys else []
    if isinstance(value, dict) and keys[-1:] != ("evidence",):
        for key, inner in value.items():
            paths += _paths(inner, (*keys, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            paths += _paths(inner, (*keys, index))
    return paths


def _name(keys: tuple) -> str:
    """The field as the reader names it: 'levels.L4-L5.roots[0].side'."""
    return "".join(f"[{key}]" if isinstance(key, int) else f".{key}" for key in keys).lstrip(".")


def _set(document: dict, keys: tuple, value) -> None:
    for key in keys[:-1]:
        document = document[key]
    document[keys[-1]] = value


VALID = json.loads(DOCUMENT)
FIELDS = _paths(VALID)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10) | st.floats(allow_nan=False) | st.text(max_size=8)
    | st.sampled_from(["none", "mild", "severe", "left", "both", "L5", "herniation", "bulge", "antero"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


@given(path=st.sampled_from(FIELDS), value=JSON_VALUES)
def test_a_wrong_value_is_refused_naming_its_field(path, value):
    """One field set to any JSON value: read (the value is valid there), or refused naming that field or the
    level that holds it (a herniation given without contour 'herniation' names the herniation)."""
    document = json.loads(DOCUMENT)
    _set(document, path, value)
    try:
        from_dict(document)
    except FindingsError as error:
        _one_line_naming(error, _name(path[:2] if path[0] == "levels" else path[:1]))


@pytest.fixture(scope="module")
def report_path(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "report.txt"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=damaged(REPORT))
def test_the_command_prints_json_or_one_line(report_path, data):
    report_path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["findings", str(report_path)])
    if code == 0:
        assert err.getvalue() == ""
        from_json(out.getvalue())
    else:
        assert code == 2 and out.getvalue() == "", code
        assert err.getvalue().count("\n") == 1 and err.getvalue().startswith(f"{cli.PROG}: error: ")


@pytest.mark.parametrize("name", ["a\x00b", "x\udcff.txt", "", ".", "no/such/folder/r.txt", "a\nb.txt"])
def test_the_command_refuses_an_odd_file_name_on_one_line(name):
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = cli.main(["findings", name])
    assert code == 2 and err.getvalue().count("\n") == 1, err.getvalue()
