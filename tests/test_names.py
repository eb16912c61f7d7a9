"""One names module: folding, keys and variant rules agree wherever names are compared."""
from __future__ import annotations

import pytest

from digests.merge.people import resolve_people
from digests.models import DocExtraction, Document, Person
from digests.names import contract_name, fold, lookup_key, name_key, name_words, same_person
from digests.store import Store


@pytest.mark.parametrize(("written", "plain"), [
    ("Sigrid Østvik", "Sigrid Ostvik"),
    ("Łucja Brzęk", "Lucja Brzek"),
    ("Ægir Þórsson", "Aegir Thorsson"),
    ("Đorđe Kuzmanović", "Dorde Kuzmanovic"),
    ("Grete Weißborn", "Grete Weissborn"),
])
def test_letters_nfkd_keeps_are_spelt_out_by_every_key(written, plain):
    assert fold(written) == fold(plain)
    assert name_key(written) == name_key(plain)
    assert lookup_key(written) == lookup_key(plain)
    assert name_words(written) == name_words(plain)
    assert same_person(written, plain)


def test_keys_differ_for_different_names():
    assert name_key("Sigrid Østvik") != name_key("Sigrid Ostby")
    assert lookup_key("Østvik") != lookup_key("Astvik")


def test_contract_form_ignores_case_hyphens_and_accents_only():
    # the scorer's form: accents dropped by NFKD, no transliteration of ø
    assert contract_name("Jean-Marc Dupré's") == contract_name("jean marc dupre") == "jean marc dupre"
    assert contract_name("Østvik") == "østvik"


def test_a_stored_name_written_with_o_slash_is_found_by_its_plain_spelling(tmp_path):
    body = "Sigrid Østvik opened the ferry terminal. Sigrid Ostvik later thanked the crew."
    doc = Document(id="d1", path="/news/d1.txt", title="Terminal", body=body, sha256="0" * 64,
                   source="Desk", url=None, published=None, published_is_estimate=False)
    people = (Person("p1", "Sigrid Østvik", (), (), ((0, 13),)),)
    other = (Person("p2", "Sigrid Ostvik", (), (), ((41, 54),)),)
    resolution = resolve_people([("d1", people), ("d2", other)])
    assert [p.name for p in resolution.people] == ["Sigrid Østvik"]  # the resolver merges them
    with Store(f"sqlite:///{tmp_path}/db.sqlite3") as store:
        store.save_document(doc, DocExtraction("d1", people=people))
        store.save_resolution(list(resolution.people), dict(resolution.ids), [])
        found = [p.name for p in store.find_people("Ostvik")]
        assert found == ["Sigrid Østvik"]
        assert [p.name for p in store.find_people("sigrid østvik")] == ["Sigrid Østvik"]
