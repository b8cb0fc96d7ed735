"""Pre-work core: the member file, the folder read leniently, the divergence measure, the summary."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from okrbook.core.record import Record
from okrbook.errors import ConflictError, OkrbookError
from okrbook.io.stores import load_sheet
from okrbook.io.workbook import example_path
from okrbook.prework import members as pw
from okrbook.prework.divergence import divergence, two_camps
from okrbook.prework.members import MemberScore, Prework, load_folder
from okrbook.prework.summary import summarise, summarise_folder

SHEET = Path(__file__).parent / "fixtures" / "forms" / "okrs.yaml"


def member(name: str, quarter: str = "2026Q3", **scores: float) -> Prework:
    p = Prework(quarter=quarter, member=name, source="form")
    p.scores = {kr.replace("_", "."): MemberScore(score) for kr, score in scores.items()}
    return p


def write(folder: Path, p: Prework, name: str | None = None) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / (name or pw.file_name(p.member))
    pw.save_prework(path, p)
    return path


# --- divergence: hand-worked cases ---------------------------------------------------------------


@pytest.mark.parametrize(
    "scores, level, spread",
    [
        ([0.7, 0.7, 0.8, 0.7], "agree", 0.1),  # everyone about the same
        ([0.6, 0.6, 0.6], "agree", 0.0),
        ([0.3, 0.5, 0.6, 0.7], "wide", 0.4),  # 0.7 − 0.3 is exactly the threshold (no float noise)
        ([0.2, 0.7, 0.7, 0.8], "wide", 0.6),  # one dissenter among four: not two camps
        ([0.3, 0.3, 0.3, 0.8], "wide", 0.5),
        ([0.0, 0.3, 0.6, 0.9], "wide", 0.9),  # evenly spread: each "camp" as wide as the gap
        ([0.3, 0.3, 0.8, 0.8], "split", 0.5),  # the team in two camps
        ([0.3, 0.3, 0.4, 0.9, 1.0], "split", 0.7),
        ([0.3, 0.3, 0.6, 0.6], "split", 0.3),  # two camps, though not a wide spread
        ([0.3, 0.3, 0.8], "split", 0.5),  # fewer than four scored: a camp of one counts
        ([0.3, 0.6], "split", 0.3),
        ([0.4, 0.6], "agree", 0.2),
        ([0.5], "too_few", None),
        ([], "too_few", None),
    ],
)
def test_divergence_on_hand_worked_cases(scores, level, spread):
    d = divergence(scores)
    assert (d.level, d.spread) == (level, spread)
    assert d.contested == (level in ("split", "wide"))


def test_two_camps_names_the_camps():
    assert two_camps([0.8, 0.3, 0.8, 0.3]) == ((0.3, 0.3), (0.8, 0.8))
    assert two_camps([0.1, 0.6, 0.6, 0.7, 0.7]) is None, "a camp of one is too small among five"
    assert divergence([0.1, 0.6, 0.6, 0.7, 0.7]).level == "wide"
    assert two_camps([0.2, 0.2, 0.5, 0.5, 0.8, 0.8]) is None, (
        "three camps: each split leaves a side as wide as its gap"
    )
    assert divergence([0.2, 0.2, 0.5, 0.5, 0.8, 0.8]).level == "wide"


def test_most_contested_first():
    cases = {
        "agree": [0.7, 0.7, 0.8],
        "wide_small": [0.3, 0.5, 0.6, 0.7],
        "wide_big": [0.0, 0.7, 0.7, 0.8],
        "split": [0.3, 0.3, 0.8, 0.8],
        "too_few": [0.5],
    }
    order = sorted(cases, key=lambda k: divergence(cases[k]).rank())
    assert order == ["split", "wide_big", "wide_small", "agree", "too_few"]


# --- the member file ------------------------------------------------------------------------------


def test_a_member_file_round_trips(tmp_path: Path):
    p = member("李娜", Q3_KR1=0.3)
    p.answers = {"setting": "两件事粘在一起", "pace": "有风险"}
    p.scores["Q3.KR1"].why = "依赖没到"
    p.topics = ["客户是谁?"]
    path = write(tmp_path, p)
    assert path.name == "李娜.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("schema: okrbook.prework\nschema_version: 1\n")
    again = pw.load_prework(path)
    assert again == p and again.saved_at


@pytest.mark.parametrize(
    "text, key, field",
    [
        ("schema: okrbook.record\nschema_version: 1\n", "prework_schema", "schema"),
        (
            "schema: okrbook.prework\nschema_version: 9\nmember: x\nquarter: 2026Q3\n",
            "prework_schema_newer",
            "schema_version",
        ),
        ("schema: okrbook.prework\nschema_version: 1\nquarter: 2026Q3\n", "required", "member"),
        (
            "schema: okrbook.prework\nschema_version: 1\nmember: x\nquarter: Q3\n",
            "bad_quarter",
            "quarter",
        ),
        (
            "schema: okrbook.prework\nschema_version: 1\nmember: x\nquarter: 2026Q3\nscores: {Q3.KR1: {score: 1.5}}\n",
            "score_range",
            "scores.Q3.KR1.score",
        ),
        (
            "schema: okrbook.prework\nschema_version: 1\nmember: x\nquarter: 2026Q3\nanswers: {mood: ok}\n",
            "unknown_field",
            "answers",
        ),
        (
            "schema: okrbook.prework\nschema_version: 1\nmember: x\nquarter: 2026Q3\ntopics: {a: b}\n",
            "not_a_list",
            "topics",
        ),
    ],
)
def test_a_bad_member_file_names_the_file_and_field(tmp_path: Path, text, key, field):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OkrbookError) as info:
        pw.load_prework(path)
    err = info.value
    assert (err.key, err.field, Path(err.file)) == (key, field, path)
    assert "x.yaml" in err.render("zh") and "x.yaml" in err.render("en")


def test_a_member_file_from_before_revisions_still_loads_and_saves(tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_text("schema: okrbook.prework\nschema_version: 1\nmember: x\nquarter: 2026Q3\n", "utf-8")
    old = pw.load_prework(path)
    assert old.revision == 0
    pw.save_prework(path, old)
    assert old.revision == 1 and pw.load_prework(path).revision == 1
    assert pw.load_prework(path).member == "x"
    shipped = sorted((example_path() / "2026Q3-prework").glob("*.yaml"))
    assert shipped and all(pw.load_prework(f).revision == 0 for f in shipped)


def test_a_stale_save_of_a_member_file_is_refused_and_the_disk_kept(tmp_path: Path):
    path = write(tmp_path, member("李娜", Q3_KR1=0.3))
    first, second = pw.load_prework(path), pw.load_prework(path)
    first.answers["pace"] = "first"
    pw.save_prework(path, first)
    second.answers["pace"] = "second"
    stamp = second.saved_at
    with pytest.raises(ConflictError) as info:
        pw.save_prework(path, second)
    assert info.value.key == "prework_conflict" and info.value.params == {"disk": 2, "mine": 1}
    assert "revision 2" in info.value.render("en") and "第 2 版" in info.value.render("zh")
    assert (second.revision, second.saved_at) == (1, stamp), "a refused save changes nothing"
    assert pw.load_prework(path).answers == {"pace": "first"}
    forced = pw.save_prework(path, member("李娜"), check_conflict=False)  # a deliberate replacement
    assert forced.revision == 3, "still a newer revision, so every older copy conflicts with it"
    with pytest.raises(ConflictError):
        pw.save_prework(path, first)


def test_kept_copies_are_not_member_files(tmp_path: Path):
    folder = tmp_path / "prework"
    path = write(folder, member("李娜", Q3_KR1=0.3))
    write(folder, member("李娜", Q3_KR1=0.9), name="李娜-unsaved.yaml")
    loaded = load_folder(folder, "2026Q3")
    assert loaded.problems == [] and loaded.members["李娜"].score_of("Q3.KR1") == 0.3
    assert pw.member_files(folder) == [path] and pw.unsaved_path(path).name == "李娜-unsaved.yaml"
    assert not pw.file_name("x-unsaved").removesuffix(".yaml").endswith("-unsaved"), "a name like a kept copy"


@pytest.mark.parametrize("name, file", [("李娜", "李娜.yaml"), ("a/b: c?", "a_b_ c_-"), ("..", "_-")])
def test_file_names_are_safe(name, file):
    """A name written as it is keeps it; one that had to change carries its key's hash (never two in one file)."""
    written = pw.file_name(name)
    assert (
        written == file
        if file.endswith(".yaml")
        else re.fullmatch(re.escape(file) + "[0-9a-f]{8}.yaml", written)
    )


# --- the folder: bad files beside good ones -------------------------------------------------------


def test_bad_files_are_problems_and_the_others_are_still_read(tmp_path: Path):
    folder = tmp_path / "prework"
    write(folder, member("王磊", Q3_KR1=0.7))
    write(folder, member("陈晨", quarter="2026Q2"))  # another quarter's
    write(folder, member("李娜", Q3_KR1=0.3))
    write(folder, member(" 李娜 ", Q3_KR1=0.4), name="lina.yaml")  # the same member twice
    (folder / "broken.yaml").write_text("schema: okrbook.prework\nanswers: [\n", encoding="utf-8")
    (folder / "score.yaml").write_text(
        "schema: okrbook.prework\nschema_version: 1\nmember: 赵敏\nquarter: 2026Q3\nscores: {Q3.KR1: {score: 2}}\n",
        encoding="utf-8",
    )
    (folder / "prework.ipynb").write_text("{}", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    loaded = load_folder(folder, "2026Q3")
    assert list(loaded.members) == ["王磊"]
    problems = {(Path(str(e.file)).name, e.key) for e in loaded.problems}
    assert problems == {
        ("陈晨.yaml", "prework_other_quarter"),
        ("prework", "prework_duplicate"),
        ("broken.yaml", "yaml_invalid"),
        ("score.yaml", "score_range"),
    }
    duplicate = next(e for e in loaded.problems if e.key == "prework_duplicate")
    assert "lina.yaml" in duplicate.render("en") and "李娜.yaml" in duplicate.render("zh")
    other = next(e for e in loaded.problems if e.key == "prework_other_quarter")
    assert other.render("zh").startswith("prework/陈晨.yaml") and "2026Q2" in other.render("en")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before, "reading changes nothing"


def test_a_missing_folder_is_no_pre_work_yet(tmp_path: Path):
    loaded = load_folder(tmp_path / "nowhere", "2026Q3")
    assert (loaded.members, loaded.problems) == ({}, [])


# --- the summary ----------------------------------------------------------------------------------


@pytest.fixture
def sheet():
    return load_sheet(SHEET)


def record(**kwargs) -> Record:
    r = Record(quarter="2026Q3", language="en", **kwargs)
    r.meeting.attendees = ["王磊", "李娜", "陈晨", "赵敏"]
    return r


def test_summary_hand_in_scores_side_by_side_most_contested_first(tmp_path: Path, sheet):
    folder = tmp_path / "prework"
    write(folder, member("陈晨", Q3_KR1=0.8, Q3_KR2=0.4))
    write(folder, member("李娜", Q3_KR1=0.3, Q3_KR2=0.4))
    write(folder, member("王磊", Q3_KR1=0.3, Q3_KR2=0.5, Q3_KR9=0.5))
    write(folder, member("刘洋", Q3_KR1=0.8))
    s = summarise_folder(tmp_path, record(), sheet)
    assert (s.handed_in, s.missing, s.unexpected) == (["王磊", "李娜", "陈晨"], ["赵敏"], ["刘洋"])
    assert list(s.members) == ["王磊", "李娜", "陈晨", "刘洋"], "the attendees' order, then the rest"
    first = s.krs[0]
    assert first.kr.id == "Q3.KR1" and first.divergence.level == "split"
    assert [(m, e.score) for m, e in first.scores] == [
        ("王磊", 0.3),
        ("李娜", 0.3),
        ("陈晨", 0.8),
        ("刘洋", 0.8),
    ]
    assert first.owner_score == 0.3 and first.computed == 0.7, "王磊 owns Q3.KR1; 37 of 30→40"
    assert first.camps() == (["王磊", "李娜"], ["陈晨", "刘洋"])
    assert first.values() == "0.3 / 0.3 / 0.8 / 0.8"
    second = next(r for r in s.krs if r.kr.id == "Q3.KR2")
    assert second.divergence.level == "agree" and second.owner_score == 0.4
    assert [r.kr.id for r in s.scored] == ["Q3.KR1", "Q3.KR2"]
    (unknown,) = s.problems
    assert (unknown.key, unknown.field, unknown.file) == (
        "prework_unknown_kr",
        "scores.Q3.KR9",
        "prework/王磊.yaml",
    )


def test_without_attendees_the_sheets_owners_are_expected(sheet):
    r = record()
    r.meeting.attendees = []
    s = summarise(pw.Loaded(), r, sheet)
    assert s.expected_from == "owners" and s.expected == ["王磊", "李娜", "陈晨", "赵敏"]
    assert s.missing == s.expected


def test_anonymous_names_are_letters_in_an_order_not_the_attendance_list(sheet):
    loaded = pw.Loaded(members={n: member(n, Q3_KR1=0.5) for n in ("王磊", "李娜", "陈晨", "赵敏")})
    loaded.members["王磊"].answers["setting"] = "KR 是任务"
    s = summarise(loaded, record(prework_anonymous=True), sheet)
    assert sorted(s.names.values()) == ["Member A", "Member B", "Member C", "Member D"]
    assert [s.name(m) for m in s.members] == ["Member A", "Member B", "Member C", "Member D"]
    assert s.answers("setting") == [("王磊", "KR 是任务")] and s.name("王磊").startswith("Member ")
    zh = record(prework_anonymous=True)
    zh.language = "zh"
    assert summarise(loaded, zh, sheet).name("王磊").startswith("成员 ")
    other_quarter = copy.deepcopy(zh)
    other_quarter.quarter = "2026Q4"
    letters = [summarise(loaded, q, sheet).names for q in (zh, other_quarter)]
    assert letters[0] != letters[1], "the letters change from quarter to quarter"


def test_the_example_department_ships_contested_pre_work():
    sheet = load_sheet(example_path() / "okrs.yaml")
    r = record()
    r.meeting.attendees = ["王磊", "李娜", "陈晨", "赵敏", "刘洋", "周婷"]
    s = summarise(load_folder(example_path() / "2026Q3-prework", "2026Q3"), r, sheet)
    assert s.problems == []
    assert len(s.handed_in) >= 4 and s.missing == ["周婷"]
    top = s.krs[0]
    assert (top.kr.id, top.divergence.level) == ("Q3.O1.KR2", "split")
    assert top.camps() == (["王磊", "李娜", "赵敏"], ["陈晨", "刘洋"])
    assert all(len(s.answers(q.id)) >= 2 for _, q in s.questions[:4])
