"""Quotations and their speakers (who said what).

:func:`extract_quotes` finds the quoted spans of a parsed document and credits each one:

1. **Spans.** Straight or curly double quotes, and single quotes at top level. A paragraph
   whose quotation is not closed continues into the next paragraph when that one opens with a
   quote mark (the news convention for multi-paragraph quotations).
2. **Filters.** A quoted single word is a label or scare quote. A two-word span is too,
   unless it is a complete spoken sentence ('"Nobody listened."') or part of what a reporting
   verb with a subject reports ('she warned of a "bitter winter"'; see
   ``lexicon.SHORT_REPORTED_QUOTES``) and is not a name given to something ('what they call a
   "quiet exit"'). A verbless phrase after "described as", "so-called", ...
   or modifying the noun after it is a label; a title-cased phrase in a headline is not a
   quote; an unattributed verbless partial quote is a scare quote.
3. **Speakers** (via :mod:`digests.extract.attribution`): slogans and chants, then the reporting
   verb or "according to" of the quote's own sentence, a named subject of a clause that
   introduces the quote with a colon ('Lopes was defiant: "..."'), then the previous quote of
   the same paragraph (quotes split by their attribution), the previous sentence, the next
   sentence, and for a paragraph that opens with a quotation, the previous paragraph's speaker.
   Inside an interview answer ("A: ..."), what is not credited otherwise belongs to the
   interviewee.
4. **Interview answers.** When the interviewee is a named person (a name label, "Novak: ...",
   or a letter label the article introduces as a named person), each answer is that person's
   direct quotation (cut around sentences holding quotations of their own). An unnamed
   interviewee's answers and the interviewer's questions are not quotations.
5. **Split sentences.** One quoted sentence split by its attribution ('"A," she said, "but
   b."') is one quotation "A, but b." (see ``_join_split_quotes``).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Person, Quote
from . import lexicon
from ._layout import QuotedSpan, containing, paragraph_index
from ._transcripts import (
    answer_start,
    label_person,
    label_words,
    name_parts,
    transcript_turns,
)
from .attribution import (
    Speaker,
    is_outlet_credit,
    lemma_in,
    sentence_speaker,
    speaker_of_subject,
    subject_of,
)
from .mentions import MentionIndex, index_mentions
from .parsed import ParsedDocument, as_parsed

__all__ = ["Quotations", "attribute_quotations", "extract_quotes", "is_quotation"]

_WORD = re.compile(r"[\w][\w'’\-]*")
#: Fewest words of an interview answer given as a quotation ("Thank you." is not one).
_MIN_ANSWER_WORDS = 3


# ----------------------------------------------------------------------------------------------
# Finding quoted spans


# ----------------------------------------------------------------------------------------------
# Telling quotations from labels and scare quotes


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _tokens(doc, span: QuotedSpan):
    chars = doc.char_span(span.start, span.end, alignment_mode="expand")
    return list(chars) if chars is not None else []


def _has_verb(doc, span: QuotedSpan) -> bool:
    """True when the quoted words hold a verb used as a verb (not "so-called", "broken")."""
    return any(
        t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound", "nmod")
        for t in _tokens(doc, span)
    )


def _is_headline(text: str, p_start: int, p_end: int) -> bool:
    """A paragraph that reads like a headline: no closing punctuation, mostly title case."""
    para = text[p_start:p_end].strip()
    if not para or para[-1] in ".!?\"”’":
        return False
    words = [w for w in _words(para) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _follows_label_cue(text: str, open_at: int) -> bool:
    before = " ".join(text[max(0, open_at - 40) : open_at].lower().split())
    return any(before.endswith(cue) for cue in lexicon.LABEL_CUES)


def _modifies_next_noun(doc, span: QuotedSpan) -> bool:
    after = doc.char_span(span.close + 1, len(doc.text), alignment_mode="expand")
    if after is None:
        return False
    nxt = next((t for t in after if not t.is_space and t.text not in "\"”’'"), None)
    return nxt is not None and nxt.pos_ in ("NOUN", "PROPN")


def _short_reported_phrase(doc, span: QuotedSpan) -> bool:
    """A short quoted phrase counts as a quotation only when it is part of what a named
    reporting verb reports ('she warned of a "bitter winter"', 'said it had "no appetite"'),
    never as a label ('what they call a "quiet exit"', 'images described as "crude, cheap"')."""
    if not lexicon.SHORT_REPORTED_QUOTES:
        return False
    if _follows_label_cue(doc.text, span.open) or _follows_naming_verb(doc.text, span.open):
        return False
    tokens = [t for t in _tokens(doc, span) if not t.is_punct]
    if not tokens or all(t.text[:1].isupper() for t in tokens):
        return False
    inside = {t.i for t in tokens}
    root = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[0])
    if root.pos_ in ("ADJ", "NOUN", "PROPN") and _modifies_next_noun(doc, span):
        return False
    return _reported_by_a_speaker(root)


def _reported_by_a_speaker(root) -> bool:
    """Going up from ``root`` (at most eight steps), a reporting verb with a subject that is
    no outlet credit comes before any naming verb."""
    node = root
    for _ in range(8):
        if node.head.i == node.i:
            return False
        node = node.head
        if lemma_in(node, lexicon.NAMING_VERBS):
            return False
        if node.pos_ in ("VERB", "AUX") and lemma_in(node, lexicon.REPORTING_VERBS):
            return subject_of(node) is not None and not is_outlet_credit(node)
    return False


def _short_sentence(doc, span: QuotedSpan, quoted: str) -> bool:
    """A complete sentence of a few words, spoken ('"Nobody listened."', '"Stop it!"'): a
    capital first, a verb, and its own final stop inside the marks. Labels and scare quotes
    ('the "Blue Ribbon" panel') have none of these."""
    return quoted[:1].isupper() and quoted[-1:] in ".!?" and _has_verb(doc, span)


def _follows_naming_verb(text: str, open_at: int) -> bool:
    """ 'what they call a "..."', 'which locals called "..."': a name given to something."""
    before = text[max(0, open_at - 25) : open_at].lower().split()
    tail = [w for w in before[-3:] if w not in ("a", "an", "the", "it", "them", "this")]
    return bool(tail) and tail[-1].strip(",") in lexicon.NAMING_WORDS


def is_quotation(doc, span: QuotedSpan, bounds) -> bool:
    """True unless ``span`` is a label, a scare quote or a headline phrase."""
    text = doc.text
    quoted = span.text(text)
    words = len(_words(quoted))
    if words < lexicon.MIN_QUOTE_WORDS:
        return False
    if words <= lexicon.MAX_LABEL_WORDS and not (
            _short_reported_phrase(doc, span) or _short_sentence(doc, span, quoted)):
        return False
    para = bounds[paragraph_index(bounds, span.open)]
    if _is_headline(text, *para) and all(w[0].isupper() for w in _words(quoted) if len(w) > 3):
        return False
    if not _has_verb(doc, span) and quoted[-1:] not in ".!?":
        if _follows_label_cue(text, span.open) or _modifies_next_noun(doc, span):
            return False
    return True


# ----------------------------------------------------------------------------------------------
# Interview transcripts


def _interviewee(doc, label: str, index: MentionIndex, upto: int,
                 people: Sequence[Person] = ()) -> Speaker:
    """Who answers an interview, from what the article says before the first answer (``upto``).

    A named label ("NOVAK: ...", "Novak: ...") is the person named before whose name ends
    with its words (of several such, the one named first: the article opens by introducing
    its interviewee, then perhaps a relative of the same name), else the one person of the
    text whose name starts or ends with them ("Ana: ..."). A letter label
    ("A: ..." or "B: ...") is the person the article introduces with that letter: the nearest
    person named before the quoted letter in the same sentence ('we met Ana Novak, a teacher,
    whom we call "A"'). Otherwise the answer belongs to "the interviewee" (or the named label
    itself)."""
    text = doc.text
    letter = "A" if label == "answer" else label
    if label != "answer":
        wanted = label_words(label)
        named = [m for m in index.before(upto)
                 if wanted and name_parts(text[m.start : m.end])[-len(wanted):] == wanted]
        if named:
            first = named[-1].key
            m = next(m for m in named if m.key == first)  # its most recent mention
            return Speaker(m.key, text[m.start : m.end])
        key = label_person(label, people)
        if key is not None:
            return Speaker(key, label)
        if len(label) > 2:
            return Speaker(None, label.title())
    introduced = _introduced_as(doc, letter, index, upto)
    return introduced or Speaker(None, "the interviewee")


def _introduced_as(doc, letter: str, index: MentionIndex, upto: int) -> Speaker | None:
    """The person the text introduces, before ``upto``, as the quoted ``letter``: the nearest
    person named before the first such quoted letter in its sentence, when the letter is said
    of that person ('Ana Novak, a teacher, whom we call "A"', 'Ana Novak, who asked to be
    called "A"', 'Ana Novak ("A")'): the letter's phrase hangs from the person's name in the
    parse, or no verb stands between them. A person merely nearby ('Novak sat beside a welder
    we call "A"') or owning someone ('Novak's driver, "A"') is not the interviewee."""
    text = doc.text
    found = re.search(rf"[\"“‘']{re.escape(letter)}[\"”’']", text[:upto])
    if found is None:
        return None
    at = found.start()
    span = doc.char_span(at + 1, at + 1 + len(letter), alignment_mode="expand")
    if span is None:
        return None
    token = span.root
    floor = token.sent.start_char
    for m in index.before(at, floor=floor):
        if m.start in index.quoted:
            continue
        if _is_possessive_mention(text, m.end):
            return None
        name = doc.char_span(m.start, m.end, alignment_mode="expand")
        if name is None:
            return None
        between = [t for t in doc[name.end : token.i] if t.pos_ in ("VERB", "AUX")]
        if any(a.i == name.root.i for a in token.ancestors) or not between:
            return Speaker(m.key, text[m.start : m.end])
        return None
    return None


def _is_possessive_mention(text: str, end: int) -> bool:
    after = text[end : end + 2]
    return after in ("'s", "’s") or after[:1] in ("'", "’") and text[end - 1 : end] == "s"


# ----------------------------------------------------------------------------------------------
# Speakers


def _slogan_speaker(doc, span: QuotedSpan) -> Speaker | None:
    """``slogans such as "..."`` / ``a banner reading "..."``: collective texts, no speaker."""
    before = doc.char_span(max(0, span.open - 60), span.open, alignment_mode="contract")
    if before is None:
        return None
    glue = {"such", "as", ":", "reading", "read", "saying", "that", "like", "-", "—"}
    glued = False
    for tok in reversed(list(before)):
        if tok.is_space or tok.text == ",":
            continue
        if tok.lower_ in glue:
            glued = True
            continue
        if glued and tok.lemma_.lower() in lexicon.SLOGAN_NOUNS and tok.pos_ == "NOUN":
            mods = [c.text for c in tok.lefts if c.dep_ in ("amod", "compound")]
            return Speaker(None, " ".join(mods + [tok.text]))
        return None
    return None


def _sentences_of(sents, starts: Sequence[int], start: int, end: int) -> list:
    """The sentences overlapping ``[start, end)``; ``starts`` are their sorted start offsets."""
    first = max(0, bisect.bisect_right(starts, start) - 1)
    last = bisect.bisect_left(starts, end)
    return [s for s in sents[first:last] if s.start_char < end and s.end_char > start]


def _is_direct(text: str, span: QuotedSpan, quoted: str) -> bool:
    """A full sentence standing as the speech itself, not words embedded in reported speech."""
    if not quoted[:1].isupper() and not quoted[:1].isdigit():
        return False
    if quoted[-1:] in ".!?" and len(_words(quoted)) >= 4:
        return True
    before = text[max(0, span.open - 8) : span.open].rstrip()
    return not before or before[-1] in ".!?:,\n\"”" or before.endswith("--")


class _Attributor:
    """Credits quotations in text order, remembering earlier speakers for continuations."""

    def __init__(self, doc: ParsedDocument, people: Sequence[Person],
                 index: MentionIndex) -> None:
        self.doc = doc
        self.people = people
        self.index = index
        self.bounds = doc.paragraphs
        self.turns = transcript_turns(doc.text, self.bounds, people)
        self.sents = doc.sentences
        self.starts = doc.sentence_starts
        self.interviewees: dict[str, Speaker] = {}
        self.exclude = doc.quoted_ranges
        self.last: dict[int, Speaker] = {}  # paragraph index -> last quote speaker there

    def _answer_speaker(self, para: int) -> Speaker | None:
        label = self.turns.get(para)
        if label is None or label == "question":
            return None
        # the article introduces its interviewee before the first answer: look once per label
        if label not in self.interviewees:
            self.interviewees[label] = _interviewee(self.doc, label, self.index,
                                                    self.bounds[para][0], self.people)
        return self.interviewees[label]

    def answers(self, quotes: Sequence[Quote]) -> list[Quote]:
        """The answers of a named interviewee as direct quotations.

        Each answer turn of a person the text names ("Novak: ...", or "A: ..." for a person
        introduced as "A") is what that person said: its words after the label are one
        quotation. Sentences holding a quotation of their own (``quotes``: "the officials keep
        telling us, "..."", '"Not here," I told them') keep it and its speaker, and the answer
        is cut around them. Replies of a word or two ("Thank you.") are left out. An unnamed
        interviewee's answers are not quotations; the interviewer's questions never are."""
        text = self.doc.text
        out: list[Quote] = []
        for para in self.turns:
            speaker = self._answer_speaker(para)
            if speaker is None or speaker.key is None:
                continue
            p_start, p_end = self.bounds[para]
            start = answer_start(text, p_start, p_end)
            end = start + len(text[start:p_end].rstrip())
            inner = [q for q in quotes if start <= q.start < end]
            runs: list[list[int]] = [[start, start]]
            for sent in _sentences_of(self.sents, self.starts, start, end):
                s_start, s_end = max(sent.start_char, start), min(sent.end_char, end)
                if s_start >= s_end:
                    continue
                if any(q.start < s_end and q.end > s_start for q in inner):
                    runs.append([s_end, s_end])
                    continue
                if runs[-1][0] == runs[-1][1]:
                    runs[-1][0] = s_start
                runs[-1][1] = s_end
            for r_start, r_end in runs:
                words = " ".join(text[r_start:r_end].split())
                if len(_words(words)) >= _MIN_ANSWER_WORDS:
                    out.append(Quote(words, r_start, r_end, speaker.key, speaker.text, "direct"))
        return out

    def speaker(self, span: QuotedSpan) -> Speaker:
        doc, bounds = self.doc, self.bounds
        para = paragraph_index(bounds, span.open)
        answer_by = self._answer_speaker(para)
        found = (_slogan_speaker(doc, span) or self._delivered_by(span, answer_by)
                 or self._in_sentence(span, answer_by))
        if found is None:
            found = self._colon_introducer(span, answer_by) or self._named_just_before(
                span, answer_by)
        if found is None and para in self.last:
            found = self.last[para]
        if found is None:
            found = self._neighbour(span, para, answer_by)
        if found is None and answer_by is not None:
            found = answer_by
        if found is None and para > 0 and doc.text[bounds[para][0] : span.open].strip() == "":
            found = (self.last[para - 1] if para - 1 in self.last
                     else self._reported_before(para, answer_by))
        found = found or Speaker(None, None)
        self.last[paragraph_index(bounds, span.close)] = found
        return found

    def _reported_before(self, para: int, answer_by: Speaker | None) -> Speaker | None:
        """'Councillor X said the budget was not workable.' then a paragraph opening with an
        unattributed quotation: it goes on with what the named person of the previous
        paragraph's last sentence was reporting, or with the named person that sentence is
        about ("She spoke after the meeting.")."""
        p_start, p_end = self.bounds[para - 1]
        sents = _sentences_of(self.sents, self.starts, p_start, p_end)
        while sents and _aside(sents[-1].text):
            sents = sents[:-1]  # "(Photo: ...)" after a caption: the caption reports
        if not sents:
            return None
        found = sentence_speaker(self.doc, list(sents[-1]), self.index, self.bounds,
                                 exclude=self.exclude, answer_by=answer_by)
        if found is None:  # "X said ... . She spoke after the meeting." then the quotation
            found = self._main_subject(sents[-1], answer_by)
        return found if found is not None and found.key is not None else None

    def _main_subject(self, sent, answer_by: Speaker | None) -> Speaker | None:
        """The named person who is the subject of ``sent``'s main verb (not a verb of
        saying, and no quotation in the sentence), else None."""
        root = sent.root
        if root.pos_ not in ("VERB", "AUX") or lemma_in(root, lexicon.REPORTING_VERBS) or any(
                containing(self.exclude, t.idx) is not None for t in sent):
            return None
        subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subject is None:
            return None
        found = speaker_of_subject(self.doc, subject, self.index, self.bounds,
                                   answer_by=answer_by)
        return found if found.key is not None else None

    def _delivered_by(self, span: QuotedSpan, answer_by: Speaker | None) -> Speaker | None:
        """'X delivered a stark warning: "Pay by Friday."': a quotation right after a
        communication noun that is the object of a verb with a named person as subject is
        that person's; 'X read a letter from the union: "..."' and 'X read the union's
        statement: "..."' are the union's."""
        at = self.doc.char_span(span.open, span.open + 1, alignment_mode="expand")
        if at is None or at.start == 0:
            return None
        noun = self.doc[at.start - 1]
        if noun.is_punct and noun.text in (":", ",") and at.start > 1:
            noun = self.doc[at.start - 2]
        while (noun.dep_ == "pobj" and noun.head.dep_ == "prep"
               and noun.head.head.pos_ == "NOUN"):  # "a letter from the union": the letter
            noun = noun.head.head
        if noun.dep_ != "dobj" or noun.lemma_.casefold() not in lexicon.COMMUNICATION_NOUNS:
            return None
        author = _author_of(noun)
        if author is not None:  # someone else's words: "a letter from the union"
            return speaker_of_subject(self.doc, author, self.index, self.bounds,
                                      answer_by=answer_by)
        subject = subject_of(noun.head)
        if subject is None:
            return None
        found = speaker_of_subject(self.doc, subject, self.index, self.bounds,
                                   answer_by=answer_by)
        return found if found.key is not None else None

    def _in_sentence(self, span: QuotedSpan, answer_by: Speaker | None) -> Speaker | None:
        sents = _sentences_of(self.sents, self.starts, span.open, span.close + 1)
        tokens = [t for s in sents for t in s]
        if not tokens:
            return None
        return sentence_speaker(self.doc, tokens, self.index, self.bounds, exclude=self.exclude,
                                near=span.open, answer_by=answer_by)

    def _colon_introducer(self, span: QuotedSpan, answer_by: Speaker | None) -> Speaker | None:
        """ 'Lopes was defiant: "..."': a clause ending in a colon right before the quotation,
        without a reporting verb, whose subject is a named person."""
        text = self.doc.text
        before = text[: span.open].rstrip()
        if not before.endswith(":"):
            return None
        colon = len(before) - 1
        sents = _sentences_of(self.sents, self.starts, colon, colon + 1)
        if not sents:
            return None
        subjects = [
            t for t in sents[-1]
            if t.idx < colon and t.dep_ in ("nsubj", "nsubjpass") and t.head.idx < colon
            and containing(self.exclude, t.idx) is None
        ]
        if not subjects:
            return None
        main = next((t for t in subjects if t.head.dep_ == "ROOT"), subjects[0])
        found = speaker_of_subject(self.doc, main, self.index, self.bounds, answer_by=answer_by)
        return found if found.key is not None else None

    def _named_just_before(self, span: QuotedSpan, answer_by: Speaker | None) -> Speaker | None:
        """ 'Ann Roe, whose son is among them, reacted with relief. "I can sleep again."': a
        quotation opening its sentence right after a sentence of the same paragraph whose
        main verb (not a verb of saying, which :meth:`_neighbour` reads) has a named person
        as subject: the person just described speaks."""
        i = bisect.bisect_right(self.starts, span.open) - 1
        if i < 1 or self.doc.text[self.sents[i].start_char : span.open].strip():
            return None
        prev = self.sents[i - 1]
        para = paragraph_index(self.bounds, span.open)
        if paragraph_index(self.bounds, prev.start_char) != para or self.doc.text[
                prev.end_char : span.open].strip():
            return None
        return self._main_subject(prev, answer_by)

    def _neighbour(self, span: QuotedSpan, para: int, answer_by: Speaker | None):
        """The previous sentence's speaker, then that of the sentence after the quotation,
        within the same paragraph."""
        p_start, p_end = self.bounds[para]
        sents = self.sents
        i = bisect.bisect_right(self.starts, span.open) - 1
        if i < 0 or not sents[i].start_char <= span.open < sents[i].end_char:
            return None
        # the sentence after the quotation's last one ('"... ? ... ?" X asked reporters.')
        after = bisect.bisect_left(self.starts, span.close)
        for j in (i - 1, after):
            if 0 <= j < len(sents) and p_start <= sents[j].start_char < p_end:
                if j > i and sents[j].start_char < span.close:
                    continue
                found = sentence_speaker(self.doc, list(sents[j]), self.index, self.bounds,
                                         exclude=self.exclude, answer_by=answer_by)
                if found is not None:
                    return found
        return None


def _aside(text: str) -> bool:
    """A sentence wholly in brackets ("(Photo: Harbour Office)", "(Reporting by ...)")."""
    text = text.strip()
    return text.startswith(("(", "[")) and text.endswith((")", "]", ").", "]."))


@dataclass(frozen=True, slots=True)
class Quotations:
    """The quotations of one document: ``quoted`` in quote marks, and apart the ``answers`` of
    a named interviewee given as quotations (see ``_Attributor.answers``)."""

    quoted: tuple[Quote, ...]
    answers: tuple[Quote, ...]

    @property
    def all(self) -> tuple[Quote, ...]:
        """Both kinds, in text order."""
        return tuple(sorted(self.quoted + self.answers, key=lambda q: (q.start, q.end)))


def extract_quotes(doc, *, people: Sequence[Person],
                   mentions: MentionIndex | None = None) -> list[Quote]:
    """The quotations of ``doc`` (a :class:`ParsedDocument`, or a spaCy Doc of
    ``Document.body``) with their speakers, in text order.

    ``people`` are the document's :class:`Person` records; a speaker that is one of them gets
    its ``key``, any other speaker (organisation, unnamed official, slogan) ``speaker=None`` and
    a ``speaker_text`` naming them. A named interviewee's answers are quotations too (see
    :func:`attribute_quotations`)."""
    return list(attribute_quotations(doc, people=people, mentions=mentions).all)


def attribute_quotations(doc, *, people: Sequence[Person],
                         mentions: MentionIndex | None = None) -> Quotations:
    """The :class:`Quotations` of ``doc``. ``mentions`` is the document's mention index for
    ``people`` (built here when not given)."""
    doc = as_parsed(doc, "extract_quotes")
    people = tuple(people)
    index = mentions if mentions is not None else index_mentions(doc, people)
    text = doc.text
    attributor = _Attributor(doc, people, index)
    quotes: list[Quote] = []
    for span in doc.quoted_spans:
        if not is_quotation(doc, span, doc.paragraphs):
            continue
        speaker = attributor.speaker(span)
        quoted = span.text(text)
        kind = "direct" if _is_direct(text, span, quoted) else "partial"
        if kind == "partial" and speaker.text is None and not _has_verb(doc, span):
            continue  # an unattributed quoted noun phrase is a scare quote
        quotes.append(Quote(quoted, span.start, span.end, speaker.key, speaker.text, kind))
    quotes = _drop_repeats(_join_split_quotes(text, quotes))
    return Quotations(tuple(quotes), tuple(attributor.answers(quotes)))


#: A quotation repeated inside a longer one counts as the same words from this many words up.
_REPEAT_MIN_WORDS = 4


def _drop_repeats(quotes: Sequence[Quote]) -> list[Quote]:
    """The same words quoted twice in one document (a lede that repeats a quotation the body
    gives again, maybe at more length) are one quotation: the longer copy is kept, with the
    speaker either copy names. Copies credited to two different people are both kept."""
    kept: list[Quote] = []
    for q in quotes:
        words = _folded_words(q.text)
        twin = next((i for i, k in enumerate(kept) if _same_words(words, _folded_words(k.text))
                     and (q.speaker is None or k.speaker is None or q.speaker == k.speaker)),
                    None)
        if twin is None:
            kept.append(q)
            continue
        other = kept[twin]
        longer = q if len(words) > len(_folded_words(other.text)) else other
        speaker, speaker_text = ((other.speaker, other.speaker_text) if other.speaker
                                 else (q.speaker, q.speaker_text))
        kept[twin] = Quote(longer.text, longer.start, longer.end, speaker, speaker_text,
                           longer.kind)
    return sorted(kept, key=lambda q: (q.start, q.end))


def _folded_words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.casefold()))


def _same_words(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Equal, or the shorter (of at least :data:`_REPEAT_MIN_WORDS` words) a run of the other."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if short == long_:
        return True
    n = len(short)
    return n >= _REPEAT_MIN_WORDS and any(long_[i:i + n] == short
                                          for i in range(len(long_) - n + 1))


def _author_of(noun):
    """Who wrote a communication noun when the text says it is not its reader's: the object
    of "from" ("a letter from the union") or a possessor that is not a pronoun ("the union's
    statement"); None otherwise."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "from":
            return next((o for o in child.children if o.dep_ == "pobj"), None)
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return child
    return None


#: The attribution between the two halves of one quoted sentence: '"A," she said, "b."'.
_SPLIT_GAP = re.compile(r"[\"”]?[ \t]*[^\"“”.!?;:\n]{2,80},[ \t]*[\"“]?")


def _join_split_quotes(text: str, quotes: Sequence[Quote]) -> list[Quote]:
    """One quoted sentence split by its attribution ('"A," she said, "but b."') is one
    quotation: the halves are joined (attribution removed) when the first half ends with a
    comma, a short attribution clause ending in a comma stands between them, and the second
    half opens in lower case (it continues the same sentence)."""
    out: list[Quote] = []
    for q in quotes:
        prev = out[-1] if out else None
        if prev is not None and _continues(text, prev, q):
            speaker, speaker_text = prev.speaker, prev.speaker_text
            if speaker is None and q.speaker is not None:
                speaker, speaker_text = q.speaker, q.speaker_text
            out[-1] = Quote(prev.text + ", " + q.text, prev.start, q.end, speaker, speaker_text,
                            prev.kind)
            continue
        out.append(q)
    return out


def _continues(text: str, first: Quote, second: Quote) -> bool:
    if not text[first.start : first.end].rstrip().endswith(","):
        return False
    if not second.text[:1].islower():
        return False
    gap = text[first.end : second.start]
    return 0 < len(gap) <= 90 and _SPLIT_GAP.fullmatch(gap) is not None
