"""Quoted voices for briefings (pure text rules over a document body):

* :func:`carrying_clause`: the words around a partial quote, with its quote marks, so that a
  fragment reads inside the sentence that carries it (the mayor said the plan was "a costly,
  reckless gamble") and a fragment that stops mid-phrase ("..., aimed at") is completed;
* :func:`voice_kind`: whether an unnamed speaker is a slogan (banners, chants: never quoted
  as a voice), a crowd, or another unnamed voice;
* :func:`interviewee`: the interviewee of a question-and-answer piece, described as the piece
  describes them ("a resident of <place>, interviewed by <outlet>"), with their first
  substantial answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Interview", "CLAUSE_CHARS", "carrying_clause", "ends_mid_phrase", "interviewee", "voice_kind"]

#: A carrying clause longer than this is cut to the clauses around the quote.
CLAUSE_CHARS = 280

_QUOTES = "\"“”‘’«»"
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])([\"”’]?)\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
_CONNECTIVE = re.compile(
    r"^(?:meanwhile|however|moreover|furthermore|in addition|also|but|and|so|separately|"
    r"(?:just |only )?(?:a few |few |two |three |several )?(?:days?|weeks?|months?) (?:earlier|later|before|after))"
    r"\s*,?\s+",
    re.IGNORECASE,
)


_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Za-z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Capt|Rep|Sen|Gov|Prof|Jr|Sr|No|Vol|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Corp|Ltd|Co|vs|etc)\.)$"
)


def _breaks(body: str, start: int = 0, end: int | None = None):
    """Sentence breaks of ``body`` in [start, end), not after abbreviations ("U.S.", "Dr.")."""
    for m in _SENTENCE_BREAK.finditer(body, start, len(body) if end is None else end):
        if m.group(0).startswith("\n") or not _ABBREVIATION.search(body[max(0, m.start() - 12):m.start()]):
            yield m


def _sentence_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence of ``body`` holding [start, end)."""
    left = 0
    for m in _breaks(body, 0, start):
        left = m.end()
    m = next(_breaks(body, end), None)
    right = m.start() + len(m.group(1) or "") if m else len(body)  # closing marks stay
    return left, max(right, end)


def carrying_clause(body: str, start: int, end: int, *, limit: int = CLAUSE_CHARS) -> str | None:
    """The sentence of ``body`` that carries the quoted words at [start, end), quote marks kept,
    leading connective dropped, cut to the clauses around the quote when longer than ``limit``.
    None when the offsets do not fit the body."""
    if not (0 <= start < end <= len(body)):
        return None
    left, right = _sentence_bounds(body, start, end)
    sentence = body[left:right]
    q_start, q_end = start - left, end - left
    text = " ".join(sentence.split())
    if len(sentence) > limit:
        # keep the clause before the quote (its speaker and verb) and the one after it
        head = sentence[:q_start]
        cut = max(head.rfind(", "), head.rfind("; "), head.rfind(" — "))
        lead = head[cut + 2:] if cut >= 0 and q_start - cut < limit // 2 else head[-(limit // 2):]
        tail = sentence[q_end:]
        stop = min((i for i in (tail.find(", ", 1), tail.find("; ", 1), tail.find(". ")) if i > 0),
                   default=len(tail))
        text = " ".join((lead + sentence[q_start:q_end] + tail[:stop]).split())
        if not head.endswith(lead):
            text = "…" + text
    text = _CONNECTIVE.sub("", text).strip()
    text = text.rstrip(" ,;:")
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    return text[:1].upper() + text[1:] if text else None


_DANGLING = re.compile(
    r"(?:\b(?:a|an|the|of|to|at|in|on|for|with|by|from|into|about|against|toward|towards|and|or|but|"
    r"that|which|who|whose|aimed|as|than|like|its|their|his|her|our|my|your)|,)\s*$",
    re.IGNORECASE,
)


def ends_mid_phrase(text: str) -> bool:
    """Whether a quoted fragment stops mid-phrase ("..., aimed at", "the future of"): it ends on
    a function word or a comma, so it needs its carrying clause (or an ellipsis)."""
    return bool(_DANGLING.search(text.strip()))


_SLOGAN = re.compile(
    r"\b(?:slogans?|chants?|chanting|banners?|placards?|posters?|signs?|graffiti|billboards?|"
    r"hashtags?|flyers?|t-shirts?|mottos?|catchphrases?)\b",
    re.IGNORECASE,
)
_CROWD = re.compile(
    r"\b(?:crowds?|protesters?|demonstrators?|marchers?|rioters?|mobs?|masses|onlookers|"
    r"supporters|the people|residents|villagers|workers|students|fans|voters)\b",
    re.IGNORECASE,
)


def voice_kind(speaker_text: str | None) -> str:
    """How an unnamed speaker counts: "slogan" (a banner, chant or slogan: not a voice),
    "crowd" (many people at once) or "unnamed" (a spokesperson, an official, a resident)."""
    text = speaker_text or ""
    if _SLOGAN.search(text):
        return "slogan"
    if _CROWD.search(text):
        return "crowd"
    return "unnamed"


@dataclass(frozen=True, slots=True)
class Interview:
    """The interviewee of a question-and-answer piece: how the piece describes them, and their
    first substantial answer (``start``/``end`` span it in the body)."""

    description: str
    answer: str
    start: int
    end: int


_ANSWER = re.compile(r"^[ \t]*(?:A|Answer)\s*[:.)]\s*(.+)$", re.MULTILINE)
_QUESTION = re.compile(r"^[ \t]*(?:Q|Question)\s*[:.)]|^[ \t]*(?:--|—|–)\s*\S", re.MULTILINE)
_PERSON_NOUN = (
    r"(?:resident|native|citizen|inhabitant|farmer|worker|labou?rer|trader|merchant|vendor|"
    r"teacher|student|soldier|officer|official|refugee|villager|doctor|nurse|driver|"
    r"employee|member|veteran|mother|father|woman|man|shopkeeper|fisherman|miner|engineer|"
    r"journalist|activist|volunteer|businessman|businesswoman|retiree|pensioner|survivor)"
)
# a person by what they do: a known noun, or an agent noun ("skipper", "operator", "guide")
_AGENT_NOUN = rf"(?:{_PERSON_NOUN}|[a-z]{{2,}}(?:er|or|ist|ian|ant|ent|man|woman|person))"
_DESCRIPTION = re.compile(
    rf"\b(an?\s+(?:[\w'’-]+\s+){{0,2}}?{_AGENT_NOUN}\s+(?:of|from|in|living in)\s+(?:the\s+)?"
    rf"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)",
)
_ANSWER_WORDS = 12


def interviewee(body: str, *, outlet: str | None = None) -> Interview | None:
    """The interviewee of a Q&A piece (two answers "A: ..." and a question "Q: ..." or
    "-- ..."), described by the first "a <person> of/from/in <Place>" phrase before the first
    answer, with the outlet that interviewed them; None when ``body`` is no Q&A piece or
    names no such description."""
    answers = list(_ANSWER.finditer(body))
    if len(answers) < 2 or not _QUESTION.search(body, 0, answers[-1].start()):
        return None
    described = _DESCRIPTION.search(body, 0, answers[0].start())
    if not described:
        return None
    description = " ".join(described.group(1).split())
    if outlet:
        description = f"{description}, interviewed by {outlet}"
    substantial = [m for m in answers if len(m.group(1).split()) >= _ANSWER_WORDS]
    if not substantial:
        return None
    # the first answer that gives a view ("I think ...") says most; else the first long one
    view = next((p for p in (_OPINION, _VIEW) if any(p.search(a.group(1)) for a in substantial)), _VIEW)
    m = next((a for a in substantial if view.search(a.group(1))), substantial[0])
    sentences = _sentences(" ".join(m.group(1).split()))
    viewed = next((i for i, s in enumerate(sentences) if view.search(s)), None)
    answer = " ".join(sentences[viewed:viewed + 2] if viewed is not None else _substantial(sentences))
    return Interview(description, answer, m.start(1), m.end(1))


# an opinion ("I think", "we believe") says more than a feeling ("I also feel that way")
_OPINION = re.compile(r"\b(?:I|we)\s+(?:(?:also|still|really|do)\s+)?(?:think|believe)\b", re.IGNORECASE)
_VIEW = re.compile(r"\b(?:I|we)\s+(?:(?:also|still|really|do|don't|do not)\s+)?(?:think|believe|feel|fear|hope|doubt|expect)\b",
                   re.IGNORECASE)


def _sentences(text: str) -> list[str]:
    out, left = [], 0
    for m in _breaks(text):
        out.append(text[left:m.start() + len(m.group(1) or "")].strip())
        left = m.end()
    out.append(text[left:].strip())
    return [s for s in out if s]


def _substantial(sentences: list[str]) -> list[str]:
    """The first two sentences of an answer after a bare "Yes, I did."-style opener."""
    while len(sentences) > 1 and len(sentences[0].split()) < 5:
        sentences = sentences[1:]
    return sentences[:2]
