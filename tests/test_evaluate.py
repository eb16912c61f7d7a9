"""The project's evaluation (digests.evaluate) and the ``briefbot evaluate`` command.

Every figure below was computed by hand from the small gold set ``GOLD`` (two invented
documents) and the hand-made extractions; the model is never loaded here.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from digests import evaluate
from digests.evaluate import (
    FLOORS, GoldError, Report, check_floors, contract_problems, default_paths, load_gold,
    norm_name, norm_text, parse_requirement, score,
)

# ----------------------------------------------------------------------------------------------
# A small gold set: document "harbour" and document "festival"; Amara Okonkwo is in both.

HARBOUR = {
    "id": "harbour",
    "published": "2024-05-03",
    "people": [
        {"id": "amara", "names": ["Amara Okonkwo", "Okonkwo"], "role_keywords": ["minister"]},
        {"id": "lars", "names": ["Lars Nyberg"], "role_keywords": []},
    ],
    "quotes": [
        {"speaker": "amara", "speaker_text": "Okonkwo", "snippet": "we will build the bridge",
         "kind": "direct"},
        {"speaker": None, "speaker_text": "the port authority", "snippet": "no comment at this time",
         "kind": "direct"},
        {"speaker": "lars", "speaker_text": "Nyberg", "snippet": "the river is rising",
         "kind": "direct", "speaker_alternatives": [None]},
    ],
    "ignore_quotes": ["historic"],
    "events": [
        {"date": "2024-05-02", "date_text": "Thursday", "keywords": ["bridge"]},
        {"date": "2024-05", "date_text": "this month", "keywords": ["vote"], "optional": True},
    ],
    "questions": [
        {"keywords": ["bridge", "funding"], "text": "Will the bridge get its funding?"},
        {"keywords": ["election"], "text": "An election may follow.", "optional": True},
    ],
}
FESTIVAL = {
    "id": "festival",
    "published": None,
    "people": [
        {"id": "amara", "names": ["Amára Okonkwo"], "role_keywords": ["minister"]},
        {"id": "chen", "names": ["Chen Jialin", "Chen"], "role_keywords": ["mayor"]},
    ],
    "quotes": [{"speaker": "chen", "speaker_text": "Chen", "snippet": "Traffic will ease",
                "kind": "direct"}],
    "ignore_quotes": [],
    "events": [{"date": "--06-01", "date_text": "June 1", "keywords": ["parade"]}],
    "questions": [{"keywords": ["parade"], "text": "Will the parade go ahead?"}],
}
GOLD = {"harbour": HARBOUR, "festival": FESTIVAL}


def person(pid, name, docs, *, aliases=(), roles=()):
    return {"id": pid, "name": name, "aliases": list(aliases), "roles": list(roles),
            "documents": list(docs)}


def quote(doc, text, speaker):
    return {"speaker": speaker, "speaker_text": None, "text": text, "doc": doc}


def event(doc, date, text):
    return {"date": date, "date_text": "", "text": text, "doc": doc}


def question(docs, text, stances=()):
    return {"text": text, "stances": [{"text": s} for s in stances], "docs": list(docs)}


def extraction(*, docs=("harbour", "festival"), people=(), quotes=(), events=(), questions=()):
    return {"schema": "briefing-extract/1",
            "documents": [{"id": d, "path": f"{d}.md", "title": None, "published": None}
                          for d in docs],
            "people": list(people), "quotes": list(quotes), "events": list(events),
            "questions": list(questions)}


PERFECT_PEOPLE = [
    person("okonkwo", "Amara Okonkwo", ["harbour", "festival"], aliases=["Okonkwo", "Amára Okonkwo"],
           roles=["Minister of Works"]),
    person("nyberg", "Lars Nyberg", ["harbour"]),
    person("chen", "Chen Jialin", ["festival"], aliases=["Chen"], roles=["Mayor of Tidewater"]),
]
PERFECT_QUOTES = [
    quote("harbour", "We will build the bridge by spring.", "okonkwo"),
    quote("harbour", "“No comment at this time.”", None),
    quote("harbour", "The river is rising fast", "nyberg"),
    quote("festival", "Traffic will ease.", "chen"),
]
PERFECT = extraction(
    people=PERFECT_PEOPLE,
    quotes=PERFECT_QUOTES,
    events=[event("harbour", "2024-05-02", "the minister opened the bridge"),
            event("festival", "--06-01", "the parade took place")],
    questions=[question(["harbour"], "Will the bridge get funding?"),
               question(["festival"], "Will the parade go ahead?")],
)

PARTIAL = extraction(
    people=[
        person("amara-1", "Amara Okonkwo", ["harbour"]),             # no role
        person("amara-2", "AMARA OKONKWO", ["festival"], roles=["minister"]),  # not merged
        person("chen", "Chen Jialin", ["festival"], roles=["the mayor"]),
        person("vaitkus", "Ruta Vaitkus", ["harbour"]),               # not in the gold
        # Lars Nyberg is missing
    ],
    quotes=[
        quote("harbour", "We will build the bridge", "amara-1"),
        quote("harbour", "The river is rising", None),                # null is an alternative
        quote("harbour", "completely unrelated words", None),         # extra
        quote("harbour", "Historic", None),                           # scare quote: ignored
        quote("festival", "traffic will ease", "amara-2"),           # wrong speaker
    ],
    events=[
        event("harbour", "2024-05-02", "the bridge opened"),
        event("harbour", "2024-05", "the vote was held"),             # optional, found
        event("harbour", None, "something undated"),                  # not counted
        event("festival", "2024-06-01", "the parade"),                # wrong date
    ],
    questions=[question(["harbour"], "The bridge", stances=["needs more funding"])],
)

DUPLICATE = extraction(
    people=PERFECT_PEOPLE,
    quotes=[*PERFECT_QUOTES, quote("harbour", "we will build the bridge", "okonkwo"),
            quote("harbour", "a historic day", None)],               # longer than the scare quote
    events=PERFECT["events"], questions=PERFECT["questions"],
)

CONFLATED = extraction(
    people=[person("okonkwo", "Amara Okonkwo", ["harbour", "festival"], aliases=["Lars Nyberg"],
                   roles=["minister"]),
            person("chen", "Chen Jialin", ["festival"], roles=["mayor"])],
    quotes=[quote("harbour", "we will build the bridge", "okonkwo"),
            quote("harbour", "no comment at this time", "okonkwo"),  # a named person: wrong
            quote("harbour", "the river is rising", "okonkwo"),      # maps to lars too: right
            quote("festival", "traffic will ease", "chen")],
)

MISSING = extraction(docs=["harbour"])


@pytest.mark.parametrize("name, out, expected", [
    ("perfect", PERFECT, {
        "people_precision": 1.0, "people_recall": 1.0, "people_f1": 1.0, "merge": 1.0,
        "conflations": 0, "roles": 1.0, "quotes_precision": 1.0, "quotes_recall": 1.0,
        "quotes_f1": 1.0, "attribution": 1.0, "attributed_recall": 1.0, "events_recall": 1.0,
        "events_precision": 1.0, "questions_recall": 1.0, "missing_docs": 0}),
    ("partial", PARTIAL, {
        "people_precision": 3 / 4, "people_recall": 3 / 4, "people_f1": 3 / 4, "merge": 0.0,
        "conflations": 0, "roles": 2 / 3, "quotes_precision": 3 / 4, "quotes_recall": 3 / 4,
        "quotes_f1": 3 / 4, "attribution": 2 / 3, "attributed_recall": 2 / 4,
        "events_recall": 2 / 3, "events_precision": 2 / 3, "questions_recall": 1 / 2,
        "missing_docs": 0}),
    ("duplicate quotes", DUPLICATE, {
        "quotes_precision": 4 / 6, "quotes_recall": 1.0, "quotes_f1": 0.8, "attribution": 1.0}),
    ("conflated people", CONFLATED, {
        "people_precision": 1.0, "people_recall": 1.0, "merge": 1.0, "conflations": 1,
        "roles": 1.0, "attribution": 3 / 4, "attributed_recall": 3 / 4}),
    ("missing document", MISSING, {
        "people_precision": 0.0, "people_recall": 0.0, "people_f1": 0.0, "merge": 0.0,
        "roles": 0.0, "quotes_f1": 0.0, "events_recall": 0.0, "events_precision": 0.0,
        "questions_recall": 0.0, "missing_docs": 1}),
])
def test_score_matches_hand_computed_figures(name, out, expected):
    metrics = score(GOLD, out).metrics
    for figure, value in expected.items():
        assert metrics[figure] == pytest.approx(value), f"{name}: {figure}"


def test_score_reports_every_figure_and_the_misses():
    report = score(GOLD, PARTIAL)
    assert isinstance(report, Report)
    assert set(report.metrics) == set(evaluate.METRICS)
    misses = "\n".join(report.misses)
    for expected in ("harbour: person 'Lars Nyberg' not found",
                     "harbour: extra person 'Ruta Vaitkus'",
                     "harbour: quote 'no comment at this time' not found",
                     "harbour: extra quote 'completely unrelated words'",
                     "festival: quote 'Traffic will ease' given to 'amara-2', want 'chen'",
                     "festival: event ['parade'] dated ['2024-06-01'], want --06-01",
                     "festival: open question ['parade'] not found",
                     "merge: amara (in ['festival', 'harbour']) maps to ['amara-1', 'amara-2']"):
        assert expected in misses
    assert "Historic" not in misses  # the scare quote counts neither way
    assert report.to_dict()["misses"] == list(report.misses)


def test_duplicate_quotes_are_named_as_such():
    assert "harbour: duplicate quote 'we will build the bridge'" in score(GOLD, DUPLICATE).misses


def test_optional_gold_counts_only_when_found():
    # The perfect extraction misses the optional event and question: they are not counted.
    counts = score(GOLD, PERFECT).counts
    assert (counts["gold_events"], counts["gold_questions"]) == (2, 2)
    counts = score(GOLD, PARTIAL).counts  # the optional event was found: counted
    assert (counts["gold_events"], counts["found_events"]) == (3, 2)


def test_merge_is_perfect_when_nobody_spans_documents():
    assert score({"harbour": HARBOUR}, MISSING).metrics["merge"] == 1.0


def test_people_matched_on_single_names_only_when_the_gold_has_no_full_name():
    gold = {"d": {"id": "d", "people": [
        {"id": "a", "names": ["Tomasz Wrona", "Wrona"], "role_keywords": []},
        {"id": "b", "names": ["Madonna"], "role_keywords": []}]}}
    out = extraction(docs=["d"], people=[person("1", "Wrona", ["d"]), person("2", "MADONNA", ["d"])])
    report = score(gold, out)
    assert report.counts["found_people"] == 1        # "Wrona" alone does not find Tomasz Wrona
    assert report.counts["fp_people"] == 0           # but it is no extra person either


def test_score_tolerates_missing_sections():
    metrics = score(GOLD, {"schema": "briefing-extract/1"}).metrics
    assert metrics["missing_docs"] == 2
    assert metrics["people_recall"] == 0.0


@pytest.mark.parametrize("name, expected", [
    ("Amára Okonkwo", "amara okonkwo"),
    ("  PARK   Ji-hoon ", "park ji hoon"),
    ("José Ángel O’Neill-Ruiz’s", "jose angel oneill ruiz"),
    ("Dr. A. (Sam) Kowalski", "dr a sam kowalski"),
    ("Nguyễn Văn An", "nguyen van an"),
    ("al-Suwaidi—Haddad", "al suwaidi haddad"),
    ("", ""),
    (None, ""),
])
def test_norm_name(name, expected):
    assert norm_name(name) == expected


@pytest.mark.parametrize("text, expected", [
    ("  “Hello,   World!”  ", "hello, world"),
    ("‘It’s over.’", "it's over"),
    ("Line\nbreak\tand  spaces", "line break and spaces"),
    ("ﬁne print", "fine print"),                     # NFKC folds the ligature
    ("...?!", ""),
    (None, ""),
])
def test_norm_text(text, expected):
    assert norm_text(text) == expected


# ----------------------------------------------------------------------------------------------
# Gold files


def write_gold(folder: Path, *docs: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        (folder / f"{doc['id']}.json").write_text(json.dumps(doc), encoding="utf-8")
    return folder


def test_load_gold_reads_every_file_keyed_by_id(tmp_path):
    gold = load_gold(write_gold(tmp_path, HARBOUR, FESTIVAL))
    assert list(gold) == ["festival", "harbour"]     # sorted by file name
    assert gold["harbour"] == HARBOUR


def with_(**changes):
    return {**HARBOUR, **changes}


@pytest.mark.parametrize("content, problem", [
    ("{not json", "not valid JSON: Expecting property name enclosed in double quotes at line 1"),
    ("[1, 2]", "must hold one JSON object, not a list"),
    (with_(id=""), "id: must be a non-empty string"),
    (with_(people=[{"id": "x", "names": []}]), "people[0].names: must list at least one name"),
    (with_(people=[{"id": "x", "names": ["A B"]}, {"id": "x", "names": ["C D"]}]),
     "people[1].id: 'x' is listed twice"),
    (with_(people=[{"id": "x", "names": ["..."]}]), "people[0].names[0]: '...' is only punctuation"),
    (with_(quotes=[{"speaker": "nobody", "snippet": "words"}]),
     "quotes[0]: speaker 'nobody' is not a person id of this file"),
    (with_(quotes=[{"speaker": None, "snippet": "  "}]), "quotes[0].snippet: must be a non-empty"),
    (with_(events=[{"date": "June 3", "keywords": ["x"]}]),
     "events[0].date: 'June 3' is not YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD or null"),
    (with_(events=[{"date": "2024-06", "keywords": []}]),
     "events[0].keywords: must list at least one keyword"),
    (with_(questions=[{"keywords": ["x"], "optional": "yes"}]),
     "questions[0].optional: must be true or false"),
    (with_(ignore_quotes="historic"), "ignore_quotes: must be a list, not the string 'historic'"),
])
def test_load_gold_names_file_and_problem(tmp_path, content, problem):
    path = tmp_path / "broken.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    with pytest.raises(GoldError) as info:
        load_gold(tmp_path)
    assert str(info.value).startswith(f"{path}: ")
    assert problem in str(info.value)


def test_load_gold_rejects_duplicate_ids_and_empty_folders(tmp_path):
    write_gold(tmp_path / "a", HARBOUR)
    (tmp_path / "a" / "copy.json").write_text(json.dumps(HARBOUR), encoding="utf-8")
    with pytest.raises(GoldError, match="document id 'harbour' is also used by"):
        load_gold(tmp_path / "a")
    (tmp_path / "empty").mkdir()
    with pytest.raises(GoldError, match="no gold \\*.json files"):
        load_gold(tmp_path / "empty")
    with pytest.raises(GoldError, match="no such gold folder"):
        load_gold(tmp_path / "absent")


# ----------------------------------------------------------------------------------------------
# Floors, requirements, contract shape


@pytest.mark.parametrize("metrics, floors, failed", [
    ({"quotes_f1": 0.9}, {"quotes_f1": 0.95}, ["quotes_f1 0.900 < 0.950"]),
    ({"quotes_f1": 0.95}, {"quotes_f1": 0.95}, []),
    ({"conflations": 1}, {"conflations": 0}, ["conflations 1 > 0"]),   # a ceiling
    ({"conflations": 0}, {"conflations": 0}, []),
    ({"merge": 1.0, "roles": 0.5}, {"merge": 1.0, "roles": 0.9}, ["roles 0.500 < 0.900"]),
    ({"roles": 0.1}, {}, []),
])
def test_check_floors(metrics, floors, failed):
    assert check_floors(metrics, floors) == failed


def test_check_floors_rejects_unknown_figures():
    with pytest.raises(ValueError, match="no figure named 'quote_f1'"):
        check_floors({"quotes_f1": 1.0}, {"quote_f1": 0.5})


def test_floors_are_the_issue_values():
    assert FLOORS == {"people_f1": 0.95, "merge": 1.0, "conflations": 0, "roles": 0.9,
                      "quotes_f1": 0.95, "attribution": 0.95, "events_recall": 0.9,
                      "events_precision": 0.8, "questions_recall": 0.9}
    assert check_floors(score(GOLD, PERFECT).metrics, FLOORS) == []
    assert len(check_floors(score(GOLD, PARTIAL).metrics, FLOORS)) == 8  # all but conflations


@pytest.mark.parametrize("text, expected", [
    ("quotes_f1=0.8", ("quotes_f1", 0.8)),
    (" merge = 1 ", ("merge", 1.0)),
    ("quotes_f1", "write METRIC=FLOOR"),
    ("=0.5", "write METRIC=FLOOR"),
    ("quote_f1=0.8", "no figure named 'quote_f1'"),
    ("quotes_f1=high", "'high' is not a number"),
])
def test_parse_requirement(text, expected):
    if isinstance(expected, tuple):
        assert parse_requirement(text) == expected
    else:
        with pytest.raises(ValueError, match=expected):
            parse_requirement(text)


@pytest.mark.parametrize("mutate, problem", [
    (lambda o: o, None),
    (lambda o: o.update(schema="other/2"), "schema is 'other/2'"),
    (lambda o: o.pop("events"), "events: must be a list, not null"),
    (lambda o: o["people"][0].pop("documents"), "people[0]: missing key 'documents'"),
    (lambda o: o["people"][0].update(aliases="Okonkwo"), "people[0].aliases: wrong type"),
    (lambda o: o["quotes"][0].update(text=None), "quotes[0].text: wrong type (null)"),
    (lambda o: o["questions"].append("text"), "questions[2]: must be an object"),
])
def test_contract_problems(mutate, problem):
    out = json.loads(json.dumps(PERFECT))
    mutate(out)
    problems = contract_problems(out)
    assert problems == [] if problem is None else any(problem in p for p in problems), problems


def test_default_paths_prefer_the_documents_next_to_the_gold(tmp_path):
    seeds = tmp_path / "seeds"
    assert default_paths(tmp_path, seeds) == [seeds]
    (tmp_path / "docs").mkdir()
    assert default_paths(tmp_path, seeds) == [tmp_path / "docs"]


# ----------------------------------------------------------------------------------------------
# The command line (fake extractions; the real pipeline runs in test_gold_floors.py)


@pytest.fixture
def gold_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("BRIEFBOT_CONFIG", raising=False)
    return write_gold(tmp_path / "gold", HARBOUR, FESTIVAL)


def saved(tmp_path: Path, out: dict) -> str:
    path = tmp_path / "out.json"
    path.write_text(json.dumps(out), encoding="utf-8")
    return str(path)


def test_cli_prints_table_and_summary(gold_dir, tmp_path, capsys):
    code = main(["evaluate", "--gold", str(gold_dir), "--extract", saved(tmp_path, PARTIAL)])
    out = capsys.readouterr().out
    assert code == 0
    assert "people_f1              0.750" in out
    assert "miss:" not in out
    assert out.splitlines()[-1] == ("summary: people_f1=0.75 merge=0.00 roles=0.67 quotes_f1=0.75 "
                                    "attribution=0.67 events_recall=0.67 questions_recall=0.50")


def test_cli_misses_and_required_floor(gold_dir, tmp_path, capsys):
    code = main(["evaluate", "--gold", str(gold_dir), "--extract", saved(tmp_path, PARTIAL),
                 "--misses", "--require", "quotes_f1=0.7", "--require", "roles=0.9"])
    out = capsys.readouterr().out
    assert code == 1
    assert "miss: harbour: person 'Lars Nyberg' not found" in out
    assert "quotes_f1              0.750  >= 0.700 ok" in out
    assert "roles                  0.667  >= 0.900 BELOW" in out
    assert out.rstrip().endswith("| below floor: roles 0.667 < 0.900")


def test_cli_floors_and_json(gold_dir, tmp_path, capsys):
    assert main(["evaluate", "--gold", str(gold_dir), "--extract", saved(tmp_path, PERFECT),
                 "--floors", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["metrics"]["people_f1"] == 1.0
    assert result["floors"] == FLOORS and result["below_floor"] == []
    assert main(["evaluate", "--gold", str(gold_dir), "--extract", saved(tmp_path, CONFLATED),
                 "--floors", "--json"]) == 1
    assert "conflations 1 > 0" in json.loads(capsys.readouterr().out)["below_floor"]


def test_cli_runs_the_extraction_on_the_documents_next_to_the_gold(gold_dir, monkeypatch, capsys):
    (gold_dir / "docs").mkdir()
    seen = []

    def fake_extract(paths, *, settings, nlp=None):
        seen.append(list(paths))
        return PERFECT, [ValueError("broken.txt: not UTF-8 text")]

    monkeypatch.setattr(evaluate, "extract_for_evaluation", fake_extract)
    assert main(["evaluate", "--gold", str(gold_dir)]) == 0
    assert seen == [[gold_dir / "docs"]]
    captured = capsys.readouterr()
    assert "error: broken.txt: not UTF-8 text" in captured.err
    assert main(["evaluate", "--gold", str(gold_dir), "a.md", "b"]) == 0
    assert seen[-1] == [Path("a.md"), Path("b")]


@pytest.mark.parametrize("extra, message", [
    (["--require", "speed=1"], "no figure named 'speed'"),
    (["--extract", "/nonexistent/out.json"], "--extract /nonexistent/out.json: cannot be read"),
])
def test_cli_usage_errors_are_one_line(gold_dir, capsys, extra, message):
    assert main(["evaluate", "--gold", str(gold_dir), *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert err.startswith("briefbot evaluate: ")


def test_cli_rejects_bad_gold_and_bad_extractions(gold_dir, tmp_path, capsys):
    (gold_dir / "harbour.json").write_text('{"id": "harbour", "people": {}}', encoding="utf-8")
    assert main(["evaluate", "--gold", str(gold_dir), "--extract", saved(tmp_path, PERFECT)]) == 2
    assert "harbour.json: people: must be a list, not an object" in capsys.readouterr().err
    good = write_gold(tmp_path / "good", HARBOUR)
    assert main(["evaluate", "--gold", str(good),
                 "--extract", saved(tmp_path, {"schema": "x"})]) == 2
    assert "schema is 'x', want 'briefing-extract/1'" in capsys.readouterr().err


def test_gold_event_without_a_date_is_allowed_and_scored(tmp_path):
    """The contract allows ``date: null`` for a happening the text does not date."""
    gold = {"id": "d", "people": [], "quotes": [], "events": [
        {"date": None, "date_text": "one evening", "keywords": ["flood"]}], "questions": []}
    (tmp_path / "d.json").write_text(json.dumps(gold), encoding="utf-8")
    loaded = load_gold(tmp_path)
    hit = {"schema": "briefing-extract/1", "documents": [{"id": "d"}],
           "events": [{"date": None, "text": "the flood came", "doc": "d"}]}
    miss = dict(hit, events=[{"date": "2024-05", "text": "the flood came", "doc": "d"}])
    assert score(loaded, hit).metrics["events_recall"] == 1.0
    assert score(loaded, miss).metrics["events_recall"] == 0.0
