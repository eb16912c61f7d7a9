"""Who says something: speaker attribution shared by the quotes and open-questions extractors.

Given a parsed spaCy ``Doc`` and the people the people extractor found in it, this module finds
who is credited with a statement:

* the subject of a reporting verb ("X said", "X warned", "X told the radio"), in the sentence
  itself or a neighbouring one;
* "according to X";
* pronoun subjects (he/she/they), mapped by salience to a compatible person mentioned before
  them in the same or the two previous paragraphs: the most recent person in subject position
  ("X said ...") wins over more recent persons in object or oblique positions ("... a summit
  between her cousin and Y"), unless only such a person is known to fit the pronoun's gender
  (a person the text shows to be a woman is not "he", and vice versa); a person named only
  to describe another ("X, the sister of Y") gives way to that other, and a name form the
  people extractor did not mark ("For al-Marwani, ...") still counts;
* a definite role phrase ("the harbour master said") stands for the person named before with
  that role ("Transport Minister Ana Lopes"); "the 27-year-old" for the person named before
  with that age ("X, 27,"), else like a pronoun;
* a person the subject is described by ("the sister of X said") is not the speaker;
* a short name several people share ("Kim" for two of one family) is read as the most
  salient of them (the latest in subject position), as a reader would;
* an object pronoun never stands for the subject of its own verb ("X accused her") when
  genders are learnt from the text;
* unnamed or collective speakers ("an official", "state media", "people in the queue") become
  ``Speaker(key=None, text=...)``;
* a trailing ", reports Coastline Radio" names the outlet that carried the story, never
  the speaker;
* what a place or body is said to have said, told by a named person ("the spokeswoman added
  that Oslo urged "..."") is credited to that person.

Everything is computed from the parse and :class:`digests.models.Person` mention spans; there is
no knowledge of particular people or places.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import lexicon
from ._gender import gender_word
from ._layout import containing, outside, paragraph_index, tokens_between
from ._offices import definite_office
from .mentions import MentionIndex, is_possessive, served_office_name, span_text, subject_span
from .parsed import SUBJECT_DEPS as _SUBJECT_DEPS
from .parsed import Mention as _Mention

_MAX_SPEAKER_WORDS = 8
#: How many paragraphs back a pronoun may look for the person it stands for.
_PRONOUN_PARAGRAPHS = 2


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who is credited with a statement: ``key`` is the local ``Person.key`` of a named person
    or None; ``text`` is how the text names them ("Lopes", "an official", "state media")."""

    key: str | None
    text: str | None


# ----------------------------------------------------------------------------------------------
# Gender evidence (only to keep "she" from resolving to a man and vice versa)


# ----------------------------------------------------------------------------------------------
# Paragraphs


# ----------------------------------------------------------------------------------------------
# Naming a subject


def person_in_span(doc, index: MentionIndex, start: int, end: int, head_char: int | None = None):
    """The person mention that names the subject spanning ``[start, end)``.

    Preference: the mention holding the subject's head word, then the last mention that is not
    a possessive ("Novak's sister Ann Petrov" -> Ann Petrov). A possessive alone ("Petrov's
    spokesman") names someone else, so it gives None."""
    mentions = index.within(start, end)
    if head_char is not None:
        for m in mentions:
            if m.start <= head_char < m.end:
                return m
    plain = [m for m in mentions if not is_possessive(doc, m)]
    return plain[-1] if plain else None


def speaker_of_subject(
    doc, subject, index: MentionIndex, bounds, *, answer_by: Speaker | None = None
) -> Speaker:
    """Name the speaker given the subject token of a reporting verb."""
    subject = _past_dateline(subject)
    if subject.tag_ in ("WP", "WDT") and subject.head.dep_ == "relcl":
        subject = subject.head.head  # "the minister, who said ...": the antecedent speaks
    lower = subject.lower_
    if lower in _NAMES_NOBODY:
        return Speaker(None, None)  # "It will now go ahead": no source named by it
    if lower in lexicon.SINGULAR_PRONOUNS or lower in lexicon.PLURAL_PRONOUNS:
        return resolve_pronoun(doc, subject, index, bounds)
    if lower in lexicon.FIRST_PERSON_PRONOUNS and answer_by is not None:
        return answer_by
    return (_possessor_speaks(doc, subject, index, bounds, answer_by)
            or _named_subject(doc, subject, index) or _described_subject(doc, subject, index, bounds)
            or _unknown_subject(doc, subject))


_DASHES = frozenset({"—", "–", "--"})
#: Subjects that name no source: a stance or quotation they hold is an unnamed source's,
#: never "It" or "This" shown as a speaker.
_NAMES_NOBODY = frozenset({"it", "this", "that", "these", "those", "there", "which", "what"})


def _past_dateline(subject):
    """ "PORT ELLIS, Norvia (Agency) — A senior official said": the parser may take the
    dateline's place for the subject and hang the real subject after the dash from it as an
    apposition; the speaker is that apposition."""
    dash = next((c.i for c in subject.children if c.dep_ == "punct" and c.text in _DASHES
                 and c.i > subject.i), None)
    if dash is None:
        return subject
    return next((c for c in subject.children if c.dep_ == "appos" and c.i > dash), subject)


def _possessor_speaks(doc, subject, index: MentionIndex, bounds,
                      answer_by: Speaker | None) -> Speaker | None:
    """"X's reply was brief, saying ...", "his statement said ...": the possessor of a
    communication noun is who speaks, when it is a known person (a possessed person, "X's
    lawyer", speaks for themselves; "the agency's letter" is left as written)."""
    if subject.lemma_.casefold() not in lexicon.COMMUNICATION_NOUNS:
        return None
    owner = next((c for c in subject.children if c.dep_ == "poss"), None)
    if owner is None or owner.pos_ not in ("PROPN", "PRON"):
        return None
    found = (resolve_pronoun(doc, owner, index, bounds) if owner.lower_ in ("his", "her")
             else speaker_of_subject(doc, owner, index, bounds, answer_by=answer_by))
    return found if found.key is not None else None


def _named_subject(doc, subject, index: MentionIndex) -> Speaker | None:
    """A person named by the subject phrase: a mention in it (appositions: "the ambassador,
    Ann Petrov, said" name the person after the comma; never one behind a preposition: "the
    sister of X said"), or a proper noun naming one known person."""
    start, end = subject_span(subject)
    full_start, full_end = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
    mention = person_in_span(doc, index, start, end, subject.idx)
    if mention is None:
        mention = person_in_span(doc, index, full_start, full_end, subject.idx)
    if mention is not None and _behind_preposition(doc, mention, subject):
        mention = None  # "the sister of X said": X is not the speaker
    if mention is None and subject.dep_ == "appos":  # "Ann Petrov, the minister, who ..."
        head = subject.head
        mention = person_in_span(doc, index, *subject_span(head), head.idx)
    if mention is not None:
        return Speaker(mention.key, doc.text[mention.start : mention.end])
    if subject.pos_ == "PROPN":
        key = index.by_name(span_text(doc, start, end)) or index.by_name(subject.text)
        if key is not None:
            return Speaker(key, subject.text)
    return None


def _described_subject(doc, subject, index: MentionIndex, bounds) -> Speaker | None:
    """A person the subject describes: by a definite role ("the harbour master said") or a
    definite age ("the 27-year-old said") given to someone named before."""
    start, end = subject_span(subject)
    roles = _definite_role(subject)
    for words in roles:
        mention = index.by_role(words, subject.idx)
        if mention is not None:
            return Speaker(mention.key, span_text(doc, start, end))
    if roles:  # named just after, every word of the description held ("the mayor" ... )
        mention = index.named_after(roles[0], subject.idx, reach=NAMED_AFTER_REACH)
        if mention is not None:
            return Speaker(mention.key, span_text(doc, start, end))
    age = _definite_age(subject)
    if age is not None:
        found = _person_of_age(doc, subject, age, index, bounds)
        if found is not None:
            return Speaker(found.key, span_text(doc, start, end))
    return None


#: How far on (characters) a definite description may be named ("The mayor said ... |
#: Mayor Ana Lopes said"): the next paragraph or two of a wire story.
NAMED_AFTER_REACH = 600


def _unknown_subject(doc, subject) -> Speaker:
    """No known person: a PERSON entity the people extractor missed (at least say who), else
    the subject's words (at most a few)."""
    start, end = subject_span(subject)
    full_start, full_end = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
    ents = doc.ents
    first = bisect.bisect_left(ents, full_start, key=lambda e: e.start_char)
    last = bisect.bisect_left(ents, full_end, key=lambda e: e.start_char)
    named = [e for e in ents[first:last] if e.label_ == "PERSON" and not _behind_preposition(
        doc, _Mention(e.start_char, e.end_char, ""), subject) and not _possessor_of(e, subject)]
    if named:
        return Speaker(None, named[-1].text)
    words = span_text(doc, start, end).split()
    text = " ".join(words[:_MAX_SPEAKER_WORDS]) or subject.text
    return Speaker(None, text)


def _possessor_of(ent, subject) -> bool:
    """ "X's party said", "X's lawyer said": the person owning the subject is not who
    speaks (the subject's own words name the speaker)."""
    return subject.pos_ == "NOUN" and (ent.root.dep_ == "poss" or ent.text.endswith(("'s", "’s"))
                                       ) and ent.root.head.i == subject.i


def _behind_preposition(doc, mention: _Mention, subject) -> bool:
    """True when the mention hangs from the subject through a preposition ("the sister of X",
    "a spokesman for X"): it names someone the speaker is described by, not the speaker."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    node = span.root
    if served_office_name(node):
        return False  # "MP for Lakeside Ann Roe": the office's holder, not its place
    for _ in range(12):
        if node.i == subject.i or node.head.i == node.i:
            return False
        if node.dep_ == "pobj" or node.dep_ == "prep":
            return True
        node = node.head
    return False


def _definite_age(subject) -> str | None:
    """The age of a definite age phrase ("the 27-year-old", "the 27-year-old striker"), else
    None."""
    left = subject.left_edge
    if not (any(c.dep_ == "det" and c.lower_ == "the" for c in subject.children)
            or left.i > 0 and subject.doc[left.i - 1].lower_ == "the"):
        return None
    for old in (subject, *[c for c in subject.children if c.dep_ == "amod"]):
        if old.lower_ != "old":
            continue
        for year in old.children:
            if year.lower_ in ("year", "years"):
                nums = [c for c in year.children if c.dep_ == "nummod" and c.text.isdigit()]
                if nums:
                    return nums[0].text
    return None


#: An age stated with a name: "X, 27,", "X (27)", "27-year-old X", "X, aged 27".
_AGE_AFTER = re.compile(r"\s*(?:,\s*(?:aged\s+)?|\()(\d{1,3})\s*[,)]")
_AGE_BEFORE = re.compile(r"(\d{1,3})-year-old\s+(?:[\w'’-]+\s+){0,3}$")


def _stated_age(text: str, m: _Mention, index: MentionIndex) -> str | None:
    after = _AGE_AFTER.match(text, m.end)
    if after is not None:
        return after.group(1)
    floor = max(0, m.start - 60)
    before = _AGE_BEFORE.search(text[floor : m.start])
    if before is None or index.within(floor + before.start(), m.start):
        return None  # no age, or the age of someone named in between
    return before.group(1)


def _person_of_age(doc, subject, age: str, index: MentionIndex, bounds) -> _Mention | None:
    """Who "the 27-year-old" is: the nearest person named before with that age stated ("X,
    27,", "a 27-year-old X"), else, like a pronoun, the most salient person named before
    (see :func:`resolve_pronoun`), unless the text gives that person another age."""
    text = doc.text
    stated: dict[str, str] = {}
    for m in index.before(subject.idx):
        if m.start in index.quoted:
            continue
        found = _stated_age(text, m, index)
        if found is not None:
            stated.setdefault(m.key, found)
            if found == age:
                return m
    speaker = resolve_pronoun(doc, subject, index, bounds)
    if speaker.key is None or stated.get(speaker.key, age) != age:
        return None
    return next((m for m in index.before(subject.idx) if m.key == speaker.key), None)


def _definite_role(subject) -> list[list[str]]:
    """The word lists a named person's role must hold for a definite role phrase ("the
    minister", "the beleaguered PM", "the president of the association") to name them,
    strictest first (see :func:`definite_office`), else []."""
    found = definite_office(subject)
    if found is None:
        return []
    full, titled = found
    return [full] if full == titled else [full, titled]


def resolve_pronoun(doc, pronoun, index: MentionIndex, bounds) -> Speaker:
    """Map he/she/they to the most salient compatible person mentioned before it (same or the
    two previous paragraphs; a person known to be a woman is not "he"; see
    :func:`_most_salient`; with nobody compatible there, the opening paragraph's subject of
    that known gender, see :func:`_lede_subject`). "they" stays unnamed when a plural noun subject came later than the
    most recent person mention."""
    para = paragraph_index(bounds, pronoun.idx)
    floor = bounds[max(0, para - _PRONOUN_PARAGRAPHS)][0] if bounds else 0
    unmarked, unmarked_subjects = _unmarked_names(doc, index, floor, pronoun.idx)
    candidates = index.before(pronoun.idx, floor=floor) + unmarked
    candidates.sort(key=lambda m: -m.start)
    plural_after = _last_plural_subject(doc, floor, pronoun.idx)
    if pronoun.lower_ in lexicon.PLURAL_PRONOUNS:
        if plural_after is not None and (not candidates or plural_after.idx > candidates[0].start):
            return Speaker(None, span_text(doc, *subject_span(plural_after)))
    wanted = gender_word(pronoun.text)
    compatible = [m for m in candidates if index.genders.get(m.key, wanted) == wanted]
    subjects = index.subjects | unmarked_subjects
    chosen = _most_salient(doc, compatible, index, wanted, subjects, bounds)
    if chosen is not None and lemma_in(pronoun.head, lexicon.REPORTING_VERBS) and (
            pronoun.dep_ in _SUBJECT_DEPS):
        chosen = _reporter_of(doc, chosen, compatible) or chosen
    if chosen is None and wanted is not None and not compatible:
        chosen = _lede_subject(index, wanted, bounds, floor)
    if chosen is not None:
        return Speaker(chosen.key, doc.text[chosen.start : chosen.end])
    return Speaker(None, pronoun.text)


def _reporter_of(doc, m: _Mention, compatible: Sequence[_Mention]) -> _Mention | None:
    """For a pronoun that says something ("..., he told the radio"): when ``m`` is only the
    subject of what another person reports ("X said it was time for Y to go", "X said he
    thought Y would act"), that other person, who is the one speaking; else None."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or span.root.dep_ not in _SUBJECT_DEPS:
        return None
    node = span.root.head
    for _ in range(8):
        parent = node.head
        if parent.i == node.i:
            return None
        if node.dep_ in ("ccomp", "xcomp", "advcl", "conj") and lemma_in(
                parent, lexicon.REPORTING_VERBS):
            subject = subject_of(parent)
            if subject is not None and subject.lower_ not in lexicon.SINGULAR_PRONOUNS:
                start = subject.left_edge.idx
                end = subject.right_edge.idx + len(subject.right_edge)
                found = next((c for c in compatible if start <= c.start < end
                              and c.key != m.key), None)
                if found is not None:
                    return found
        node = parent
    return None


def _lede_subject(index: MentionIndex, wanted: str, bounds, floor: int) -> _Mention | None:
    """The person a story is about, for a he/she with nobody compatible named nearby: the
    subject of the opening paragraph, when the text shows that person has the pronoun's
    gender and nobody else of that gender is named before ``floor`` ("Professor X ... has
    died. ... [paragraphs later] In a radio talk years earlier, she said ...")."""
    if not bounds:
        return None
    lede_end = bounds[0][1]
    earlier = [m for m in index.before(floor) if m.start not in index.quoted]
    lede = [m for m in reversed(earlier) if m.start < lede_end and m.start in index.subjects]
    if not lede or index.genders.get(lede[0].key) != wanted:
        return None
    if any(index.genders.get(m.key, wanted) == wanted and m.key != lede[0].key for m in earlier):
        return None
    return lede[0]


def _most_salient(doc, compatible: Sequence[_Mention], index: MentionIndex,
                  wanted: str | None, subjects: frozenset[int], bounds) -> _Mention | None:
    """Among gender-compatible mentions (nearest first), the one a pronoun stands for.

    Paragraph by paragraph, going back from the pronoun's own: the most recent person in
    subject position there wins over persons named later in object or oblique positions ("X
    said a meeting between her cousin and Y ...; she said" -> X); a paragraph naming persons
    only in such positions gives the most recent one (a person just introduced: "The council
    praised Y. He said ..."), and one naming them only as possessors ("X's reply was brief")
    the most recent known to have the pronoun's gender. A more recent person known to have the
    pronoun's gender wins over
    a subject whose gender is unknown. A person named only to describe another ("X, the sister
    of Y", "X, an aide to Y") gives way to that other. Persons named inside quotations and
    possessives ("Petrov's aide") are a last resort."""
    if not compatible:
        return None
    groups: dict[int, list[_Mention]] = {}
    for m in compatible:
        if m.start in index.quoted:
            continue
        groups.setdefault(paragraph_index(bounds, m.start) if bounds else 0, []).append(m)
    for para in sorted(groups, reverse=True):
        group = groups[para]
        subject = next((m for m in group if m.start in subjects), None)
        if subject is None:
            found = _most_recent_main(doc, group, index, wanted)
            if found is not None:
                return found
            continue
        if wanted is not None and index.genders.get(subject.key) != wanted:
            known = _later_of_gender(doc, compatible, subject, index, wanted)
            if known is not None:
                return known
        return subject
    plain = [m for m in compatible if not is_possessive(doc, m)]
    if plain:
        return plain[0]
    return compatible[0] if len(compatible) == 1 else None


def _most_recent_main(doc, group: Sequence[_Mention], index: MentionIndex,
                      wanted: str | None) -> _Mention | None:
    """In a paragraph naming persons only in object or oblique positions: the most recent one
    not in a possessive, preferring one not named only to describe another ("X, the sister of
    Y, ...": Y only describes X, the person talked about); in one naming them only as
    possessors ("X's reply was brief"), the most recent known to have the ``wanted`` gender."""
    plain = [m for m in group if not is_possessive(doc, m)]
    main = [m for m in plain if not _described_person(doc, m, index)]
    if main or plain:
        return (main or plain)[0]
    if wanted is None:
        return None
    return next((m for m in group if index.genders.get(m.key) == wanted), None)


def _later_of_gender(doc, compatible: Sequence[_Mention], subject: _Mention,
                     index: MentionIndex, wanted: str) -> _Mention | None:
    """A person named after ``subject`` (outside quotations and possessives) known to have
    the wanted gender, when the subject's gender is unknown or other."""
    for m in compatible:
        if m.start > subject.start and m.start not in index.quoted and (
                not is_possessive(doc, m) and index.genders.get(m.key) == wanted):
            return m
    return None


def _described_person(doc, m: _Mention, index: MentionIndex) -> bool:
    """True when the mention hangs, through an apposition or a preposition and without a verb
    in between, from another person's name ("X, the younger sister of Y", "X, an adviser to
    Y"): Y only describes X. Coordinated names ("X and Y") describe nobody."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    node, linked = span.root, False
    for _ in range(12):
        head = node.head
        if head.i == node.i or head.pos_ in ("VERB", "AUX"):
            return False
        linked = linked or node.dep_ in ("appos", "prep", "pobj")
        if linked and any(o.key != m.key and not (o.start <= m.start < o.end)
                          for o in index.within(head.idx, head.idx + len(head.text))):
            return True
        node = head
    return False


#: Entity types of proper nouns that are not persons.
_PLACE_OR_BODY = frozenset({"GPE", "LOC", "ORG", "FAC", "NORP"})


def _unmarked_names(doc, index: MentionIndex, start: int,
                    end: int) -> tuple[list[_Mention], frozenset[int]]:
    """Proper nouns in ``[start, end)`` outside quotations that are not marked as mentions but
    name one known person ("De Vries, a former judge, spoke ..." when only "Ann de Vries" was
    marked; "For al-Marwani, the worries ..."), and the starts of those in subject position. A
    name outside subject position counts only when it heads its phrase and does not follow a
    preposition of place ("In Lima, ..."); a name inside a quotation never counts."""
    starts, names = index.unmarked
    chosen = names[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
    return ([m for m, _ in chosen],
            frozenset(m.start for m, is_subject in chosen if is_subject))


def _last_plural_subject(doc, start: int, end: int):
    found = None
    for tok in tokens_between(doc, start, end):
        if tok.dep_ in _SUBJECT_DEPS and tok.tag_ in ("NNS", "NNPS"):
            found = tok
    return found


# ----------------------------------------------------------------------------------------------
# Reporting verbs and "according to"


def lemma_in(token, words: frozenset[str] | set[str]) -> bool:
    """True when ``token``'s lemma is in ``words``. The small model sometimes mislemmatises
    inflected verbs ("hopes" -> "hop"), so plain suffix stripping of the surface form is tried
    as well."""
    if token.lemma_.lower() in words:
        return True
    low = token.lower_
    if low in words:
        return True
    for suffix, repl in (("ies", "y"), ("es", "e"), ("es", ""), ("s", ""), ("ied", "y"),
                         ("ed", "e"), ("ed", ""), ("d", ""), ("ing", "e"), ("ing", "")):
        if low.endswith(suffix) and low[: -len(suffix)] + repl in words:
            return True
    return False


def is_outlet_credit(verb) -> bool:
    """True for ", reports Coastline Radio": a reporting verb whose subject follows it and
    which ends a sentence after a comma. Such a verb names the outlet, not the speaker."""
    if not lemma_in(verb, lexicon.OUTLET_VERBS):
        return False
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    if not subjects or subjects[0].i < verb.i:
        return False
    prev = verb.doc[verb.i - 1] if verb.i > 0 else None
    return prev is not None and prev.text in (",", "”", '"', "’")


def reporting_verbs(tokens: Iterable) -> list:
    """Reporting verbs among ``tokens`` that have an explicit subject and are not outlet credits."""
    out = []
    for tok in tokens:
        if tok.pos_ not in ("VERB", "AUX") or not lemma_in(tok, lexicon.REPORTING_VERBS):
            continue
        if subject_of(tok) is None:
            continue
        if is_outlet_credit(tok):
            continue
        out.append(tok)
    return out


def subject_of(verb):
    """The subject token of ``verb``, following ``conj`` chains ("X said ... and added").

    When the parser splits one noun phrase into several subjects ("co - leader" as three),
    the last one before the verb heads the phrase."""
    head = verb
    for _ in range(4):
        found = [c for c in head.children if c.dep_ in _SUBJECT_DEPS]
        if found:
            before = [c for c in found if c.i < head.i]
            return before[-1] if before else found[0]
        # '"...," the 27-year-old said' is sometimes parsed without a subject
        aged = [c for c in head.children if c.i < head.i and c.lower_ == "old"
                and c.dep_ not in ("ccomp", "xcomp") and _definite_age(c) is not None]
        if aged:
            return aged[-1]
        inverted = _inverted_speaker(head)
        if inverted is not None:
            return inverted
        if head.dep_ in ("conj", "xcomp", "advcl") and head.head is not head:
            head = head.head
        else:
            break
    return None


def _inverted_speaker(verb):
    """A name right after a reporting verb that follows its quotation ('"...," mused Ana
    Ruiz'), which the parser sometimes takes for the verb's object."""
    if verb.i == 0 or not verb.doc[verb.i - 1].is_punct:
        return None
    return next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "PROPN"
                 and c.left_edge.i == verb.i + 1), None)


def _names_a_body(subject) -> bool:
    """True when a subject names a place, a country or an organisation rather than a person
    ("Oslo", "the Kremlin", "NATO", "the ministry")."""
    if subject.ent_type_ == "PERSON":
        return False
    if subject.ent_type_ in _PLACE_OR_BODY or subject.pos_ == "PROPN":
        return True
    return subject.pos_ == "NOUN" and subject.lemma_.lower() in (
        lexicon.NON_PERSON_NOUNS | lexicon.NON_PERSON_WORDS)


def _relayed_by(doc, verb, verbs: Sequence, exclude, index: MentionIndex, bounds,
                answer_by: Speaker | None) -> Speaker | None:
    """The named person who reports what a place or body said: the subject of a reporting
    verb whose clausal complement holds ``verb`` ("the spokeswoman added that Valmora urged
    "...""). A spokesperson's words are theirs, even when they speak for the institution."""
    ids = {v.i for v in verbs}
    node = verb
    for _ in range(6):
        while node.dep_ == "conj" and node.head.i != node.i:  # "... that A and that B urged"
            node = node.head
        if node.dep_ != "ccomp" or node.head.i == node.i:
            return None
        node = node.head
        if node.i not in ids:
            continue
        subject = subject_of(node)
        if subject is None or containing(exclude, subject.idx) is not None:
            return None
        found = speaker_of_subject(doc, subject, index, bounds, answer_by=answer_by)
        return found if found.key is not None else None
    return None


def according_to(tokens: Iterable):
    """The object token of "according to X" among ``tokens``, or None."""
    for tok in tokens:
        if tok.lower_ == "according":
            nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
            if nxt is not None and nxt.lower_ == "to":
                objs = [c for c in nxt.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
    return None


def sentence_speaker(
    doc,
    sent,
    index: MentionIndex,
    bounds,
    *,
    exclude: Sequence[tuple[int, int]] = (),
    near: int | None = None,
    answer_by: Speaker | None = None,
) -> Speaker | None:
    """Who a sentence credits with what it reports, or None when it credits nobody.

    ``exclude`` are sorted character spans (quotations) whose words are not considered; ``near``
    picks, among several reporting verbs, the one closest to that character position."""
    tokens = outside(sent, exclude)
    verbs = reporting_verbs(tokens)
    if verbs:
        if near is not None:
            verbs.sort(key=lambda v: abs(v.idx - near))
        for verb in verbs:
            subject = subject_of(verb)
            if subject is not None and containing(exclude, subject.idx) is None:
                found = speaker_of_subject(doc, subject, index, bounds, answer_by=answer_by)
                if found.key is None and _names_a_body(subject):
                    relayed = _relayed_by(doc, verb, verbs, exclude, index, bounds, answer_by)
                    if relayed is not None:
                        return relayed
                return found
    obj = according_to(tokens)
    if obj is not None:
        return speaker_of_subject(doc, obj, index, bounds, answer_by=answer_by)
    return None
