"""An invented news corpus for the briefing rules of issue 10 (every name, place and sentence is
made up for these tests): a ferry strike reported by a titled article and by an untitled one with
a Q&A interview, plus an undated notice. The texts carry what briefings must handle: a photo
caption and credit, a reporting frame, a newsroom-process line, a hope about a future date, a
quotation line, a fragment that ends mid-phrase, a slogan, a relative's statement and two people
who share a name."""
from __future__ import annotations

import hashlib
from datetime import date

from digests.models import (
    DocExtraction,
    Document,
    Event,
    PersonRecord,
    QuestionRecord,
    Quote,
    Role,
    StanceRecord,
)
from digests.store import Store

FERRY_A = (
    "On May 10, ferry crews in Port Sable walked off the job, stranding hundreds of island commuters.\n\n"
    "This photo was taken during the first strike in March 2029. Photograph released by the union office\n\n"
    "Back on May 10, the Island Daily News reported that the ferry terminal was closed by the port authority.\n\n"
    'According to Harbour Master Lena Varga, the strike was "a reckless gamble, aimed at" the new port budget.\n\n'
    "Meanwhile, Governor Dorn Vale said he hopes the crews could return before the regatta in July.\n\n"
    '"We will not pay twice for the same ferry," Vale said Monday.\n\n'
    "Vale's sister Dorn Mira warned of a longer strike on Monday.\n\n"
    "Governor Dorn Vale froze the port budget on May 11.\n\n"
    'Crowds chanted slogans such as "Sink the budget!" outside the terminal.'
)
FERRY_B = (
    "Ferry crews in Port Sable stayed off the job for a third day on Tuesday.\n\n"
    "Tidewatch spoke with the skipper on May 12, the day after the walkout. First, the views of a skipper "
    "from Port Sable in his 50s. (Ilse Marr/Oren Tal)\n\n"
    "-- Why strike now?\n\n"
    "A: Yes, I can say why. I think the port budget cuts our wages for the third year running and "
    "nobody listens to us.\n\n"
    "-- Will it end soon?\n\n"
    "A: Not before the regatta, I believe, unless the governor pays what he promised to every crew."
)
NOTICE = "The terminal cafe closed for renovation. It will reopen when the works are done."


def _document(id: str, title: str | None, body: str, *, source: str | None, url: str | None,
              published: date | None) -> Document:
    return Document(id=id, path=f"feeds/{id}.txt", title=title, body=body,
                    sha256=hashlib.sha256(body.encode()).hexdigest(), source=source, url=url,
                    published=published)


def _sentence_event(body: str, when: str | None, precision: str, date_text: str, sentence: str) -> Event:
    start = body.index(sentence)
    return Event(when, precision, date_text, sentence, start, start + len(sentence))


def _quote(body: str, words: str, speaker: str | None, speaker_text: str, kind: str = "direct") -> Quote:
    start = body.index(words)
    return Quote(words, start, start + len(words), speaker, speaker_text, kind)


DOCS = [
    _document("ferry-a", "Ferry crews strike in Port Sable", FERRY_A, source="Harbour Courier",
              url="https://example.org/ferry-a", published=date(2031, 5, 12)),
    _document("ferry-b", None, FERRY_B, source=None, url="https://www.tidewatch.example/ferry",
              published=date(2031, 5, 13)),
    _document("notice", "Terminal notice", NOTICE, source="Port Sable Bulletin", url=None, published=None),
]

EXTRACTIONS = {
    "ferry-a": DocExtraction("ferry-a", events=(
        _sentence_event(FERRY_A, "2031-05-10", "day", "May 10",
                        "On May 10, ferry crews in Port Sable walked off the job, stranding hundreds of island commuters."),
        _sentence_event(FERRY_A, "2029-03", "month", "March 2029",
                        "This photo was taken during the first strike in March 2029."),
        _sentence_event(FERRY_A, "2031-05-10", "day", "May 10",
                        "Back on May 10, the Island Daily News reported that the ferry terminal was closed by the port authority."),
        _sentence_event(FERRY_A, "2031-07", "month", "July",
                        "Meanwhile, Governor Dorn Vale said he hopes the crews could return before the regatta in July."),
        _sentence_event(FERRY_A, "2031-05-11", "day", "Monday",
                        '"We will not pay twice for the same ferry," Vale said Monday.'),
        _sentence_event(FERRY_A, "2031-05-11", "day", "Monday",
                        "Vale's sister Dorn Mira warned of a longer strike on Monday."),
        _sentence_event(FERRY_A, "2031-05-11", "day", "May 11",
                        "Governor Dorn Vale froze the port budget on May 11."),
    ), quotes=(
        _quote(FERRY_A, "a reckless gamble, aimed at", "lena-varga", "Lena Varga", "partial"),
        _quote(FERRY_A, "We will not pay twice for the same ferry", "dorn-vale", "Vale"),
        _quote(FERRY_A, "Sink the budget!", None, "slogans"),
    )),
    "ferry-b": DocExtraction("ferry-b", events=(
        _sentence_event(FERRY_B, "2031-05-10", "day", "Saturday",
                        "Ferry crews in Port Sable stayed off the job for a third day on Tuesday."),
        _sentence_event(FERRY_B, "2031-05-12", "day", "May 12",
                        "Tidewatch spoke with the skipper on May 12, the day after the walkout."),
    )),
    "notice": DocExtraction("notice", events=(
        _sentence_event(NOTICE, None, "none", "", "The terminal cafe closed for renovation."),
    )),
}

PEOPLE = [
    PersonRecord("dorn-vale", "Dorn Vale", ("Vale",), (Role("Governor", "ferry-a"),), ("ferry-a",), mentions=6),
    PersonRecord("dorn-mira", "Dorn Mira", (), (Role("sister of Dorn Vale", "ferry-a"),), ("ferry-a",), mentions=1),
    PersonRecord("lena-varga", "Lena Varga", ("Varga",), (Role("Harbour Master", "ferry-a"),), ("ferry-a",),
                 mentions=2),
    PersonRecord("ilse-marr", "Ilse Marr", (), (), ("ferry-b",), mentions=1),  # a byline, no role
]

QUESTIONS = [
    QuestionRecord("q-cafe", "Will the terminal cafe reopen?", "open", ("notice",),
                   (StanceRecord("notice", None, "the bulletin", "It will reopen when the works are done.", "for"),)),
    QuestionRecord("q-return", "Will the ferry crews return before the regatta?", "open", ("ferry-a", "ferry-b"), (
        StanceRecord("ferry-a", "dorn-vale", "Vale", 'hopes the crews "could return" before the regatta', "for"),
        StanceRecord("ferry-b", None, "a skipper from Port Sable", '"Not before the regatta, I believe"', "against"),
    )),
]


def fill(store: Store) -> Store:
    """Save the corpus (local person keys are the global ids)."""
    for doc in DOCS:
        store.save_document(doc, EXTRACTIONS.get(doc.id, DocExtraction(doc.id)))
    ids = {(d, p.id): p.id for p in PEOPLE for d in p.documents}
    store.save_resolution(PEOPLE, ids, QUESTIONS)
    return store
