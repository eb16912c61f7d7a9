"""Ingestion: discovery, every file type, metadata, normalisation, the headline and teaser
rules, every kind of bad input, and the ingest orchestration (with a fake extractor: no spaCy)."""
from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from conftest import write
from digests import ingest, reading
from digests.ingest import (
    IngestError,
    discover,
    drop_teasers,
    fingerprint,
    ingest_paths,
    normalise_text,
    read_document,
    read_raw,
)
from digests.models import DocExtraction, Person
from digests.settings import Settings
from digests.store import Store

BODY = ("The harbour authority in Valparaíso said on Monday that the new pier would open in May.\n\n"
        "\u201cWe are ready,\u201d said Ines Oyelaran, the port director. 'It's done.'")


# ----------------------------------------------------------------------------------------------
# Discovery


def test_discover_walks_folders_recursively_and_skips_non_documents(tmp_path):
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "a.meta.toml", 'source = "Wire"\n')
    write(tmp_path / "sub" / "deeper" / "b.md", BODY)
    write(tmp_path / "sub" / "c.html", "<p>x</p>")
    write(tmp_path / "sub" / "d.json", "{}")
    write(tmp_path / "notes.csv", "x,y")
    write(tmp_path / ".hidden.txt", BODY)
    write(tmp_path / ".git" / "e.txt", BODY)
    files, errors = discover([tmp_path])
    assert errors == []
    assert sorted(p.name for p in files) == ["a.txt", "b.md", "c.html", "d.json"]


def test_discover_reports_missing_and_unsupported_explicit_paths(tmp_path):
    good = write(tmp_path / "good.txt", BODY)
    odd = write(tmp_path / "table.csv", "x,y")
    files, errors = discover([good, tmp_path / "missing.txt", odd])
    assert files == [good]
    messages = [str(e) for e in errors]
    assert messages[0] == f"{tmp_path / 'missing.txt'}: no such file or folder"
    assert messages[1].startswith(f"{odd}: unsupported file type '.csv'")


def test_discover_ignores_a_sidecar_named_explicitly(tmp_path):
    side = write(tmp_path / "x.meta.toml", 'source = "Wire"\n')
    assert discover([side]) == ([], [])


def test_discover_reports_a_symlink_loop(tmp_path):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    files, errors = discover([loop])
    assert files == [] and len(errors) == 1
    assert str(errors[0]).startswith(f"{loop}: ")


def test_discover_does_not_follow_symlinked_folders_into_a_loop(tmp_path):
    write(tmp_path / "a.txt", BODY)
    (tmp_path / "back").symlink_to(tmp_path, target_is_directory=True)
    files, errors = discover([tmp_path])
    assert [p.name for p in files] == ["a.txt"] and errors == []


def test_same_id_in_two_folders_is_an_error_naming_both(tmp_path):
    one = write(tmp_path / "east" / "story.txt", BODY)
    two = write(tmp_path / "west" / "story.md", BODY)
    other = write(tmp_path / "west" / "other.txt", BODY)
    files, errors = discover([tmp_path])
    assert files == [other]
    assert len(errors) == 1
    assert str(one) in str(errors[0]) and str(two) in str(errors[0])
    assert "duplicate document id 'story'" in str(errors[0])


def test_the_same_file_given_twice_is_read_once(tmp_path):
    a = write(tmp_path / "a.txt", BODY)
    assert discover([a, tmp_path, a]) == ([a], [])


# ----------------------------------------------------------------------------------------------
# File types and metadata


def test_plain_text_with_sidecar_metadata(tmp_path):
    path = write(tmp_path / "harbour.txt", BODY)
    write(tmp_path / "harbour.meta.toml",
          'title = "Pier opens"\npublished = 2023-04-02\nsource = "Coast Wire"\n'
          'url = "https://example.org/pier"\npublished_is_estimate = true\n')
    doc = read_document(path)
    assert doc.id == "harbour" and doc.path == str(path)
    assert doc.title == "Pier opens"
    assert doc.published == date(2023, 4, 2) and doc.published_is_estimate is True
    assert doc.source == "Coast Wire" and doc.url == "https://example.org/pier"
    assert doc.body == BODY
    assert len(doc.sha256) == 64


def test_sidecar_datetime_becomes_a_date(tmp_path):
    path = write(tmp_path / "a.txt", BODY)
    write(tmp_path / "a.meta.toml", "published = 2022-11-30T23:15:00Z\n")
    assert read_document(path).published == date(2022, 11, 30)


def test_markdown_front_matter(tmp_path):
    path = write(tmp_path / "story.md",
                 "---\ntitle: Dam inspection delayed\npublished: 2021-09-14\nsource: River Daily\n"
                 "url: https://example.org/dam\ntags: [water]\n---\n# Dam inspection delayed\n\n"
                 "Engineers led by Tomasz Wierzbicki postponed the [inspection](https://x.org/i).\n")
    doc = read_document(path)
    assert doc.title == "Dam inspection delayed"
    assert doc.published == date(2021, 9, 14) and doc.published_is_estimate is False
    assert doc.source == "River Daily" and doc.url == "https://example.org/dam"
    # the repeated headline is dropped, link syntax removed, the words kept
    assert doc.body == "Engineers led by Tomasz Wierzbicki postponed the inspection."


def test_front_matter_in_a_txt_file_with_datetime(tmp_path):
    path = write(tmp_path / "t.txt", "---\npublished: 2020-02-03T10:00:00+01:00\n---\n" + BODY)
    doc = read_document(path)
    assert doc.published == date(2020, 2, 3) and doc.title is None and doc.body == BODY


def test_sidecar_wins_over_front_matter_per_key(tmp_path):
    path = write(tmp_path / "s.md", "---\ntitle: From the file\nsource: File Source\n---\n" + BODY)
    write(tmp_path / "s.meta.toml", 'source = "Corrected Source"\n')
    doc = read_document(path)
    assert doc.title == "From the file" and doc.source == "Corrected Source"


def test_html_main_text_and_metadata(tmp_path):
    html = """<html><head><title>Tram line extended | Metro Times</title>
<meta property="og:title" content="Tram line extended">
<meta property="og:url" content="https://example.org/tram">
<meta property="article:published_time" content="2019-05-06">
</head><body><nav><a href="/">Home</a> <a href="/about">About us</a></nav>
<article><h1>Tram line extended</h1>
<p>The city council of Aarhus voted on Thursday to extend the tram line to the harbour district,
a decision the transport councillor, Freja Lindqvist, called “overdue and welcome”.</p>
<p>Construction is expected to begin next spring and to last about two years, according to the
council's own planning documents published alongside the vote.</p></article>
<footer>Copyright Metro Times. All rights reserved.</footer></body></html>"""
    doc = read_document(write(tmp_path / "tram.html", html))
    assert doc.title == "Tram line extended"
    assert doc.url == "https://example.org/tram"
    assert doc.published == date(2019, 5, 6)
    assert doc.body.startswith("The city council of Aarhus voted on Thursday")
    assert "\n\nConstruction is expected" in doc.body  # paragraphs kept
    assert "“overdue and welcome”" in doc.body
    assert "Home" not in doc.body and "Copyright" not in doc.body


def test_html_publication_date_is_never_guessed_from_the_text(tmp_path):
    html = """<html><head><title>Ferry strike ends</title></head><body>
<article><h1>Ferry strike ends</h1>
<p class="byline">By Ingrid Solheim</p>
<p>Ferry crews in Bergen returned to work on 4 March 2021 after a nine-day strike over rosters,
the operator said, and the first sailings left on time the next morning.</p>
<p>The union said talks on pay would resume in the spring, with a mediator appointed by the
ministry to chair them.</p></article></body></html>"""
    doc = read_document(write(tmp_path / "ferry.html", html))
    assert doc.published is None  # no metadata date: the 4 March 2021 in the text is no guess
    # trafilatura lifts the byline out of the text; ingest keeps the credited name
    assert doc.body.startswith("By Ingrid Solheim\n\nFerry crews in Bergen")


@pytest.mark.parametrize("key", ["body", "text", "content"])
def test_json_object(tmp_path, key):
    path = write(tmp_path / "j.json", json.dumps(
        {key: BODY, "title": "Pier", "published": "2024-01-09", "source": "Wire", "id": "ignored"}))
    doc = read_document(path)
    assert (doc.id, doc.title, doc.published, doc.source, doc.body) == (
        "j", "Pier", date(2024, 1, 9), "Wire", BODY)


# ----------------------------------------------------------------------------------------------
# Normalisation, headline and teaser rules


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("one\r\ntwo\r\n\r\nthree", "one\ntwo\n\nthree"),
        ("one\rtwo", "one\ntwo"),
        ("a\n\n\n\n\nb", "a\n\nb"),
        ("a\n   \n\t\nb", "a\n\nb"),
        ("  lead  \n\n", "lead"),
        ("tabs\tand  many   spaces", "tabs and many spaces"),
        ("no\u00a0break\u2009thin", "no break thin"),
        ("zero\u200bwidth", "zerowidth"),
        ("Cafe\u0301", "Caf\u00e9"),  # NFC
        ("\u201cCurly,\u201d he said. \u2018Single\u2019 and \"straight\" and 'plain'",
         "\u201cCurly,\u201d he said. \u2018Single\u2019 and \"straight\" and 'plain'"),
        ("It\u2019s the mayor\u2019s \u00abplan\u00bb \u2014 really\u2026",
         "It\u2019s the mayor\u2019s \u00abplan\u00bb \u2014 really\u2026"),
    ],
)
def test_normalise_text(raw, expected):
    assert normalise_text(raw) == expected


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        # a headline: short, no final punctuation, blank line after
        ("Floods close coastal road\n\nHeavy rain closed the road on Friday.",
         "Floods close coastal road", "Heavy rain closed the road on Friday."),
        ("Mayor Says 'No' To Stadium Plan\n\nThe mayor rejected it.",
         "Mayor Says 'No' To Stadium Plan", "The mayor rejected it."),
        # a sentence is not a headline
        ("Heavy rain closed the road on Friday.\n\nMore rain is due.",
         None, "Heavy rain closed the road on Friday.\n\nMore rain is due."),
        ("Is the bridge safe?\n\nEngineers are checking.",
         None, "Is the bridge safe?\n\nEngineers are checking."),
        ('He said "enough."\n\nThen he left.', None, 'He said "enough."\n\nThen he left.'),
        # no blank line after the first line: no headline
        ("Floods close coastal road\nHeavy rain closed the road.",
         None, "Floods close coastal road\nHeavy rain closed the road."),
        # a single paragraph is never all headline
        ("Floods close coastal road", None, "Floods close coastal road"),
        # too long to be a headline
        (" ".join(["word"] * 40) + "\n\nBody.", None, " ".join(["word"] * 40) + "\n\nBody."),
    ],
)
def test_headline_rule(tmp_path, text, title, body):
    doc = read_document(write(tmp_path / "h.txt", text))
    assert (doc.title, doc.body) == (title, body)


def test_front_matter_title_keeps_a_different_first_line_in_the_body(tmp_path):
    doc = read_document(write(tmp_path / "f.md", "---\ntitle: Given\n---\nDateline Lagos\n\nText here."))
    assert doc.title == "Given" and doc.body == "Dateline Lagos\n\nText here."


OPENING = "Workers at the Gdańsk shipyard walked out on Tuesday over unpaid wages"


@pytest.mark.parametrize(
    ("text", "body"),
    [
        (f"{OPENING[:50]} [...]\n\n{OPENING}.", f"{OPENING}."),
        (f"{OPENING[:50]} […]\n\n{OPENING}.", f"{OPENING}."),
        (f"{OPENING[:50]}…\n\n{OPENING}.", f"{OPENING}."),
        (f"{OPENING[:50]}...]\n\n{OPENING}.", f"{OPENING}."),
        (f"{OPENING[:50]} ...\n\n{OPENING}.", f"{OPENING}."),
        # cut off but NOT repeating the next paragraph: kept
        (f"Something else entirely is said here [...]\n\n{OPENING}.",
         f"Something else entirely is said here [...]\n\n{OPENING}."),
        # repeating but not cut off: kept
        (f"{OPENING[:50]}\n\n{OPENING}.", f"{OPENING[:50]}\n\n{OPENING}."),
        # too short a stem to be sure: kept
        (f"Workers [...]\n\n{OPENING}.", f"Workers [...]\n\n{OPENING}."),
    ],
)
def test_teaser_rule(text, body):
    assert drop_teasers(text) == body


def test_headline_then_teaser_then_body(tmp_path):
    text = f"Shipyard strike spreads\n\n{OPENING[:60]} [...]\n\n{OPENING}.\n\nSecond paragraph."
    doc = read_document(write(tmp_path / "s.txt", text))
    assert doc.title == "Shipyard strike spreads"
    assert doc.body == f"{OPENING}.\n\nSecond paragraph."


# ----------------------------------------------------------------------------------------------
# Bad input: one clear error naming the file and the problem


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n \t\n", "empty file"),
        ("binary.txt", bytes(range(256)) * 8, "binary data"),
        ("png.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary data"),
        ("open.md", b"---\ntitle: x\nno end here\n", "front matter: opened with '---'"),
        ("yaml.md", b"---\ntitle: [unclosed\n---\nText.", "malformed front matter on line"),
        ("list.md", b"---\n- a\n- b\n---\nText.", "expected 'key: value' lines"),
        ("date.md", b"---\npublished: next week\n---\nText.", "published = 'next week': not an ISO date"),
        ("flag.md", b"---\npublished_is_estimate: maybe\n---\nText.", "published_is_estimate = 'maybe'"),
        ("only.md", b"---\ntitle: Nothing else\n---\n\n", "no text after the metadata"),
        ("broken.json", b'{"body": "text",', "malformed JSON on line 1"),
        ("many.json", b'[{"body": "a"}, {"body": "b"}]', "JSON list found"),
        ("nobody.json", b'{"title": "x", "body": ""}', "JSON object has no text"),
        ("number.json", b"42", "expected a JSON object, got int"),
        ("jdate.json", b'{"body": "x", "published": "2021-13-45"}', "published = '2021-13-45'"),
        ("empty.html", b"<html><head><title>T</title></head><body></body></html>", "no main text found"),
        ("script.htm", b"<html><body><script>var a = 1;</script></body></html>", "no main text found"),
    ],
)
def test_bad_input_gets_one_clear_line(tmp_path, name, content, problem):
    path = write(tmp_path / name, content)
    with pytest.raises(IngestError) as info:
        read_document(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert problem in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("sidecar", "problem"),
    [
        ('title = "unterminated\n', "malformed sidecar metadata"),
        ('author = "Someone"\n', "unknown key 'author'"),
        ('published = "soon"\n', "published = 'soon'"),
        ('published_is_estimate = "yes"\n', "published_is_estimate = 'yes': expected true or false"),
        ("source = [1, 2]\n", "source = [1, 2]: expected text"),
    ],
)
def test_bad_sidecar_names_the_sidecar(tmp_path, sidecar, problem):
    path = write(tmp_path / "a.txt", BODY)
    write(tmp_path / "a.meta.toml", sidecar)
    with pytest.raises(IngestError) as info:
        read_document(path)
    assert str(info.value).startswith(str(tmp_path / "a.meta.toml"))
    assert problem in str(info.value)


def test_file_over_the_size_limit(tmp_path):
    path = write(tmp_path / "big.txt", "word " * 300)
    with pytest.raises(IngestError, match=r"big.txt: file is 1,500 bytes, over the limit of 1,000"):
        read_document(path, max_bytes=1000)
    assert read_document(path, max_bytes=1500).words == 300


def test_latin1_text_is_detected(tmp_path):
    text = ("The caf\u00e9 owner in S\u00e3o Paulo, Jos\u00e9 M\u00fcller, said the na\u00efve "
            "plan would fail. \u00abNo\u00bb, he told the council on Monday.")
    doc = read_document(write(tmp_path / "latin.txt", text.encode("latin-1")))
    assert doc.body == text


#: (encoding, invented text, the decoding expected, whether it is a guess). Short texts are where
#: charset-normalizer alone guesses worst: one accent and a pair of guillemets once came out as
#: Shift-JIS mojibake.
ENCODED_TEXTS = [
    ("latin-1", "Olsen said: \u00abWe will be fine.\u00bb J\u00f6rg left.", "iso-8859-1", True),
    ("latin-1", "Die Stra\u00dfe nach N\u00f8rby bleibt bis \u00abFr\u00fchjahr\u00bb gesperrt.",
     "iso-8859-1", True),
    ("cp1252", "The council called the plan \u201cbold\u201d \u2013 then shelved it for \u20ac5m.",
     "windows-1252", True),
    ("cp1252", "\u00c9lodie Brunvik\u2019s caf\u00e9 re-opened\u2026 on Tuesday.", "windows-1252",
     True),
    ("shift_jis", "\u5e02\u9577\u306f\u65b0\u3057\u3044\u6a4b\u306e\u8a08\u753b\u3092"
     "\u6765\u6708\u767a\u8868\u3059\u308b\u3068\u8ff0\u3079\u305f\u3002", "shift_jis", True),
    ("gb18030", "\u5e02\u957f\u8868\u793a\uff0c\u65b0\u6865\u8ba1\u5212\u5c06\u4e8e"
     "\u4e0b\u4e2a\u6708\u516c\u5e03\u3002", "gb18030", True),
    ("utf-16", "Ein Satz mit \u00dcmlauten und \u00abAnf\u00fchrungszeichen\u00bb.", "utf-16",
     False),
    ("utf-8-sig", "K\u00e5re Ulvang r\u00e9pondit \u00abnon\u00bb.", "utf-8", False),
    ("utf-8", "\u041c\u044d\u0440 \u0441\u043a\u0430\u0437\u0430\u043b \u00abda\u00bb.",
     "utf-8", False),
]


@pytest.mark.parametrize(("codec", "text", "encoding", "guessed"), ENCODED_TEXTS,
                         ids=[f"{c}-{i}" for i, (c, *_rest) in enumerate(ENCODED_TEXTS)])
def test_encoding_table(codec, text, encoding, guessed):
    decoded = reading.decode_bytes(text.encode(codec), Path("x.txt"))
    assert decoded.text.removeprefix("\ufeff") == text
    assert (decoded.encoding, decoded.guessed) == (encoding, guessed)
    if guessed:
        assert 0.0 <= decoded.confidence <= 1.0
        assert decoded.note() == (f"decoded as {encoding} (guessed, confidence "
                                  f"{decoded.confidence:.2f})")
    else:
        assert decoded.note() is None


def test_non_latin_single_byte_text_is_not_taken_for_western(tmp_path):
    # Cyrillic in Windows-1251 reads as long runs of accented letters in Windows-1252
    text = "\u041c\u044d\u0440 \u0433\u043e\u0440\u043e\u0434\u0430 \u043e\u0442\u043a\u0440\u044b\u043b \u043d\u043e\u0432\u044b\u0439 \u043c\u043e\u0441\u0442 \u0432\u0447\u0435\u0440\u0430 \u0432\u0435\u0447\u0435\u0440\u043e\u043c."
    decoded = reading.decode_bytes(text.encode("cp1251"), Path("x.txt"))
    assert decoded.encoding not in ("windows-1252", "iso-8859-1")


def test_a_guessed_encoding_is_reported_in_the_ingest(tmp_path, fake, store, settings):
    text = "Olsen said: \u00abWe will be fine.\u00bb J\u00f6rg left the harbour."
    path = write(tmp_path / "docs" / "old.txt", text.encode("latin-1"))
    write(tmp_path / "docs" / "new.txt", "Mira Talvik opened the ferry line.")
    report = ingest_paths([tmp_path / "docs"], store=store, settings=settings, nlp=object())
    assert report.notes == [f"{path}: decoded as iso-8859-1 (guessed, confidence 1.00)"]
    assert store.document_bodies(["old"]) == {"old": text}


def test_utf8_bom_and_utf16_are_read(tmp_path):
    assert read_document(write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + BODY.encode())).body == BODY
    assert read_document(write(tmp_path / "wide.txt", BODY.encode("utf-16"))).body == BODY


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files whatever their mode")
def test_unreadable_file(tmp_path):
    path = write(tmp_path / "locked.txt", BODY)
    path.chmod(0)
    try:
        with pytest.raises(IngestError, match="locked.txt: permission denied"):
            read_document(path)
    finally:
        path.chmod(0o644)


def test_unreadable_path_is_reported(tmp_path):
    with pytest.raises(IngestError, match="gone.txt: no such file or folder"):
        read_document(tmp_path / "gone.txt")


def test_a_folder_passed_as_a_file_is_reported(tmp_path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(IngestError, match="folder.txt: "):
        read_document(folder)


# ----------------------------------------------------------------------------------------------
# Hashing


def test_fingerprint_covers_the_sidecar_and_is_computed_before_parsing(tmp_path):
    path = write(tmp_path / "a.txt", BODY)
    before = fingerprint(read_raw(path, max_bytes=10_000))
    assert read_document(path).sha256 == before
    write(tmp_path / "a.meta.toml", "published = 2020-01-01\n")
    assert fingerprint(read_raw(path, max_bytes=10_000)) != before


# ----------------------------------------------------------------------------------------------
# Orchestration with a fake extractor (no spaCy)


class FakeExtractor:
    """Stands in for digests.pipeline.extract_documents: one person per document, whose name
    is the document's first two words; raises for any document whose body says so."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, docs, *, nlp=None, curated=None, **_):
        self.calls.append([d.id for d in docs])
        out = []
        for d in docs:
            if "EXPLODE" in d.body:
                raise RuntimeError("extractor bug")
            name = " ".join(d.body.split()[:2])
            out.append(DocExtraction(d.id, people=(Person("p", name, mentions=((0, len(name)),)),)))
        return out


@pytest.fixture
def fake(monkeypatch):
    extractor = FakeExtractor()
    monkeypatch.setattr("digests.pipeline.extract_documents", extractor)

    def no_model(*_a, **_k):
        raise AssertionError("spaCy must not be loaded")

    monkeypatch.setattr("digests.nlp.load_model", no_model)
    return extractor


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path}/data/test.sqlite3",
                    curated_people=tmp_path / "people.toml", max_file_bytes=10_000)


@pytest.fixture
def store(settings):
    with Store.from_settings(settings) as s:
        yield s


def corpus(root: Path) -> Path:
    write(root / "a.txt", "Amara Nwosu opened the clinic in Enugu on Monday.")
    write(root / "b.md", "---\npublished: 2022-05-01\n---\nKenji Watanabe chaired the meeting.")
    return root


def test_ingest_twice_adds_then_skips_without_loading_the_model(tmp_path, fake, store, settings):
    docs = corpus(tmp_path / "docs")
    first = ingest_paths([docs], store=store, settings=settings, nlp=object())
    assert (sorted(first.added), first.updated, first.unchanged, first.errors) == (["a", "b"], [], [], [])
    assert first.summary() == "2 added, 0 updated, 0 unchanged, 0 failed"
    second = ingest_paths([docs], store=store, settings=settings)  # nlp=None: would load spaCy
    assert second.summary() == "0 added, 0 updated, 2 unchanged, 0 failed"
    assert fake.calls == [["a", "b"]]
    assert sorted(p.name for p in store.people()) == ["Amara Nwosu", "Kenji Watanabe"]


def test_unchanged_files_are_not_even_parsed(tmp_path, fake, store, settings, monkeypatch):
    docs = corpus(tmp_path / "docs")
    ingest_paths([docs], store=store, settings=settings, nlp=object())

    def no_parse(raw, **_):
        raise AssertionError(f"{raw.path} parsed")

    monkeypatch.setattr(ingest, "parse_raw", no_parse)
    assert ingest_paths([docs], store=store, settings=settings).summary().endswith(
        "2 unchanged, 0 failed")


def test_changed_file_and_changed_sidecar_are_updates(tmp_path, fake, store, settings):
    docs = corpus(tmp_path / "docs")
    ingest_paths([docs], store=store, settings=settings, nlp=object())
    write(docs / "a.txt", "Amara Nwosu closed the clinic in Enugu on Friday.")
    write(docs / "b.meta.toml", 'source = "Tokyo Desk"\n')
    report = ingest_paths([docs], store=store, settings=settings, nlp=object())
    assert (sorted(report.updated), report.added, report.unchanged) == (["a", "b"], [], [])
    assert "closed" in store.document_bodies(["a"])["a"]
    assert store.document("b").source == "Tokyo Desk"
    assert len(store.documents()) == 2


def test_bad_files_are_reported_and_good_ones_land(tmp_path, fake, store, settings):
    docs = corpus(tmp_path / "docs")
    write(docs / "empty.txt", "")
    write(docs / "binary.txt", bytes(range(256)) * 4)
    write(docs / "huge.txt", "x " * 6000)
    write(docs / "broken.json", "{")
    report = ingest_paths([docs, tmp_path / "nowhere"], store=store, settings=settings, nlp=object())
    assert sorted(report.added) == ["a", "b"]
    assert report.failed == 5
    problems = sorted(str(e) for e in report.errors)
    assert any("binary.txt: binary data" in p for p in problems)
    assert any("empty.txt: empty file" in p for p in problems)
    assert any("huge.txt: file is 12,000 bytes" in p for p in problems)
    assert any("broken.json: malformed JSON" in p for p in problems)
    assert any("nowhere: no such file or folder" in p for p in problems)
    assert {d.id for d in store.documents()} == {"a", "b"}


def test_an_extractor_failure_sinks_only_its_document(tmp_path, fake, store, settings):
    docs = corpus(tmp_path / "docs")
    write(docs / "c.txt", "Lucia Ferraro EXPLODE wrote.")
    report = ingest_paths([docs], store=store, settings=settings, nlp=object())
    assert sorted(report.added) == ["a", "b"]
    assert [str(e) for e in report.errors] == [
        f"{docs / 'c.txt'}: extraction failed (RuntimeError: extractor bug)"]


def test_same_id_as_a_stored_file_elsewhere_is_an_error(tmp_path, fake, store, settings):
    docs = corpus(tmp_path / "docs")
    ingest_paths([docs], store=store, settings=settings, nlp=object())
    clash = write(tmp_path / "other" / "a.txt", "Someone Else wrote this.")
    report = ingest_paths([clash], store=store, settings=settings, nlp=object())
    assert report.added == [] and len(report.errors) == 1
    assert str(docs / "a.txt") in str(report.errors[0]) and str(clash) in str(report.errors[0])


def test_a_moved_file_updates_its_path(tmp_path, fake, store, settings):
    docs = corpus(tmp_path / "docs")
    ingest_paths([docs], store=store, settings=settings, nlp=object())
    moved = tmp_path / "archive" / "a.txt"
    moved.parent.mkdir()
    (docs / "a.txt").rename(moved)
    report = ingest_paths([moved], store=store, settings=settings, nlp=object())
    assert report.updated == ["a"]
    assert store.document("a").path == str(moved)


def test_progress_bar_counts_every_file(tmp_path, fake, store, settings):
    docs = corpus(tmp_path / "docs")
    write(docs / "empty.txt", "")
    bars = []

    class Bar:
        def __init__(self, total):
            self.total, self.done, self.closed = total, 0, False
            bars.append(self)

        def update(self, n=1):
            self.done += n

        def close(self):
            self.closed = True

    ingest_paths([docs], store=store, settings=settings, progress=Bar, nlp=object())
    assert [(b.total, b.done, b.closed) for b in bars] == [(3, 3, True)]


def test_nothing_changed_means_no_re_resolution(tmp_path, fake, store, settings, monkeypatch):
    docs = corpus(tmp_path / "docs")
    ingest_paths([docs], store=store, settings=settings, nlp=object())
    calls = []
    monkeypatch.setattr(ingest, "resolve_store", lambda *a, **k: calls.append(a))
    ingest_paths([docs], store=store, settings=settings)
    assert calls == []


class CuratingExtractor(FakeExtractor):
    """Like FakeExtractor, but gives each person the roles the curated file lists for them (as
    extract_people does with curated roles)."""

    def __init__(self) -> None:
        super().__init__()
        self.curated: list = []

    def __call__(self, docs, *, nlp=None, curated=None, **_):
        self.curated.append(curated)
        out = super().__call__(docs, nlp=nlp, curated=curated)
        entries = curated.people if curated else ()
        return [DocExtraction(x.doc_id, people=tuple(
            replace(p, roles=tuple(r for e in entries if e.matches(p.name) for r in e.roles))
            for p in x.people)) for x in out]


@pytest.fixture
def curating(monkeypatch):
    extractor = CuratingExtractor()
    monkeypatch.setattr("digests.pipeline.extract_documents", extractor)
    monkeypatch.setattr("digests.nlp.load_model", lambda *a, **k: "model")
    return extractor


def test_a_curated_people_edit_re_extracts_and_re_resolves(tmp_path, curating, store, settings):
    docs = corpus(tmp_path / "docs")
    first = ingest_paths([docs], store=store, settings=settings)
    assert first.summary() == "2 added, 0 updated, 0 unchanged, 0 failed"  # a new store
    assert {p.name: p.roles for p in store.people()}["Amara Nwosu"] == ()

    write(settings.curated_people,
          '[[person]]\nname = "Amara Nwosu"\naliases = ["Dr Nwosu"]\nroles = ["Clinic director"]\n')
    report = ingest_paths([docs], store=store, settings=settings)
    assert report.summary() == ("0 added, 0 updated, 2 unchanged, 0 failed; curated people "
                                "or the extractor changed: re-extracted 2 documents")
    assert curating.calls[-1] == ["a", "b"] and curating.curated[-1].people[0].name == "Amara Nwosu"
    extractions = dict(store.extractions())
    [amara] = [p for p in store.people() if p.name == "Amara Nwosu"]
    assert ("Clinic director", "a") in {(r.text, r.doc_id) for r in amara.roles}  # re-extracted
    assert "Dr Nwosu" in amara.aliases  # ... and re-resolved
    assert [p.roles for x in extractions.values() for p in x.people] == [("Clinic director",), ()]
    assert store.document("a").ingested_at is not None

    # unchanged curation (a comment only): nothing to redo, no model needed
    calls = len(curating.calls)
    with settings.curated_people.open("a", encoding="utf-8") as f:
        f.write("# reviewed\n")
    again = ingest_paths([docs], store=store, settings=settings)
    assert again.summary() == "0 added, 0 updated, 2 unchanged, 0 failed"
    assert len(curating.calls) == calls


def test_a_curated_edit_with_a_changed_file_extracts_each_document_once(
        tmp_path, curating, store, settings):
    docs = corpus(tmp_path / "docs")
    ingest_paths([docs], store=store, settings=settings)
    write(settings.curated_people, '[[person]]\nname = "Kenji Watanabe"\nroles = ["Chair"]\n')
    write(docs / "a.txt", "Amara Nwosu closed the clinic in Enugu on Friday.")
    report = ingest_paths([docs], store=store, settings=settings)
    assert (report.updated, report.reextracted) == (["a"], ["b"])
    assert report.summary().endswith(
        "curated people or the extractor changed: re-extracted 1 documents")
    assert curating.calls[-2:] == [["a"], ["b"]]


def test_an_upgraded_extractor_re_extracts_the_store_once(
        tmp_path, curating, store, settings, monkeypatch):
    import digests.ingest

    docs = corpus(tmp_path / "docs")
    ingest_paths([docs], store=store, settings=settings)
    assert ingest_paths([docs], store=store, settings=settings).reextracted == []
    monkeypatch.setattr(digests.ingest, "EXTRACTOR_VERSION", "a later version")
    report = ingest_paths([docs], store=store, settings=settings)
    assert report.reextracted == ["a", "b"]
    assert report.summary().endswith(
        "curated people or the extractor changed: re-extracted 2 documents")
    assert ingest_paths([docs], store=store, settings=settings).reextracted == []


def test_a_store_without_a_curated_hash_is_re_extracted_once(tmp_path, curating, store, settings):
    docs = corpus(tmp_path / "docs")
    ingest_paths([docs], store=store, settings=settings)
    with store.engine.begin() as conn:  # as a store from before the hash was kept
        conn.exec_driver_sql("UPDATE documents SET curated_sha = NULL")
    assert ingest_paths([docs], store=store, settings=settings).reextracted == ["a", "b"]
    assert ingest_paths([docs], store=store, settings=settings).reextracted == []


# ----------------------------------------------------------------------------------------------
# Interrupted ingests (in-process; tests/test_crash.py kills real processes)


def test_interrupted_before_resolving_shows_nothing_and_the_next_ingest_completes_it(
        tmp_path, fake, store, settings, monkeypatch):
    docs = corpus(tmp_path / "docs")

    def interrupted(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest, "resolve_store", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths([docs], store=store, settings=settings, nlp=object())
    # every document was saved, none resolved: readers see none of them, not half of them
    assert sorted(store.document_hashes()) == ["a", "b"] and store.unresolved() == ["a", "b"]
    assert store.documents() == [] and store.count_documents() == 0 and store.people() == []
    monkeypatch.undo()
    monkeypatch.setattr("digests.pipeline.extract_documents", fake)
    report = ingest_paths([docs], store=store, settings=settings)  # nlp=None: no model needed
    assert report.summary() == ("0 added, 0 updated, 2 unchanged, 0 failed; completed 2 documents "
                                "an interrupted ingest had left without people and questions")
    assert [d.id for d in store.documents()] == ["b", "a"] and store.unresolved() == []
    assert sorted(p.name for p in store.people()) == ["Amara Nwosu", "Kenji Watanabe"]
    assert ingest_paths([docs], store=store, settings=settings).summary() == (
        "0 added, 0 updated, 2 unchanged, 0 failed")


def test_an_updated_document_stays_as_it_was_for_readers_until_resolved(
        tmp_path, fake, store, settings, monkeypatch):
    docs = corpus(tmp_path / "docs")
    ingest_paths([docs], store=store, settings=settings, nlp=object())
    write(docs / "a.txt", "Bola Adeyemi closed the clinic in Enugu on Friday.")
    monkeypatch.setattr(ingest, "resolve_store", lambda *a, **k: None)  # killed before it
    ingest_paths([docs], store=store, settings=settings, nlp=object())
    assert store.unresolved() == ["a"]
    assert [d.id for d in store.documents()] == ["b"]  # "a" is not shown half-updated
    monkeypatch.undo()
    monkeypatch.setattr("digests.pipeline.extract_documents", fake)
    ingest_paths([docs], store=store, settings=settings)
    assert {p.name for p in store.people(doc_ids=["a"])} == {"Bola Adeyemi"}


def test_an_interrupted_re_extraction_resumes_where_it_stopped(
        tmp_path, curating, store, settings, monkeypatch):
    docs = corpus(tmp_path / "docs")
    ingest_paths([docs], store=store, settings=settings)
    write(settings.curated_people, '[[person]]\nname = "Kenji Watanabe"\nroles = ["Chair"]\n')
    saved = store.save_extraction
    count = 0

    def killed_after_one(extraction, **kwargs):
        nonlocal count
        if count == 1:
            raise KeyboardInterrupt
        count += 1
        saved(extraction, **kwargs)

    monkeypatch.setattr(store, "save_extraction", killed_after_one)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths([docs], store=store, settings=settings)
    monkeypatch.setattr(store, "save_extraction", saved)
    report = ingest_paths([docs], store=store, settings=settings)
    assert report.reextracted == ["b"]  # only what the interrupted run had not redone
    assert report.completed == ["a"]  # redone, but not yet resolved when interrupted
    assert report.summary() == ("0 added, 0 updated, 2 unchanged, 0 failed; curated people "
                                "or the extractor changed: re-extracted 1 documents; completed "
                                "1 documents an "
                                "interrupted ingest had left without people and questions")
    [kenji] = [p for p in store.people() if p.name == "Kenji Watanabe"]
    assert {r.text for r in kenji.roles} == {"Chair"}
    assert ingest_paths([docs], store=store, settings=settings).summary() == (
        "0 added, 0 updated, 2 unchanged, 0 failed")


def test_a_large_ingest_in_worker_processes_stores_what_one_process_does(
        tmp_path, fake, settings, monkeypatch):
    docs = tmp_path / "docs"
    names = ["Amara Nwosu", "Kenji Watanabe", "Ines Oyelaran", "Tomas Ekdahl"]
    for i in range(ingest.PARALLEL_MIN_DOCS + 5):
        write(docs / f"d{i:03d}.txt", f"{names[i % 4]} opened hall {i} on Monday.")
    write(docs / "d007.txt", "EXPLODE in the middle of a batch")  # reported, others land
    assert ingest.worker_count(ingest.PARALLEL_MIN_DOCS) >= 1
    assert ingest.worker_count(ingest.PARALLEL_MIN_DOCS - 1) == 1
    stores = []
    for workers in (1, 2):
        settings_n = replace(settings, database_url=f"sqlite:///{tmp_path}/w{workers}.sqlite3")
        with Store.from_settings(settings_n) as store:
            report = ingest_paths([docs], store=store, settings=settings_n, nlp=object(),
                                  workers=workers)
            assert len(report.added) == ingest.PARALLEL_MIN_DOCS + 4
            assert [str(e) for e in report.errors] == [
                f"{docs / 'd007.txt'}: extraction failed (RuntimeError: extractor bug)"]
            stores.append(([(d.id, d.title, d.words) for d in store.documents()],
                           [(p.name, p.documents) for p in store.people()]))
    assert stores[0] == stores[1]
