"""Cross-document person resolution: name rules, merging, ids, the curated file."""
from __future__ import annotations

from pathlib import Path

import pytest

from digests.models import Person
from digests.curated import Curated, CuratedError, CuratedPerson, load_curated
from digests.merge.people import resolve_people
from digests.names import name_key, same_person, slug

# ----------------------------------------------------------------------------------------------
# Pure name rules

SAME = [
    ("Choi Jae Won", "Choi Jae-won"),
    ("Choi Jae Won", "CHOI Jae-won"),
    ("Choi Jae Won", "Choi Jaewon"),
    ("Baek Ha-jung", "Baek Ha Jong"),
    ("Mun Ha-neul", "Moon Ha Neul"),
    ("Han Seo-yeon", "Han So Yon"),
    ("Lee Seo-yeon", "Rhee Seo Yeon"),
    ("Park Eun-ji", "Pak Un Ji"),
    ("Choi Soo-bin", "Choe Su Bin"),
    ("Roh Hyun-woo", "Noh Hyun Woo"),
    ("Maria Lopez", "Maria T. Lopez"),
    ("José Álvarez", "Jose Alvarez"),
    ("TANAKA Emi", "Emi Tanaka"),
    ("Mohammed al-Rashid", "Muhammad Al Rashid"),
    ("Ahmed Karimi", "Ahmad Karimi"),
    ("Anne-Marie Duval", "Anne Marie Duval"),
    # three-syllable family-name-first names, hyphenated or spaced, accents folded
    ("Han Ji-young", "Han Ji Young"),
    ("Phùng Quang Đạo", "Phung Quang Dao"),
    # particles: case ignored ("Dos Reis" opening a sentence)
    ("Rui Campos dos Reis", "Rui Campos Dos Reis"),
]

DIFFERENT = [
    ("Choi Jae Won", "Choi Jae Il"),
    ("Choi Jae Won", "Choi Yu Jin"),
    ("Choi Jae Il", "Choi Yu Jin"),
    ("Choi Jae Won", "Choi"),
    ("Lopez", "Maria Lopez"),
    ("Maria Lopez", "Elena Lopez"),
    ("George W. Bush", "George H. Bush"),
    ("Lee Seo-yeon", "Lee Seo-jun"),
    ("Park Eun-ji", "Park Ji-eun"),
    ("Jon Berg", "Jan Berg"),
    ("Maria Lopez", "Mario Lopez"),
    ("", "Choi Jae Won"),
    # a name cut short by NER is not the full name (the cut is fixed at extraction)
    ("Han Ji Young", "Han Ji"),
    ("Phùng Quang Đạo", "Phùng Quang"),
    ("Rui Campos dos Reis", "Rui Campos"),
    ("Trần Thị Mai", "Trần Thị Lan"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_person(a, b):
    assert same_person(a, b)
    assert same_person(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_not_same_person(a, b):
    assert not same_person(a, b)
    assert not same_person(b, a)


@pytest.mark.parametrize(("a", "b", "equal"), [
    ("CHOI Jae-won", "Choi Jae Won", True),
    ("Choi Jaewon", "choi jae won", True),
    ("Zoë  Ńovak", "zoe novak", True),
    ("Okafor's", "Okafor", True),
    ("Choi Jae Won", "Choi Jae Il", False),
])
def test_name_key(a, b, equal):
    assert (name_key(a) == name_key(b)) is equal


@pytest.mark.parametrize(("name", "expected"), [
    ("Baek Ha-jung", "baek-ha-jung"),
    ("José Álvarez", "jose-alvarez"),
    ("Dana O'Brien", "dana-o-brien"),
    ("Mehmet Ali Yıldırım", "mehmet-ali-yildirim"),
    ("Łucja Søndergaard", "lucja-sondergaard"),
    ("", "person"),
])
def test_slug(name, expected):
    assert slug(name) == expected


# ----------------------------------------------------------------------------------------------
# Resolution


def p(name: str, *aliases: str, roles: tuple[str, ...] = (), mentions: int = 1,
      key: str | None = None) -> Person:
    return Person(key=key or slug(name), name=name, aliases=aliases, roles=roles,
                  mentions=tuple((i, i + 1) for i in range(mentions)))


def by_name(resolution, name):
    hits = [r for r in resolution.people if r.name == name]
    assert len(hits) == 1, [r.name for r in resolution.people]
    return hits[0]


def test_variants_merge_across_documents_and_keep_doc_roles():
    res = resolve_people([
        ("a", [p("Choi Jae Won", "Choi", roles=("Governor",), mentions=5)]),
        ("b", [p("Choi Jae-won", mentions=2)]),
        ("c", [p("CHOI Jae Won")]),
    ])
    assert len(res.people) == 1
    rec = res.people[0]
    assert rec.name == "Choi Jae Won" and rec.id == "choi-jae-won"
    assert set(rec.aliases) == {"Choi", "Choi Jae-won", "CHOI Jae Won"}
    assert rec.documents == ("a", "b", "c")
    assert rec.mentions == 8
    assert [(r.text, r.doc_id) for r in rec.roles] == [("Governor", "a")]
    assert res.id_for("b", "choi-jae-won") == "choi-jae-won"
    assert res.id_for("b", None) is None and res.id_for("zzz", "choi-jae-won") is None


def test_spaced_and_hyphenated_given_names_merge_but_namesakes_do_not():
    res = resolve_people([
        ("a", [p("Han Ji-young", "Han", roles=("Unification Minister",))]),
        ("b", [p("Han Ji Young"), p("Han Do-yun", roles=("envoy",))]),
        ("c", [p("Han Do Yun")]),
    ])
    assert sorted(r.name for r in res.people) == ["Han Do-yun", "Han Ji-young"]
    assert by_name(res, "Han Ji-young").documents == ("a", "b")
    assert by_name(res, "Han Do-yun").documents == ("b", "c")


def test_relatives_sharing_a_surname_never_merge():
    res = resolve_people([
        ("a", [p("Choi Jae Won"), p("Baek Ha-jung"), p("Choi Yu-jung")]),
        ("b", [p("Choi Yu Jong"), p("Choi Jae Il")]),
    ])
    assert sorted(r.name for r in res.people) == [
        "Baek Ha-jung", "Choi Jae Il", "Choi Jae Won", "Choi Yu-jung"]
    assert by_name(res, "Choi Yu-jung").documents == ("a", "b")


def test_surname_only_person_joins_the_unique_full_name():
    res = resolve_people([
        ("a", [p("Petra Lindholm", "Lindholm")]),
        ("b", [p("Lindholm", roles=("Minister",))]),
    ])
    rec = by_name(res, "Petra Lindholm")
    assert rec.documents == ("a", "b")
    assert res.id_for("b", "lindholm") == rec.id
    assert ("Minister", "b") in [(r.text, r.doc_id) for r in rec.roles]


def test_surname_only_person_stays_apart_when_ambiguous():
    res = resolve_people([
        ("a", [p("Petra Lindholm")]),
        ("b", [p("Erik Lindholm")]),
        ("c", [p("Lindholm")]),
    ])
    assert len(res.people) == 3
    assert res.id_for("c", "lindholm") == "lindholm"


def test_surname_only_not_merged_when_its_own_document_has_a_rival():
    res = resolve_people([
        ("a", [p("Petra Lindholm")]),
        ("b", [p("Lindholm"), p("Erik Lindholm")]),
    ])
    assert res.id_for("b", "lindholm") not in {res.id_for("a", "petra-lindholm"),
                                               res.id_for("b", "erik-lindholm")}


def test_two_people_of_one_document_are_never_merged():
    # the two spellings would match by rule, but one document lists them as two people
    res = resolve_people([("a", [p("Kang Min-ho"), p("Kang Min Ho", key="kang-min-ho-2")])])
    assert len(res.people) == 2
    assert len(set(res.ids.values())) == 2


def test_display_name_is_the_fullest_most_frequent_form():
    res = resolve_people([
        ("a", [p("Baek Ha Jong", mentions=1)]),
        ("b", [p("Baek Ha-jung", mentions=4)]),
        ("c", [p("Baek Ha-jung", mentions=2)]),
    ])
    assert res.people[0].name == "Baek Ha-jung"


def test_ids_unique_and_deterministic():
    per_doc = [
        ("a", [p("Ana Ruiz"), p("Leo Park")]),
        ("b", [p("ANA Ruíz")]),  # the same name: merges
        ("c", [p("Mei Tanaka")]),
    ]
    first = resolve_people(per_doc)
    second = resolve_people(per_doc)
    assert [r.id for r in first.people] == [r.id for r in second.people]
    assert len({r.id for r in first.people}) == len(first.people) == 3


def test_slug_collisions_get_suffixes():
    res = resolve_people([("a", [p("Li Wei")]), ("b", [p("Li Wei"), p("Li-Wei")])])
    ids = [r.id for r in res.people]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("li-wei") for i in ids)


def test_empty_input():
    res = resolve_people([])
    assert res.people == () and res.ids == {}


# ----------------------------------------------------------------------------------------------
# Curated file


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "people.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_curated_file_is_empty(tmp_path):
    assert load_curated(tmp_path / "absent.toml").people == ()


def test_curated_file_is_read(tmp_path):
    path = write(tmp_path, '[[person]]\nname = "Amaru Quispe"\naliases = ["A. Quispe"]\n'
                           'roles = ["governor"]\n')
    cur = load_curated(path)
    assert cur.people == (CuratedPerson("Amaru Quispe", ("A. Quispe",), ("governor",)),)


def test_example_file_is_valid(seeds_dir):
    assert load_curated(seeds_dir / "people.toml.example").people


@pytest.mark.parametrize(("text", "line", "fragment"), [
    ('[[person]]\nname = "Ok Name"\n\n[[person]]\naliases = ["x"]\n', 4, "'name'"),
    ('[[person]]\nname = "Ok"\nroles = "minister"\n', 1, "'roles'"),
    ('[[person]]\nname = "Ok"\nnickname = "x"\n', 1, "unknown key"),
    ('[[person]]\nname = "unterminated\n', 2, "invalid TOML"),
    ('people = 3\n', 1, "unknown top-level"),
])
def test_malformed_curated_file_names_file_and_line(tmp_path, text, line, fragment):
    path = write(tmp_path, text)
    with pytest.raises(CuratedError) as err:
        load_curated(path)
    message = str(err.value)
    assert str(path) in message and f"line {line}" in message and fragment in message


def test_curated_aliases_merge_and_add_roles():
    curated = Curated(people=(CuratedPerson("Amaru Quispe Mamani", ("Quispe",), ("governor",)),),
                      source="people.toml")
    res = resolve_people([
        ("a", [p("Amaru Quispe Mamani")]),
        ("b", [p("Quispe"), p("Rosa Quispe")]),  # a rival in b: only the curated alias merges
    ], curated=curated)
    rec = by_name(res, "Amaru Quispe Mamani")
    assert rec.documents == ("a", "b")
    assert ("governor", "people.toml") in [(r.text, r.doc_id) for r in rec.roles]
    assert res.id_for("b", "rosa-quispe") != rec.id


@pytest.mark.parametrize(("full", "bare", "joins"), [
    # English given name + family name(s) + hyphenated Chinese given name: the family names
    # inside the name are surnames a later document may use alone ("Mrs Chan")
    ("Emily Chan Lau Wai-ling", "Chan", True),
    ("Emily Chan Lau Wai-ling", "Lau", True),
    ("Peter Ho Kwok-wah", "Ho", True),
    # a Western middle name is no surname, nor a hyphenated double surname's first half
    ("Mary Anne Whitlock", "Anne", False),
    ("Mary Anne Smith-Jones", "Anne", False),
    ("Jean Paul Martin-Ruiz", "Paul", False),
])
def test_surnames_inside_long_names(full, bare, joins):
    res = resolve_people([("a", [p(full)]), ("b", [p(bare)])])
    assert (res.id_for("b", slug(bare)) == res.id_for("a", slug(full))) is joins
