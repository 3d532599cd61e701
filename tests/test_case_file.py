"""The case file: round trips (also from what `findings` prints), each damage refused on one line naming the file
and the field with nothing overwritten, the report's words kept only with the report, and the autosave."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from explainer.stories import case as case_module
from explainer.stories.case import (
    Case,
    CaseError,
    Pin,
    autosave_path,
    case_to_dict,
    find_autosave,
    read_case,
    recover,
    remove_autosave,
    write_autosave,
    write_case,
)
from explainer.stories.findings import Span, parse_report

REPORT = (Path(__file__).parent / "corpus" / "reports" / "by_level_standard.txt").read_text()
FINDINGS = parse_report(REPORT)


def a_case(report: str | None = None) -> Case:
    return Case(FINDINGS, age=54, pins=[Pin(1, (1.5, -20.0, 130.25), "pain here"), Pin(3, (0.0, 0.0, 0.0), "")],
                notes="Left leg worse when sitting.", report=report)


def without_evidence(case: Case) -> Case:
    findings = parse_report(REPORT)
    for level in findings.levels.values():
        level.evidence = {}
    findings.not_understood = []
    return Case(findings, case.age, case.pins, case.notes, None)


def test_a_case_round_trips_with_the_report_kept(tmp_path):
    path = tmp_path / "case.json"
    write_case(path, a_case(REPORT))
    assert read_case(path) == a_case(REPORT)
    assert json.loads(path.read_text())["format"] == "lumbar-explainer/case"


def test_without_the_report_none_of_its_words_are_written(tmp_path):
    path = tmp_path / "case.json"
    write_case(path, a_case())
    text = path.read_text()
    assert '"evidence"' not in text and "not_understood" not in text and "radiculopathy" not in text
    assert read_case(path) == without_evidence(a_case())


def test_evidence_that_does_not_quote_the_kept_report_is_not_written(tmp_path):
    edited = REPORT.replace("L4-L5: Disc desiccation", "L4-L5: Disc DESICCATION")
    path = tmp_path / "case.json"
    write_case(path, a_case(edited))
    document = json.loads(path.read_text())
    for level in document["levels"].values():
        for spans in level["evidence"].values():
            assert all(edited[s["start"]:s["end"]] == s["text"] for s in spans)
    assert read_case(path).report == edited


def test_no_name_or_identifier_is_stored(tmp_path):
    path = tmp_path / "case.json"
    write_case(path, a_case())
    assert set(json.loads(path.read_text())) == {"format", "version", "levels", "age", "pins", "notes", "report"}


def test_what_the_findings_command_prints_opens_as_a_case(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(FINDINGS.to_json())
    case = read_case(path)
    assert case.findings == FINDINGS and case.age is None and case.pins == [] and case.report is None


def test_the_file_holds_its_levels_as_the_findings_command_prints_them(tmp_path):
    assert case_to_dict(a_case())["levels"] == FINDINGS.to_dict(evidence=False)["levels"]


def valid_document() -> dict:
    return case_to_dict(a_case())


def damaged(change) -> bytes:
    document = valid_document()
    change(document)
    return json.dumps(document).encode()


DAMAGES = {
    "not JSON": (b'{"format": "lumbar-explainer/case",\n "version": 1,,}', "not JSON (Expecting property name"),
    "not JSON line": (b'{\n\n "format": \n}', "at line 4"),
    "empty": (b"  \n", "is empty"),
    "not UTF-8": (b'{"notes": "\xff"}', "not UTF-8 text (line 1)"),
    "NaN": (b'{"format": "lumbar-explainer/case", "version": 1, "age": NaN}', "NaN is not a number JSON allows"),
    "a list": (b"[1, 2]", "document: expected an object"),
    "foreign": (b'{"format": "someone-else/v2", "version": 1}', "format: expected 'lumbar-explainer/case'"),
    "no format": (b'{"version": 1}', "format: expected"),
    "newer": (damaged(lambda d: d.update(version=2)), "version: 2 is newer than this program reads (1)"),
    "version text": (damaged(lambda d: d.update(version="1")), "version: expected a whole number"),
    "no levels": (damaged(lambda d: d.pop("levels")), "document: missing 'levels'"),
    "bad level": (damaged(lambda d: d["levels"]["L4-L5"].update(canal="huge")), "levels.L4-L5.canal: expected"),
    "unknown level": (damaged(lambda d: d["levels"].update(L6={})), "levels.L6: unknown level"),
    "age text": (damaged(lambda d: d.update(age="54")), 'age: expected a whole number of years from 0 to 120'),
    "age float": (damaged(lambda d: d.update(age=54.5)), "age: expected"),
    "age old": (damaged(lambda d: d.update(age=121)), "age: expected"),
    "age negative": (damaged(lambda d: d.update(age=-1)), "age: expected"),
    "age bool": (damaged(lambda d: d.update(age=True)), "age: expected"),
    "pins object": (damaged(lambda d: d.update(pins={})), "pins: expected a list"),
    "pin text": (damaged(lambda d: d["pins"].append("x")), "pins[2]: expected an object"),
    "pin number": (damaged(lambda d: d["pins"][0].update(number=0)), "pins[0].number: expected a whole number"),
    "pin twice": (damaged(lambda d: d["pins"][1].update(number=1)), "pins[1].number: 1 is given twice"),
    "pin point": (damaged(lambda d: d["pins"][0].update(point=[1, 2])), "pins[0].point: expected [x, y, z]"),
    "pin point text": (damaged(lambda d: d["pins"][1].update(point=["1", 2, 3])), "pins[1].point: expected"),
    "pin note": (damaged(lambda d: d["pins"][0].update(note=7)), "pins[0].note: expected text"),
    "pin long note": (damaged(lambda d: d["pins"][0].update(note="x" * 501)), "pins[0].note: too long"),
    "pin field": (damaged(lambda d: d["pins"][0].update(name="Ann")), 'pins[0]."name": not a field of a pin'),
    "many pins": (damaged(lambda d: d.update(pins=[{"number": 1, "point": [0, 0, 0]}] * 100)), "pins: 100 pins"),
    "notes": (damaged(lambda d: d.update(notes=None)), "notes: expected text"),
    "report": (damaged(lambda d: d.update(report=3)), "report: expected text or null"),
    "a name": (damaged(lambda d: d.update(patient_name="Ann")), '"patient_name": not a field of a case'),
    "evidence alone": (damaged(lambda d: d["levels"]["L4-L5"].update(
        evidence={"canal": [{"start": 0, "end": 3, "text": "MRI"}]})), "levels.L4-L5.evidence: given without"),
    "evidence wrong": (damaged(lambda d: d.update(report="MRJ") or d["levels"]["L4-L5"].update(
        evidence={"canal": [{"start": 0, "end": 3, "text": "MRI"}]})),
        "levels.L4-L5.evidence.canal[0]: does not match the kept report"),
    "unread alone": (damaged(lambda d: d.update(not_understood=["Ms Ann Smith."])), "not_understood: given without"),
}


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_each_damaged_file_is_refused_on_one_line_naming_file_and_field(tmp_path, name):
    data, expected = DAMAGES[name]
    path = tmp_path / "case.json"
    path.write_bytes(data)
    with pytest.raises(CaseError) as refused:
        read_case(path)
    message = str(refused.value)
    assert message.startswith(f"{path}: ") and expected in message, message
    assert message.isprintable() and len(message) <= 300
    assert path.read_bytes() == data


@pytest.mark.parametrize("where, expected", [
    ("missing.json", "does not exist"), (".", "is a folder"), ("a\x00b.json", "not a file name this system"),
])
def test_a_file_that_is_not_there_is_refused_on_one_line(tmp_path, where, expected):
    with pytest.raises(CaseError, match=expected) as refused:
        read_case(tmp_path / where)
    assert str(refused.value).isprintable()


def test_a_huge_file_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(case_module, "LIMIT", 1000)
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**valid_document(), "notes": "x" * 2000}))
    with pytest.raises(CaseError, match=r"too large for a case \(.* bytes; at most 1,000\)"):
        read_case(path)


def test_a_case_the_reader_would_refuse_is_not_written_and_the_old_file_stays(tmp_path):
    path = tmp_path / "case.json"
    write_case(path, a_case())
    before = path.read_bytes()
    for bad in (Case(FINDINGS, age=200), Case(FINDINGS, pins=[Pin(1, (float("nan"), 0.0, 0.0))]),
                Case(FINDINGS, pins=[Pin(1, (0.0, 0.0, 0.0)), Pin(1, (1.0, 0.0, 0.0))])):
        with pytest.raises(CaseError, match=r"case\.json: not saved: "):
            write_case(path, bad)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["case.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "case.json"
    write_case(path, a_case())
    before = path.read_bytes()

    def full_disk(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full_disk)
    with pytest.raises(CaseError, match=r"cannot write it \(No space left on device\)"):
        write_case(path, a_case(REPORT))
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["case.json"]


def test_a_folder_that_is_not_there_is_refused_on_one_line(tmp_path):
    with pytest.raises(CaseError, match="cannot write it"):
        write_case(tmp_path / "gone" / "case.json", a_case())


def test_the_kept_report_text_is_written_as_is(tmp_path):
    report = "L4\u20135: bulge \u00e9.\n\tTabbed."
    findings = parse_report(report)
    path = tmp_path / "case.json"
    write_case(path, Case(findings, report=report))
    assert read_case(path).report == report
    assert read_case(path).findings.levels["L4-L5"].evidence == findings.levels["L4-L5"].evidence


def test_evidence_spans_kept_only_where_they_quote(tmp_path):
    findings = parse_report("L4-5: mild canal stenosis.")
    findings.levels["L4-L5"].evidence["canal"].append(Span(0, 4, "nope"))
    path = tmp_path / "case.json"
    write_case(path, Case(findings, report="L4-5: mild canal stenosis."))
    assert all(span.text != "nope" for span in read_case(path).findings.levels["L4-L5"].evidence["canal"])


# --- autosave -------------------------------------------------------------------------------------------------------

def test_the_autosave_lies_beside_the_case_or_in_the_data_folder(tmp_path):
    assert autosave_path(tmp_path / "mine.json") == tmp_path / ".mine.autosave.json"
    assert autosave_path(None, tmp_path / "data").parent == tmp_path / "data"
    with pytest.raises(ValueError):
        autosave_path(None)


def test_after_a_crash_the_autosave_brings_the_case_back(tmp_path):
    path = tmp_path / "mine.json"
    write_case(path, a_case())
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # saved long before the edit that the crash would lose
    edited = Case(FINDINGS, age=55, notes="edited, not saved")
    write_autosave(edited, path)
    assert find_autosave(path) == autosave_path(path)
    assert recover(path).notes == "edited, not saved"
    remove_autosave(path)
    assert find_autosave(path) is None and recover(path) is None
    remove_autosave(path)  # twice is fine


def test_an_autosave_older_than_the_saved_case_is_not_offered(tmp_path):
    path = tmp_path / "mine.json"
    write_autosave(a_case(), path)
    os.utime(autosave_path(path), ns=(1_000_000_000, 1_000_000_000))
    write_case(path, a_case())
    assert find_autosave(path) is None


def test_an_unsaved_case_is_autosaved_in_the_data_folder(tmp_path):
    data = tmp_path / "data" / "lumbar"
    written = write_autosave(a_case(), None, data)
    assert written.parent == data and recover(None, data) == without_evidence(a_case())
    remove_autosave(None, data)
    assert recover(None, data) is None


def test_a_damaged_autosave_is_refused_and_kept(tmp_path):
    path = tmp_path / "mine.json"
    autosave_path(path).write_bytes(b'{"format": ')
    with pytest.raises(CaseError, match=r"\.mine\.autosave\.json: not JSON"):
        recover(path)
    assert autosave_path(path).exists()
