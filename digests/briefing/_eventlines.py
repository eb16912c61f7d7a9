"""Event lines for briefings: which extracted sentences are developments, and how to say them.

Pure text rules over one sentence (no spaCy, no store):

* :func:`not_content` says why a sentence is newsroom furniture rather than news: a photo
  caption or credit ("This image shows ...", "Photo released by ..."), a byline ("By A. Writer",
  "(Writer/Other Writer)"), or a newsroom-process line ("<outlet> spoke with the correspondent",
  "did not respond to a request for comment");
* :func:`is_stance` says that a "dated" sentence is really a hope, plan or doubt about a future
  date ("hopes to sign before the vote in May"): an open question's stance, not an event;
* :func:`is_quote_line` says that a sentence is a quotation with its attribution (it belongs
  under the quotes);
* :func:`clean_event_line` turns a kept sentence into a clause that keeps its subject and
  meaning: reporting frames ("Back on <date>, <outlet> reported that ...", "..., according to
  <outlet>"), leading connectives ("Meanwhile,"), leading date adjuncts (the date is shown
  apart), datelines and trailing bylines are removed.

Only general English is used: no names or facts of any corpus.
"""
from __future__ import annotations

import functools
import re
from datetime import date

__all__ = [
    "clean_event_line",
    "is_byline",
    "is_caption",
    "is_newsroom_process",
    "is_quote_line",
    "is_stance",
    "not_content",
]

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DATEWORD = rf"(?:{_MONTH}|{_WEEKDAY}|\d{{1,4}}(?:st|nd|rd|th)?|today|yesterday|tonight|(?:this|last|next) (?:week|month|year|\w+day))"
_IMAGE = r"(?:picture|photo|photograph|image|video|footage|screenshot|still|graphic|illustration)s?"
_QUOTE_OPEN = "\"“‘'«"
_QUOTE_CLOSE = "\"”’'»"

# ----------------------------------------------------------------------------------------------
# Captions and credits

_CAPTION_PATTERNS = (
    # a demonstrative pointing at an image, with what images do: "This picture was taken ...",
    # "The photo shows ...", "These images were released ..."
    rf"\b(?:this|these|the|that|those|above|below|top|left|right)\s+(?:file\s+)?{_IMAGE}\s+"
    r"(?:was|were|is|are|has been|have been)?\s*"
    r"(?:taken|shot|shows?|showing|shown|released|provided|published|obtained|supplied|made|captured|dated|posted|distributed)\b",
    # credits: "Photo released by ...", "Image courtesy of ...", "Photograph: ..."
    rf"^(?:file\s+)?{_IMAGE}\s*(?::|\||[-–—]\s|\b(?:by|courtesy|credit|via|released|provided|supplied|obtained|taken|from)\b)",
    rf"\b{_IMAGE}\s+(?:released|provided|supplied|distributed|handed out|obtained|courtesy)\s+(?:by|of)\b",
    rf"\((?:file\s+)?{_IMAGE}\s*(?::|by|courtesy|credit)[^)]*\)",
    r"\b(?:photo|image|picture)\s+credit\b",
    r"^\s*(?:pictured|above|below|top|left|right)\s*(?::|,|[-–—])",
    r"\bis pictured\b|\bare pictured\b|\bseen in (?:this|a|the) (?:file )?" + _IMAGE + r"\b",
)
_CAPTION = re.compile("|".join(f"(?:{p})" for p in _CAPTION_PATTERNS), re.IGNORECASE)


def is_caption(text: str) -> bool:
    """Whether ``text`` is a photo caption or an image credit."""
    return bool(_CAPTION.search(text))


# ----------------------------------------------------------------------------------------------
# Bylines and datelines

_NAME = r"[A-Z][\w.'’-]*"
_BYLINE = re.compile(
    rf"^\s*(?:(?:additional\s+)?(?:reporting|writing|editing|compiled|translated|text|words|story)\s+by|by)\s+"
    rf"{_NAME}(?:\s+{_NAME}){{0,3}}(?:\s*(?:,|and|&|/)\s*{_NAME}(?:\s+{_NAME}){{0,3}})*"
    r"(?:\s*[,|;–—-]\s*[\w .,'’&-]{0,60})?\s*\.?\s*$",
    re.IGNORECASE,
)
# "(Reporting by A; Editing by B)", "(A/B)", "(A B / C D)": a parenthesis holding names only
_PAREN_NAMES = re.compile(
    rf"\(\s*(?:(?:reporting|writing|editing|additional reporting)\s+by\s+)?"
    rf"{_NAME}(?:\s+{_NAME}){{0,3}}(?:\s*(?:/|;|,|and)\s*(?:(?:reporting|writing|editing)\s+by\s+)?{_NAME}(?:\s+{_NAME}){{0,3}})+\s*\)\s*$"
)
_DATELINE = re.compile(
    rf"^\s*[A-Z][A-Z .'’-]{{2,40}}(?:,\s*[A-Z][\w .]{{0,30}})?,?\s+(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})?"
    r"\s*(?:\([^)]{1,40}\))?\s*[-–—]{1,2}\s+",
    re.IGNORECASE,
)


def is_byline(text: str) -> bool:
    """Whether ``text`` is a byline or a credit line naming writers only."""
    stripped = text.strip()
    return bool(_BYLINE.match(stripped) or _PAREN_NAMES.fullmatch(stripped))


def _strip_dateline(text: str) -> str:
    m = _DATELINE.match(text)
    # a dateline's place is in capitals ("PORT LOUIS, May 3 (Wire) -"): a sentence that merely
    # starts with a capitalised word and a dash keeps its words
    if m and m.group(0).split(",")[0].strip().isupper():
        return text[m.end():]
    return text


# ----------------------------------------------------------------------------------------------
# Newsroom process

_NEWSROOM_PATTERNS = (
    r"\b(?:did not|didn't|could not|couldn't|has not|hasn't|have not|haven't)\s+(?:immediately\s+)?"
    r"(?:respond|reply|return|answer)\w*\b.{0,60}\b(?:request|comment|calls?|messages?|emails?|inquir\w+)",
    r"\bcould not be (?:immediately )?reached\b",
    r"\b(?:declined|refused) (?:to comment|requests? for comment)\b",
    r"\brequests? for comment\b",
    r"^(?:we|our (?:reporters?|correspondents?|team)|this (?:reporter|newspaper|paper|outlet|site|writer))\b"
    r".{0,40}\b(?:spoke|talked|contacted|interviewed|reached|asked|will relay|relay|obtained|reviewed|visited)\b",
    r"\b(?:spoke|talked)\s+(?:with|to)\s+(?:the|our|its|their|a|an|two|three|several)?\s*"
    r"(?:reporting\s+)?(?:partners?|correspondents?|reporters?|sources?|informants?|contacts?|stringers?)\b",
    r"\b(?:contacted|interviewed|reached)\s+(?:the|our|its|their|a|an|two|three|several)?\s*"
    r"(?:reporting\s+)?(?:partners?|correspondents?|reporters?|informants?|contacts?|stringers?)\b",
    r"\b(?:this|the) (?:article|story|report|piece) (?:was|has been) (?:updated|corrected|amended|edited)\b",
)
_NEWSROOM = re.compile("|".join(f"(?:{p})" for p in _NEWSROOM_PATTERNS), re.IGNORECASE)


def is_newsroom_process(text: str, *, outlet: str | None = None) -> bool:
    """Whether ``text`` tells how the newsroom got the story rather than the story: "<outlet>
    spoke with ...", "did not respond to a request for comment", "we contacted ..."."""
    if _NEWSROOM.search(text):
        return True
    return any(frame.search(text) for frame in _outlet_frames(outlet))


@functools.lru_cache(maxsize=1024)
def _outlet_frames(outlet: str | None) -> tuple[re.Pattern[str], ...]:
    """"<outlet> spoke with / contacted / ..." for each name of the outlet (compiled once)."""
    return tuple(
        re.compile(rf"^\s*{re.escape(name)}\b.{{0,30}}\b(?:spoke|talked|contacted|interviewed|reached|asked|"
                   r"obtained|reviewed)\b", re.IGNORECASE)
        for name in _outlet_names(outlet)
    )


def _outlet_names(outlet: str | None) -> list[str]:
    """How an outlet names itself: as given, and for a domain ("news.example.org") its name
    ("news")."""
    if not outlet or not outlet.strip():
        return []
    names = [outlet.strip()]
    if re.fullmatch(r"[\w.-]+\.[a-z]{2,}", outlet.strip(), re.IGNORECASE):
        names.append(outlet.strip().split(".")[0])
    return names


def not_content(text: str, *, outlet: str | None = None) -> str | None:
    """Why ``text`` is no development to list ("caption", "byline", "newsroom"), or None."""
    if is_caption(text):
        return "caption"
    if is_byline(text):
        return "byline"
    if is_newsroom_process(text, outlet=outlet):
        return "newsroom"
    return None


# ----------------------------------------------------------------------------------------------
# Stances and quotations mistaken for events

# hopes, wishes and doubts; an announced schedule ("would open in May", "plans to") stays an event
_STANCE_WORDS = re.compile(
    r"\b(?:hopes?|hoped|hoping|wish(?:es|ed)?|wants?|wanted|expects?|expected|expecting|"
    r"urged?|urging|calls? for|called for|likely|unlikely|possible|possibly|might|could|should|"
    r"seeks?|sought|doubts?|doubted|uncertain|unclear)\b",
    re.IGNORECASE,
)


def is_stance(text: str, *, when: str | None, published: date | None) -> bool:
    """Whether a dated sentence is a hope, plan or doubt about its date rather than something
    that happened: its date lies after the article's publication and the sentence is hedged or
    wished ("hopes they can meet before the vote in May", "could sign by March"). An announced
    schedule ("the bridge would open in May") stays an event."""
    if not when or published is None or when.startswith("--"):
        return False
    parts = [int(p) for p in when.split("-")]
    try:
        earliest = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return False
    if earliest <= published:
        return False
    return bool(_STANCE_WORDS.search(text))


_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|told|added|asked|stated|declared|wrote|tweeted|insisted|argued|"
    r"warned|explained|noted|recalled)\b",
    re.IGNORECASE,
)


def is_quote_line(text: str) -> bool:
    """Whether ``text`` is a quotation with its attribution ("'..,' the mayor said Monday."):
    it opens with a quotation mark and attributes the words after they close."""
    stripped = text.lstrip()
    if not stripped or stripped[0] not in _QUOTE_OPEN:
        return False
    close = max(stripped.rfind(c) for c in _QUOTE_CLOSE)
    if close <= 0:
        return False
    tail = stripped[close + 1:]
    return len(tail.split()) <= 12 and bool(_ATTRIBUTION.search(tail))


# ----------------------------------------------------------------------------------------------
# Cleaning a kept sentence into a clause

_CONNECTIVE = re.compile(
    r"^(?:meanwhile|however|moreover|furthermore|in addition|additionally|also|still|yet|but|and|so|"
    r"separately|besides|further|instead|indeed|now|then|previously|earlier|later|since then|"
    r"in (?:the )?meantime|at the same time|on the other hand|in turn|as a result|"
    r"(?:just |only )?(?:a few |few |two |three |several )?(?:days?|weeks?|months?|hours?) "
    r"(?:earlier|later|before|after|ago))\s*,?\s+",
    re.IGNORECASE,
)
# "Back on June 16, ", "On Monday, ", "In May 2031, ", "Earlier this month, "
_DATE_ADJUNCT = re.compile(
    rf"^(?:(?:back|just|as early as|as late as|earlier|later)\s+)?"
    rf"(?:on|in|since|by|at|from|until|during|over|throughout|within|for)?\s*"
    rf"(?:the\s+)?(?:(?:last|past|previous|coming|next)\s+(?:few\s+)?(?:days?|weeks?|months?|years?)\s*,\s+)?(?:(?:early|late|mid)[- ])?{_DATEWORD}(?:[\s,]+(?:{_DATEWORD}|of))*\s*,\s+",
    re.IGNORECASE,
)
_EARLIER_THIS = re.compile(r"^(?:earlier|later)\s+(?:this|last|that)\s+\w+\s*,?\s+", re.IGNORECASE)
# "In a statement issued on June 13, X" -> "In a statement, X"
_ADJUNCT_DATE = re.compile(
    rf"^((?:in|at|during|after|before)\s+[^,]{{1,50}}?)\s+(?:(?:issued|made|released|held|given|published|delivered)\s+)?"
    rf"(?:on|in)\s+{_DATEWORD}(?:[\s,]+{_DATEWORD})*\s*,",
    re.IGNORECASE,
)
_MEDIA_WORD = (
    r"(?:news|agency|times|post|press|presse|tv|television|radio|broadcaster|broadcasting|media|"
    r"newspaper|daily|herald|journal|tribune|gazette|wire|outlet|channel|network|magazine|telegraph|"
    r"chronicle|observer|report|reports|reporters?|correspondents?|website|service)"
)
# "<up to 8 words> reported (on Monday) that X" -> "X"
_REPORTED_THAT = re.compile(
    rf"^(?:[\w'’.-]+\s+){{0,8}}?(?:reported|reports|has reported|had reported|wrote|cited\s+[^,]{{1,40}}?\s+as saying)"
    rf"(?:\s+(?:on|in|last)?\s*{_DATEWORD}(?:\s+{_DATEWORD})*)?(?:\s+that)?\s+(?=\S)",
    re.IGNORECASE,
)
_ACCORDING_LEAD = re.compile(r"^according to [^,]{1,80},\s+", re.IGNORECASE)
_ACCORDING_TAIL = re.compile(r",?\s+according to [^,;]{1,80}[.!]?$", re.IGNORECASE)
# "..., reports Some Agency." / "..., Some News reported." at the end of a sentence
_REPORTS_TAIL = re.compile(
    rf",\s+(?:reports?|reported|said|says)\s+(?:[\w'’.-]+\s+){{0,5}}?[\w'’.-]*{_MEDIA_WORD}[\w'’.-]*[.!]?$"
    rf"|,\s+(?:[\w'’.-]+\s+){{0,5}}?[\w'’.-]*{_MEDIA_WORD}[\w'’.-]*\s+(?:reported|reports|said|says)"
    rf"(?:\s+(?:on\s+)?{_DATEWORD})?[.!]?$",
    re.IGNORECASE,
)
_TRAILING_PAREN_NAMES = re.compile(
    rf"\s*\(\s*{_NAME}(?:\s+{_NAME}){{0,3}}(?:\s*(?:/|;|and)\s*{_NAME}(?:\s+{_NAME}){{0,3}})+\s*\)\s*$"
)


# "rallies with slogans such as “...”": the example words are a slogan, not the development
_SLOGAN_EXAMPLE = re.compile(
    r"\b((?:slogans?|chants?|banners?|placards?|signs?|posters?|graffiti|messages?)"
    r"(?:\s+\w+){0,2}?)\s*,?\s+(?:such as|like|including|reading|that read|which read|saying)\s*:?\s*"
    r"[\"“‘«][^\"”’»]{1,200}[\"”’»][.!]?",
    re.IGNORECASE,
)


def clean_event_line(text: str) -> str:
    """``text`` as a clean clause: no dateline, reporting frame, leading connective or date
    adjunct, trailing attribution to an outlet or byline; first letter capitalised; the final
    full stop dropped. Returns the stripped input when cleaning would leave too little."""
    original = " ".join(text.split())
    lowered = original.lower()
    line = _strip_dateline(original)
    if line.endswith(")"):
        line = _TRAILING_PAREN_NAMES.sub("", line)
    for _ in range(3):  # frames nest: "Meanwhile, back on May 3, a paper reported that ..."
        before = line
        line = _CONNECTIVE.sub("", line)
        line = _EARLIER_THIS.sub("", line)
        line = _DATE_ADJUNCT.sub("", line)
        line = _ACCORDING_LEAD.sub("", line)
        line = _ADJUNCT_DATE.sub(r"\1,", line)
        frame = _REPORTED_THAT.match(line)
        if frame and _is_reporting_frame(frame.group(0)):
            line = line[frame.end():]
        if line == before:
            break
    # the scanning patterns run only when their key words occur (most lines have none)
    if any(q in line for q in _QUOTE_OPEN):
        line = _SLOGAN_EXAMPLE.sub(r"\1", line)
    if "according" in lowered:
        line = _ACCORDING_TAIL.sub("", line)
    if "report" in lowered or " said" in lowered or " says" in lowered:
        line = _REPORTS_TAIL.sub("", line)
    line = line.strip().rstrip(",;:")
    if line.endswith(".") and not line.endswith(".."):
        line = line[:-1].rstrip()
    if len(line.split()) < 3:
        return original.rstrip(".").strip()
    return line[0].upper() + line[1:]


def _is_reporting_frame(frame: str) -> bool:
    """A "<who> reported that" frame whose subject is the press (or that uses "reported"),
    not a person's claim: "officials said that" keeps its subject, "a paper reported" goes."""
    words = frame.lower()
    if re.search(r"\b(?:reported|reports|has reported|had reported)\b", words):
        return True
    return bool(re.search(rf"\b[\w'’.-]*{_MEDIA_WORD}\b", words))
