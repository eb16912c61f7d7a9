"""Open questions phrased as questions, from the parse of the clause that states them.

:func:`phrase_question` turns the clause an open-question trigger heads into the question it
leaves open, by inverting its modal or adding "Will":

* "the ferry company would not restore the night service" -> "Will the ferry company restore
  the night service?" (the negation is the source's leaning, not part of the question);
* "she hopes the bridge could open before the floods" -> the hoped-for clause is asked;
* "the union plans to hold another strike" / "the toll is expected to rise" -> the subject of
  the frame with the infinitive's verb ("Will the union hold another strike?");
* "called for an inquiry into the fire" / "a deal before May would be difficult" -> "Will there
  be an inquiry into the fire?" / "Will there be a deal before May?";
* "it is unclear whether the council will approve it", "asked when the cut might come" -> the
  embedded question ("Will the council approve it?", "When will the cut come?");
* "a fault could have started the fire" -> "Could a fault have started the fire?" (a modal of
  the past keeps its own modal).

Everything comes from the dependency parse, tags and lemmas; word classes come from
:mod:`digests.extract.lexicon`. :func:`phrase_question` returns None when the clause has no
subject and verb to ask about; the caller then falls back to the clause itself with "?".
"""
from __future__ import annotations

import re

from . import lexicon
from ._mood import (
    against_word, deciding_clause, demanded_thing, intention_infinitive, mark_of, until_clause,
)
from .attribution import lemma_in
from ._tree import clause_subject, for_object
from .parsed import SUBJECT_DEPS

_EXPLETIVES = frozenset({"it", "there"})
#: Indefinite pronouns that can be what one is ready for ("ready for something new").
_INDEFINITES = frozenset({"something", "anything", "everything", "more"})
#: A pronoun object standing as what is asked about ("wants them to return"): asked "they".
_NOMINATIVE = {"him": "he", "them": "they", "us": "we", "me": "I", "her": "she"}
#: How a modal is asked: predictions become "Will", ability, duty and permission keep theirs.
_ASKED_MODAL = {
    "will": "Will", "would": "Will", "'ll": "Will", "wo": "Will", "shall": "Will",
    "may": "Will", "might": "Will", "could": "Will", "can": "Can", "ca": "Can",
    "should": "Should", "must": "Must", "ought": "Should",
}
_WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
#: Questions longer than this many words are cut at the last comma before the limit.
MAX_QUESTION_WORDS = 32
_FRAME_VERBS = (lexicon.HOPE_VERBS | lexicon.DOUBT_VERBS | lexicon.SIGNAL_VERBS
                | lexicon.REPORTING_VERBS | lexicon.COMMITMENT_VERBS | lexicon.QUESTION_VERBS
                | lexicon.STRIVING_VERBS)
_WILLING = lexicon.WILLING_WORDS | lexicon.UNWILLING_WORDS
_FRAME_WORDS = lexicon.AGAINST_WORDS | lexicon.FOR_WORDS | lexicon.UNSURE_WORDS
_STRIP = str.maketrans("", "", "\"“”„")


def phrase_question(head, *, text: str | None = None, end: int | None = None,
                    names: dict[int, str] | None = None, part=None) -> str | None:
    """The question the clause headed by ``head`` leaves open, or None.

    ``text`` is the document's text (read from the ``Doc`` when not given: spaCy rebuilds it
    on each access); ``end`` (a character offset) bounds the clause on the right; ``names``
    maps token indices of pronoun subjects to the names they stand for ("she" -> "Elena
    Vasquez"); ``part``, one verb of :func:`asked_parts`, asks that part alone."""
    found = _content(head, depth=0)
    if found is None:
        return None
    kind, verb, subject = found
    text = text if text is not None else head.doc.text
    if end is not None and verb.idx < end and "\n\n" in text[verb.idx:end]:
        return None  # a parse that runs in from an earlier paragraph (a headline, a byline)
    if part is not None and kind == "clause":
        parts = _conjoined_parts(verb)
        if any(_same(p, part) for p in parts):
            later = [p.left_edge.i for p in parts if p.i > part.i]
            return _ask(part, subject, end, names or {}, text,
                        stop=min(later) if later else None, modal_of=verb)
    if kind == "there":
        return _there_question(verb, end, text)
    if kind == "doing":  # "Reaching the target by May — will it happen?"
        return _finish(f"{_doing(verb, subject, end, text)} \u2014 will it happen")
    if kind == "happen":
        after = _after_frame(verb, end)
        asked = "Will it happen" + (" " + after if after else "")
        if subject is not None:  # "Raising the toll in March — will it happen?"
            asked = f"{_phrase(subject, text)} \u2014 {asked[:1].lower()}{asked[1:]}"
        return _finish(asked)
    if kind == "clause" and verb.lemma_ == "be" and _child(verb, "expl") is not None:
        return _existential(verb, end, text)
    return _ask(verb, subject, end, names or {}, text)


def _existential(verb, end: int | None, text: str) -> str | None:
    """ "there should be a new vote on the plan" -> "Should there be a new vote on the
    plan?" (a prediction's modal asked as "Will"), or None without what there would be."""
    thing = _child(verb, "attr") or _child(verb, "nsubj")
    if thing is None or thing.i < verb.i:
        return None
    modal = next((a for a in verb.children if a.tag_ == "MD"), None)
    opener = _ASKED_MODAL.get(_modal_name(modal), "Will") if modal is not None else "Will"
    asked = _span_text(thing.left_edge, verb, end, text, stop=_next_statement(verb))
    wh = _wh_word(verb) if verb.dep_ != "relcl" else None
    thing_words = _lower_start(asked, thing.left_edge)
    if wh is not None and modal is None and verb.tag_ == "VBD":
        # "why there were no guards" -> "Why were there no guards?": the past kept
        return _finish(f"{_cap(_wh_phrase(wh, text))} {verb.text} there {thing_words}")
    return _finish(f"{opener} there be {thing_words}")


# ----------------------------------------------------------------------------------------------
# What is asked: the clause inside frames ("hopes ...", "is likely to ...", "it is unclear ...")


def _there_question(noun, end: int | None, text: str) -> str:
    """ "Will there be an inquiry into the fire?": whether the thing ``noun`` names will be;
    a plural loses "the" ("called for the resignations of" -> "resignations of")."""
    done = _event_of(noun, end, text)
    if done is not None:
        return done
    first = noun.left_edge
    if first.lower_ == "the" and noun.tag_ == "NNS" and first.i + 1 <= noun.i:
        first = noun.doc[first.i + 1]
    asked = _span_text(first, noun, end, text)
    return _finish("Will there be " + _lower_start(asked, first))


def _event_of(noun, end: int | None, text: str) -> str | None:
    """ "the resignation of the harbour chief over the collapse" -> "Will the harbour chief
    resign over the collapse?" (:data:`lexicon.EVENT_NOUN_VERBS`, its "of" naming who or
    what), else None."""
    verb = lexicon.EVENT_NOUN_VERBS.get(noun.lemma_.lower())
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
               and c.i > noun.i), None)
    who = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if verb is None or who is None or who.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    named = _span_text(who.left_edge, who, end, text)
    after = who.right_edge.i + 1
    rest = _span_text(noun.doc[after], noun, end, text) if after <= noun.right_edge.i else ""
    return _finish(" ".join(w for w in ("Will", _lower_start(named, who.left_edge), verb, rest)
                            if w))


def there_question(noun, *, end: int | None = None, text: str | None = None) -> str:
    """ "Will there be X?" for the thing ``noun`` names (:func:`_there_question`)."""
    return _there_question(noun, end, text if text is not None else noun.doc.text)


def _same(a, b) -> bool:
    """The same token (spaCy makes a new Token object on each access, so ``is`` fails)."""
    return a is not None and b is not None and a.i == b.i



def _asked_subject(verb):
    """The subject to ask about: the verb's own (a gerund subject too), the antecedent of a
    relative pronoun ("a move that could ..." -> "a move"), or the subject conjoined verbs
    share ("left his post and will join a rival firm")."""
    subject = clause_subject(verb) or next((c for c in verb.children if c.dep_ == "csubj"), None)
    if subject is not None and subject.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        return verb.head
    node = verb
    for _ in range(4):
        if subject is not None or node.dep_ != "conj" or node.head.i == node.i:
            break
        node = node.head
        subject = clause_subject(node)
    return subject


def _child(verb, *deps: str):
    return next((c for c in verb.children if c.dep_ in deps), None)


def _infinitive(verb):
    """The to-infinitive a frame governs ("plans to hold", "is expected to rise")."""
    return next((c for c in verb.children if c.dep_ == "xcomp"
                 and any(a.tag_ == "TO" for a in c.children)), None)


def _framed_word(verb):
    """The stance word of a copular frame ("would be difficult", "is likely", "is
    necessary"; not a need named by its purpose: "are necessary to finish it")."""
    return next((c for c in verb.children if c.dep_ in ("acomp", "oprd")
                 and (c.lemma_.lower() in _FRAME_WORDS or against_word(c)
                      or c.lower_ in lexicon.NECESSITY_WORDS and not any(
                          a.dep_ in ("xcomp", "prep", "ccomp") for a in c.children))), None)


def _content(head, *, depth: int):
    """(kind, verb, subject) of what ``head`` leaves open: kind "clause" asks ``verb`` with
    ``subject`` (None: the verb's own); kind "there" asks whether the noun ``verb`` will be;
    kind "happen" asks whether what the stance word ``verb`` judges will happen."""
    if depth > 3:
        return None
    subject = clause_subject(head)
    if subject is None and head.dep_ in ("acomp", "oprd", "xcomp"):
        subject = clause_subject(head.head)  # "looks set to resume": the subject of "looks"
        if subject is None and head.head.dep_ == "acl" and head.head.head.pos_ in (
                "NOUN", "PROPN"):
            subject = head.head.head  # "an operation expected to free them": the operation
    own_modal = any(c.tag_ == "MD" for c in head.children)
    for ask in (_willing_content, _risked_content, _frame_content, _waited_content,
                _intended_content):
        found = ask(head, subject, own_modal, depth)
        if found is not None:
            return found
    framed = _framed_word(head)
    if framed is not None:
        return _judged_content(framed, head, subject, depth)
    return _plain_content(head, subject, depth)


def _plain_content(head, subject, depth: int):
    """:func:`_content` of a clause with no frame: the clause itself, or what an expletive
    frames ("it is still open whether ...")."""
    inner = _child(head, "ccomp")
    if subject is not None and subject.lower_ == "it" and inner is not None and (
            head.lemma_ == "be"):
        return _content(inner, depth=depth + 1)
    if subject is None and head.dep_ == "xcomp":
        return None
    return ("clause", head, None)


def _willing_content(head, subject, own_modal: bool, depth: int):
    """ "is reluctant to call off the strike": the infinitive."""
    willing = next((c for c in head.children if c.dep_ in ("acomp", "oprd")
                    and c.lemma_.lower() in _WILLING and _infinitive(c) is not None), None)
    if willing is None or own_modal:
        return None
    return _content_of_infinitive(_infinitive(willing), subject, depth)


def risked_gerund(head):
    """What a verb of risk risks ("the strike risks delaying the vote" -> "delaying"; the
    parse may read "risks" as a noun), or None."""
    if head.lemma_.lower() not in lexicon.RISK_VERBS or head.pos_ not in ("VERB", "NOUN"):
        return None
    return next((c for c in head.children if c.tag_ == "VBG"
                 and c.dep_ in ("xcomp", "acl", "ccomp", "dobj")), None)


def risk_subject(head):
    """Who or what runs the risk: the subject, or the noun the parse hangs on "risks" as a
    compound ("The strike risks ...")."""
    return clause_subject(head) or next(
        (c for c in head.children if c.dep_ == "compound" and c.i < head.i
         and c.pos_ in ("NOUN", "PROPN")), None)


def _risked_content(head, subject, own_modal: bool, depth: int):
    """ "the strike risks delaying the vote": the gerund asked with what risks it."""
    gerund = risked_gerund(head)
    if gerund is None:
        return None
    return _content_of_infinitive(gerund, subject or risk_subject(head), depth)


def _frame_content(head, subject, own_modal: bool, depth: int):
    """A verb of hoping, saying or asking: its clause, its infinitive (with whoever is asked
    to act), or the noun it wants ("called for an inquiry")."""
    lemma = head.lemma_.lower()
    if own_modal or _phrasal(head) or not (lemma_in(head, _FRAME_VERBS)
                                           or (head.tag_ == "VBN" and lemma in _FRAME_WORDS)):
        return None
    inner = _child(head, "ccomp")
    if inner is not None and inner.pos_ in ("VERB", "AUX"):
        return _content(inner, depth=depth + 1)
    for_to = for_to_clause(head)
    if for_to is not None:  # "called for the board to resign": the board is asked to act
        return _content_of_infinitive(for_to, _child(for_to, "nsubj"), depth)
    infinitive, asked = _asked_infinitive(head)
    wanted = _wanted_thing(head)
    if infinitive is not None and not (asked is None and _purpose_of(infinitive, wanted)):
        return _content_of_infinitive(infinitive, asked or subject, depth)
    if wanted is None or _asked_clause(head):
        return None  # "why the firm didn't warn its staff": the clause asked is the verb's own
    return ("there", wanted, None)


def _asked_clause(verb) -> bool:
    """A wh- or whether-clause ("why the firm didn't warn staff", "whether it had warned
    them"), not a relative one."""
    return (verb.dep_ != "relcl" and _wh_word(verb) is not None) or mark_of(verb) in (
        "whether", "if")


def _asked_infinitive(head) -> tuple:
    """``(infinitive, who is asked to act)`` of a frame verb: "plans to hold" (nobody asked),
    "urged the board to resign", "called on X to act" (parsed apart)."""
    infinitive = _infinitive(head)
    asked = _asked_person(head) if lemma_in(head, lexicon.OBJECT_CONTROL_VERBS) else None
    if infinitive is None and (asked is not None or lemma_in(head, lexicon.STRIVING_VERBS)):
        # "called on X to act" parsed apart; "is working with the clinics to move patients":
        # what is strived for
        infinitive = next((c for c in head.children if c.dep_ == "advcl" and any(
            a.tag_ == "TO" for a in c.children)), None)
    return infinitive, asked


def for_to_clause(verb):
    """The clause of a "for X to do Y" complement ("called for the board to resign", parsed
    as a clause marked by "for" with a subject of its own and "to"), or None."""
    return next((c for c in verb.children if c.dep_ in ("advcl", "ccomp", "xcomp")
                 and c.pos_ in ("VERB", "AUX") and c.i > verb.i
                 and any(a.dep_ == "mark" and a.lower_ == "for" for a in c.children)
                 and any(a.tag_ == "TO" for a in c.children)
                 and _child(c, "nsubj") is not None), None)


def _purpose_of(infinitive, wanted) -> bool:
    """Whether an infinitive after the noun a call asks "for" says what it is for ("called
    for an inquiry “to stop rumours”"): the noun is what is asked for."""
    return (wanted is not None and wanted.head.lower_ == "for"
            and infinitive.i > wanted.right_edge.i and _child(infinitive, "nsubj") is None)


def _waited_content(head, subject, own_modal: bool, depth: int):
    """ "will not rest until X", "will see whether X": X."""
    del subject, own_modal
    waited = until_clause(head) or deciding_clause(head)
    return _content(waited, depth=depth + 1) if waited is not None else None


def _intended_content(head, subject, own_modal: bool, depth: int):
    """ "is under pressure to resign": the infinitive of the intention noun; "amid calls for
    reform": whether there will be what is demanded."""
    if own_modal:
        return None
    intended = intention_infinitive(head)
    if intended is not None:
        return _content_of_infinitive(intended, subject, depth)
    wanted = demanded_thing(head)
    return ("there", wanted, None) if wanted is not None else None


def _judged_content(framed, head, subject, depth: int):
    """A stance word ("would be difficult", "is likely to ..."): what it judges."""
    frame_inner = _infinitive(framed) or _infinitive(head)
    if frame_inner is not None and framed.lemma_.lower() in _TOUGH:
        if subject is None or subject.lower_ in _EXPLETIVES:
            return ("doing", frame_inner, None)  # "it will be hard to reach a deal"
        if _child(frame_inner, "dobj", "ccomp", "xcomp") is None:
            return ("doing", frame_inner, subject)  # "the target will be hard to reach"
    if frame_inner is not None:
        return _content_of_infinitive(frame_inner, subject, depth)
    clause = _child(framed, "ccomp") or _child(head, "ccomp")
    if clause is not None and clause.pos_ in ("VERB", "AUX"):
        return _content(clause, depth=depth + 1)
    judged = _judged_thing(framed, subject)
    if judged is not None:
        return ("there", judged, None)
    # "raising the toll in March would be difficult": the action judged, named as it is
    action = next((c for c in head.children if c.dep_ == "csubj" and c.tag_ == "VBG"), None)
    return ("happen", framed, action)  # "it is unlikely before the harvest": nothing named


def _judged_thing(framed, subject):
    """The thing a stance word judges when it is a noun: the subject ("a deal is unlikely"),
    or what one is confident "of" or "about", or ready "for" ("confident of a deal", "ready
    for something new"); else None."""
    if subject is not None and subject.lower_ not in _EXPLETIVES and subject.pos_ == "NOUN":
        return subject  # (a name is not a thing that will be: "Veloria seems ready")
    about = next((_child(p, "pobj") for p in framed.children
                  if p.dep_ == "prep" and p.lower_ in ("of", "about", "for")), None)
    if about is None:
        return None
    if about.pos_ in ("NOUN", "PROPN") or about.lower_ in _INDEFINITES:
        return about  # "ready for something new"
    return None


def _phrasal(verb) -> bool:
    """A phrasal verb other than one of excluding ("call off", not "call" or "rule out")."""
    lemma = verb.lemma_.lower()
    return any(c.dep_ == "prt" and f"{lemma} {c.lower_}" not in lexicon.EXCLUDING_VERBS
               for c in verb.children)


def _content_of_infinitive(verb, subject, depth: int):
    """ "plans to hold a vote": the infinitive asked with the frame's subject."""
    frame = verb.lemma_.lower() in _FRAME_VERBS and not _phrasal(verb)
    deeper = _content(verb, depth=depth + 1) if frame else None
    if deeper is not None and deeper[1].i != verb.i:
        return deeper
    return ("clause", verb, subject)


def _asked_person(verb):
    """Who is asked to act: "urged the board to ...", "called on the mayor to ..."."""
    for child in verb.children:
        if child.dep_ == "dobj":
            return child
        if child.dep_ == "prep" and child.lower_ == "on":
            obj = _child(child, "pobj")
            if obj is not None and obj.ent_type_ not in ("DATE", "TIME"):
                return obj  # "called on the mayor to", not "on Thursday"
    return None


def _wanted_thing(verb):
    """What a hope, call or exclusion is about when it is a noun: "called for an inquiry",
    "did not rule out new strikes", "demanded the resignation of the board". A verb of
    striving only wants what it names with "for": its object is what it acts on ("move
    patients")."""
    if lemma_in(verb, lexicon.WANTING_FOR_VERBS):  # "asked the ministry for funds": the
        obj = for_object(verb)  # funds are wanted
        if obj is not None:
            return obj
    if lemma_in(verb, lexicon.STRIVING_VERBS) and not lemma_in(verb, lexicon.HOPE_VERBS):
        return None
    return next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")),
                None)


# ----------------------------------------------------------------------------------------------
# Asking it


def _ask(verb, subject, end: int | None, names: dict[int, str], text: str, *,
         stop: int | None = None, modal_of=None) -> str | None:
    """``verb`` asked with ``subject``; ``stop`` (a token index) ends its words before a later
    part of the clause, ``modal_of`` lends its auxiliaries to a conjoined verb without any."""
    doc = verb.doc
    if end is not None and verb.idx >= end:
        return None  # a parse that runs past the clause (into the next paragraph)
    subject = subject if subject is not None else _asked_subject(verb)
    wh = _wh_word(verb) if verb.dep_ != "relcl" else None
    if subject is None and wh is None:
        return None
    auxes = _auxiliaries(verb) or (_auxiliaries(modal_of) if modal_of is not None else [])
    modal = next((a for a in auxes if a.tag_ == "MD"), None)
    if verb.tag_ == "MD" and modal is None:
        return _modal_headed(verb, subject, end, text)
    opener, verb_words, after, past = _verb_words(verb, subject, modal, auxes, wh)
    aside = _parenthetical(verb)
    rest = _span_text(doc[after] if after < len(doc) else None, verb, end, text,
                      stop=min((s for s in (aside, stop, _next_statement(verb)) if s is not None),
                               default=None))
    if verb.tag_ in _FINITE and verb_words.split()[-1:] == [verb.lemma_]:
        rest = _joined_in_base_form(verb, rest)  # "does it ignore ... and close ..."
    middle = " ".join(t.text for t in _middle(verb, subject))
    if wh is not None and (subject is None or wh in subject.subtree):
        # the wh-word is (in) the subject: "which leaders should resign" -> kept in order
        who = _wh_phrase(subject, text) if subject is not None else wh.text
        said = [" ".join(t.text for t in (*auxes, verb))] if past else [
            opener.lower() if modal is not None else "will", middle, verb_words]
        return _finish(" ".join(w for w in [_cap(who), *said, rest] if w))
    return _subject_question(verb, subject, names, text, wh,
                             (opener, middle, verb_words, rest))


def _subject_question(verb, subject, names: dict[int, str], text: str, wh,
                      parts: tuple[str, str, str, str]) -> str:
    """The question with its subject after the opener ("Will the board resign?", "Why
    wasn't the grid ready?"); a pronoun subject named (``names``)."""
    opener, middle, verb_words, rest = parts
    if subject.i in names and subject.lower_ in _THIRD_PERSON:
        rest = _as_third_person(rest, subject.lower_)  # "she was keen to do what I told
        # them" -> "... what she told them": her own "I", quoted in her reported words
    who = _named(names.get(subject.i)) or _subject_asked(subject, verb, text)
    words = [opener, who, middle, verb_words, rest]
    if wh is not None:
        words = [_cap(_wh_phrase(wh, text)), opener.lower(), who, middle, verb_words, rest]
    return _finish(" ".join(w for w in words if w))


#: Finite verb tags: a finite verb asked as "Will ... <verb>" takes its base form.
_FINITE = frozenset({"VBZ", "VBD", "VBP"})


def _joined_in_base_form(verb, rest: str) -> str:
    """``rest`` (the words after a finite ``verb`` asked in its base form) with the verbs
    joined to it without a subject or auxiliary of their own in the base form too ("until it
    rains and worsens the flood" -> "rain ... and worsen the flood")."""
    for other in verb.children:
        if other.dep_ == "conj" and other.tag_ in _FINITE and not any(
                a.dep_ in (*SUBJECT_DEPS, "aux", "auxpass") for a in other.children):
            rest = re.sub(rf"\b{re.escape(other.text)}\b", other.lemma_, rest, count=1)
    return rest


def _modal_headed(verb, subject, end: int | None, text: str) -> str | None:
    """A modal that heads its clause, the verb after it taken for a noun by the parse ("a
    step that could kick-start talks"): the modal asked, its words after it kept."""
    if subject is None:
        return None
    doc = verb.doc
    words = (_ASKED_MODAL.get(_modal_name(verb), "Will"), _subject_asked(subject, verb, text),
             _span_text(doc[verb.i + 1] if verb.i + 1 < len(doc) else None, verb, end, text))
    return _finish(" ".join(w for w in words if w))


def _verb_words(verb, subject, modal, auxes, wh) -> tuple[str, str, int, bool]:
    """``(opener, verb words, index of the first word after them, past)`` of an asked verb;
    a past wh- or whether-clause keeps its tense ("why the grid wasn't ready" -> "Why wasn't
    ... ready", ``past`` True), anything else is asked ahead ("Will ... rise")."""
    rest_auxes = [a for a in auxes if (modal is None or a.i != modal.i) and a.tag_ != "TO"]
    opener, verb_words = _verb_group(verb, modal, rest_auxes,
                                     own_subject=_same(clause_subject(verb), subject))
    after = verb.i + 1 + len(_shifted(verb))
    past = _tensed_group(verb, auxes) if modal is None and _keeps_tense(verb, auxes, wh) \
        else None
    if past is None:
        return opener, verb_words, after, False
    doc = verb.doc
    if after < len(doc) and doc[after].dep_ == "neg" and doc[after].head.i == verb.i:
        after += 1  # the "n't" went with the opener
    return *past, after, True


#: A reported speaker's pronoun -> how her quoted "I", "me", "my", "mine", "myself" read in
#: the question.
_THIRD_PERSON = {
    "she": {"i": "she", "me": "her", "my": "her", "mine": "hers", "myself": "herself"},
    "he": {"i": "he", "me": "him", "my": "his", "mine": "his", "myself": "himself"},
}
#: The verb after a first person singular, as it reads after "she" or "he".
_I_VERBS = {"am": "is", "'m": "is", "have": "has", "'ve": "has", "do": "does"}
_FIRST = re.compile(r"\b(I|me|my|mine|myself)\b(?:\s*(am|'m|have|'ve|do)\b)?")


def _as_third_person(words: str, pronoun: str) -> str:
    """``words`` with a quoted first person singular turned into ``pronoun``'s ("what I have
    pledged" -> "what she has pledged")."""
    forms = _THIRD_PERSON[pronoun]

    def turn(match: re.Match) -> str:
        word, verb = match.group(1), match.group(2)
        turned = forms[word.lower() if word != "I" else "i"]
        if verb is None:
            return turned
        return f"{turned} {_I_VERBS[verb] if word == 'I' else verb.lstrip(chr(39))}"

    return _FIRST.sub(turn, words)


def _next_statement(verb) -> int | None:
    """Where a joined clause with a modal of its own starts ("will cost millions | and may
    take years"), or a second reported clause ("would not be backed | but that talks could
    go on"): a statement of its own, not part of what is asked."""
    joined = next((c for c in verb.children if c.dep_ == "conj" and c.i > verb.i
                   and any(a.tag_ == "MD" or a.dep_ == "mark" and a.lower_ == "that"
                           for a in c.children)), None)
    if joined is None:
        return None
    cc = next((c for c in verb.children if c.dep_ == "cc" and verb.i < c.i < joined.i), None)
    return (cc or joined.left_edge).i


def _auxiliaries(verb) -> list:
    """The auxiliaries before ``verb`` ("could", "have been")."""
    return [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]


def _verb_group(verb, modal, auxes, *, own_subject: bool) -> tuple[str, str]:
    """The opener ("Will", "Can", "Could") and the verb words after the subject."""
    passive = any(a.dep_ == "auxpass" for a in auxes)
    if modal is not None:
        name = _modal_name(modal)
        perfect = any(a.lemma_ == "have" for a in auxes)
        opener = modal.text.capitalize() if perfect else _ASKED_MODAL.get(name, "Will")
        kept = " ".join(a.text for a in auxes)
        return opener, f"{kept} {verb.text}".strip()
    if passive:
        return "Will", f"be {verb.text}"
    if verb.tag_ == "VB" and not own_subject:
        return "Will", verb.text  # the infinitive of a frame: "plans to hold"
    return "Will", verb.lemma_ if verb.lemma_ != "-PRON-" else verb.text


#: Finite tags -> the "do" a wh-question of that tense opens with.
_DO = {"VBD": "did", "VBZ": "does", "VBP": "do"}


#: A contracted "be" or "have" spelt out by its lemma and tag ("that's" -> "is").
_SPELT = {("be", "VBZ"): "is", ("be", "VBP"): "are", ("have", "VBZ"): "has",
          ("have", "VBP"): "have", ("have", "VBD"): "had"}


def _spelt(token) -> str:
    """The auxiliary as the question writes it: a contraction spelt out ("'s" -> "is", and
    "has" before a participle it does not make passive: "it's taken" -> "has")."""
    if token.text[:1] not in ("'", "\u2019"):
        return token.text
    if token.dep_ == "aux" and token.head.tag_ == "VBN" and token.tag_ == "VBZ":
        return "has"
    return _SPELT.get((token.lemma_.lower(), token.tag_), token.text.lstrip("'\u2019"))


def _keeps_tense(verb, auxes, wh) -> bool:
    """Whether an asked wh- or whether-clause keeps its own tense: a past or perfect one always
    ("asked whether the firm had warned them", "whether it has approved"); a present one when
    a wh-word asks it and nothing looks ahead around it ("asked why the pool is shut"; not
    "we'll decide whether that's a levy or a fee", nor a whether-clause of alternatives: both
    are still to be chosen)."""
    whether = mark_of(verb) == "whether"
    if wh is None and not whether:
        return False
    if any(t.tag_ == "VBD" for t in (*auxes, verb)) or any(
            a.lemma_ == "have" and a.dep_ == "aux" for a in auxes):
        return True  # the past, and what has or has not been done by now
    governor = verb.head
    return wh is not None and not whether and governor.i != verb.i and not any(
        c.tag_ == "MD" for c in governor.children)


def _tensed_group(verb, auxes) -> tuple[str, str] | None:
    """The opener and verb words of a wh- or whether-clause kept in its tense ("why the grid
    wasn't ready" -> "wasn't" ... "", "how the fire started" -> "did" ... "start", "why the
    council ignores the rules" -> "does" ... "ignore", "why it was closed" -> "was" ...
    "closed"), negated in the opener; None for a verb without a finite tense of its own."""
    negated = any(c.dep_ == "neg" for c in verb.children)
    first = auxes[0] if auxes else None
    if first is not None and first.tag_ in _DO:
        opener, words = _spelt(first), " ".join([*(a.text for a in auxes[1:]), verb.text])
    elif first is None and verb.tag_ in _DO and verb.lemma_ == "be":
        opener, words = _spelt(verb), ""
    elif first is None and verb.tag_ in _DO:
        opener, words = _DO[verb.tag_], verb.lemma_
    else:
        return None
    if negated:
        opener = {"do": "don't", "does": "doesn't", "did": "didn't", "am": "am not",
                  "will": "won't", "can": "can't"}.get(opener.lower(), f"{opener}n't")
    return opener[:1].upper() + opener[1:], words


def _modal_name(token) -> str:
    """The modal's dictionary form ("wo" of "won't" -> "wo", "’ll" -> "'ll")."""
    return token.lower_.replace("’", "'")


def _wh_word(verb):
    """A wh-word opening the clause ("when the cut might come", "which leaders should ...")."""
    for tok in verb.subtree:
        if tok.i >= verb.i:
            return None
        if tok.tag_ in _WH_TAGS and tok.lower_ not in ("that",):
            if tok.dep_ == "det":
                return tok.head if tok.head.i < verb.i else None
            if tok.dep_ == "advmod" and tok.head.i == tok.i + 1 and tok.head.pos_ in (
                    "ADV", "ADJ") and tok.head.i < verb.i:
                return tok.head  # "how long the strike will last": "how long"
            nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
            if tok.tag_ == "WDT" and nxt is not None and nxt.pos_ in ("NOUN", "PROPN"):
                return nxt  # "which roads would reopen", parsed without the determiner
            return tok
        if not (tok.is_punct or tok.dep_ in ("mark", "cc")):
            return None
    return None


def _middle(verb, subject):
    """Adverbs between the subject and the verb ("can still make"), without auxiliaries, and
    one "be" puts after itself ("is still a possibility" -> "still be a possibility")."""
    start = subject.right_edge.i + 1 if subject is not None else verb.i
    return [t for t in verb.doc[start:verb.i]
            if t.dep_ == "advmod" and t.head.i == verb.i and t.tag_ not in _WH_TAGS
            ] + _shifted(verb)


#: Adverbs that follow a finite "be" and go before it in the question ("Will it still be").
_SHIFTED_ADVERBS = frozenset({"still", "also", "already", "even", "now", "again", "ever"})


def _shifted(verb) -> list:
    """The adverb right after a form of "be" that moves before it when asked ("is still" ->
    "will still be"), as a one-item list, else empty."""
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if (verb.lemma_ == "be" and nxt is not None and nxt.dep_ == "advmod"
            and nxt.head.i == verb.i and nxt.lower_ in _SHIFTED_ADVERBS):
        return [nxt]
    return []


def _parenthetical(verb) -> int | None:
    """Where a trailing attribution or aside starts (", he said", ", which ..."), if any."""
    for child in verb.children:
        own_clause = child.dep_ == "conj" and clause_subject(child) is not None
        if child.i > verb.i and (child.dep_ == "parataxis" or own_clause):
            left = child.left_edge.i
            while left > verb.i + 1 and (verb.doc[left - 1].is_punct
                                         or verb.doc[left - 1].dep_ == "cc"):
                left -= 1
            return left
    return None


def _subject_asked(subject, verb, text: str) -> str:
    """The subject as the question names it: its words (:func:`_subject_words`), a pronoun
    object in the subject case ("wants them to return" -> "Will they return?")."""
    if subject.left_edge.i == subject.right_edge.i and subject.lower_ in _NOMINATIVE:
        return _NOMINATIVE[subject.lower_]
    if subject.idx < verb.idx and "\n\n" in text[subject.left_edge.idx : verb.idx]:
        # a subject parsed across paragraphs (a headline, a dateline): the words opening
        # the verb's own paragraph, up to the verb and its auxiliaries
        start = text.rfind("\n\n", 0, verb.idx) + 2
        first = min([verb.idx, *(a.idx for a in verb.children
                                 if a.dep_ in ("aux", "auxpass", "neg") and a.i < verb.i)])
        words = text[start:first].translate(_STRIP).strip(" ,")
        if words:
            return words
    return _lower_start(_subject_words(subject, verb, text), subject.left_edge)


def _subject_words(subject, verb, text: str) -> str:
    """The subject's words; an antecedent of a relative clause, or of the participle clause
    the verb is in ("an operation expected to free them"), without that clause."""
    if subject.dep_ == "compound":  # a subject the parse hung on its verb ("The strike
        det = next((c for c in subject.head.children  # risks"): with its determiner
                    if c.dep_ == "det" and c.i == subject.left_edge.i - 1), None)
        if det is not None:
            return det.lower_ + text[det.idx + len(det.text) : subject.idx + len(subject.text)]
    clause = next((c for c in subject.children if c.dep_ == "acl" and c.i > subject.i
                   and verb in c.subtree), None)
    if clause is not None or (
            subject.i < verb.i and verb.dep_ == "relcl" and verb.head.i == subject.i):
        start = _in_paragraph(subject.left_edge.idx, subject.idx, text)
        return text[start : subject.idx + len(subject.text)].translate(_STRIP).strip()
    return _phrase(subject, text)


def _wh_phrase(token, text: str) -> str:
    """The words of a wh-phrase, with a determiner the parse left apart ("which roads")."""
    doc = token.doc
    left = token.left_edge
    if left.i > 0 and doc[left.i - 1].tag_ == "WDT":
        left = doc[left.i - 1]
    right = token.right_edge
    return text[left.idx : right.idx + len(right.text)].translate(_STRIP).strip()


def _phrase(token, text: str) -> str:
    """The words of ``token``'s phrase, quote marks dropped, from the paragraph ``token``
    is in (the parser may hang a headline or a dateline on a subject)."""
    left, right = token.left_edge, token.right_edge
    start = _in_paragraph(left.idx, token.idx, text)
    return text[start : right.idx + len(right.text)].translate(_STRIP).strip()


def _in_paragraph(start: int, at: int, text: str) -> int:
    """``start``, or the start of the paragraph holding ``at`` when a paragraph break lies
    between them."""
    cut = text.rfind("\n\n", start, at)
    return cut + 2 if cut != -1 else start


def _span_text(first, head, end: int | None, text: str, *, stop: int | None = None) -> str:
    """Text from ``first`` to the end of ``head``'s phrase (bounded by ``end`` and ``stop``)."""
    if first is None:
        return ""
    doc = head.doc
    last = head.right_edge.i
    if stop is not None:
        last = min(last, stop - 1)
    colon = next((t.i for t in doc[first.i : last + 1] if t.text == ":"), None)
    if colon is not None and colon > head.i:
        last = colon - 1  # "two things will decide it: first, ..." -- what follows lists them
    while last >= first.i and (doc[last].is_punct and doc[last].text != "%"
                               or doc[last].lower_ in ("and", "but", "or")):
        last -= 1
    if last < first.i:
        return ""
    stop_char = doc[last].idx + len(doc[last].text)
    if end is not None:
        stop_char = min(stop_char, end)
    return text[first.idx : stop_char].translate(_STRIP).strip(" ,;:-—–")


#: Adjectives whose infinitive may take the sentence's subject as its object ("the target
#: is hard to reach": the target is what would be reached) or follow an "it" ("it is hard to
#: reach a deal"); "likely" and the like never do ("the vote is likely to pass").
_TOUGH = frozenset({"difficult", "hard", "easy", "impossible", "tough", "tricky",
                    "challenging"})
#: Verbs that double their last consonant before "-ing" though longer than one syllable.
_DOUBLING = frozenset({
    "admit", "begin", "commit", "compel", "control", "equip", "expel", "forget", "occur",
    "omit", "patrol", "permit", "prefer", "rebel", "recur", "refer", "regret", "submit",
    "transfer", "upset", "acquit", "deter", "incur", "instil", "outbid", "overrun",
})
_VOWELS = frozenset("aeiou")


def gerund(verb: str) -> str:
    """The "-ing" form of a verb's base form: "reach" -> "reaching", "make" -> "making",
    "die" -> "dying", "stop" -> "stopping", "begin" -> "beginning", "open" -> "opening"."""
    word = verb.lower()
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")) and len(word) > 2:
        return word[:-1] + "ing"
    vowel_groups = len(re.findall(r"[aeiouy]+", word))
    cvc = (len(word) >= 3 and word[-1] not in _VOWELS and word[-1] not in "wxy"
           and word[-2] in _VOWELS and word[-3] not in _VOWELS)
    if cvc and (vowel_groups == 1 or word in _DOUBLING):
        return word + word[-1] + "ing"
    return word + "ing"


def _doing(verb, obj, end: int | None, text: str) -> str:
    """The action an infinitive names, as a gerund phrase: the verb's "-ing" form, the object
    the sentence's subject stands for (if any), then the verb's own words ("to reach by May"
    of "the target" -> "Reaching the target by May")."""
    words = [_cap(gerund(verb.lemma_ or verb.text))]
    if obj is not None:
        words.append(_lower_start(_phrase(obj, text), obj.left_edge))
    rest = _span_text(verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None, verb,
                      end, text)
    if rest:
        words.append(rest)
    return " ".join(words)


def _after_frame(word, end: int | None) -> str:
    """The words after a stance word, up to the first comma ("unlikely before May, as ...")."""
    head = word.head
    doc = word.doc
    last = head.right_edge.i
    words = []
    for tok in doc[word.i + 1 : last + 1]:
        if tok.is_punct or (end is not None and tok.idx >= end):
            break
        words.append(tok.text)
    return " ".join(words).translate(_STRIP).strip()


def _opens_sentence(token) -> bool:
    """Whether only punctuation (an opening quote mark) comes before ``token`` in its
    sentence (walking back, not through ``Token.sent``, which scans the whole document)."""
    i = token.i
    while not token.doc[i].is_sent_start:
        i -= 1
        if not token.doc[i].is_punct:
            return False
    return True


def _lower_start(text: str, first) -> str:
    """``text`` with its first letter in lower case, unless it is a name or starts a name."""
    opens = _opens_sentence(first)
    if first.pos_ == "PRON" and first.text != "I" or _plain_article(first):
        return text[:1].lower() + text[1:]  # (an article before a common noun: even where
        # the parse missed the sentence it opens)
    if first.pos_ == "PROPN" and opens and _common_word(first):
        return text[:1].lower() + text[1:]
    if first.pos_ == "PROPN" or first.text == "I" or not opens:
        return text
    if len(first.text) > 1 and first.text.isupper():
        return text
    return text[:1].lower() + text[1:]


def _plain_article(token) -> bool:
    """ "The state", "A storm": an article before a common noun, never part of a name (not
    "The Hague", "The Times")."""
    doc = token.doc
    return token.lower_ in ("the", "a", "an") and token.i + 1 < len(doc) and doc[
        token.i + 1].pos_ not in ("PROPN",) and not doc[token.i + 1].text[:1].isupper()


def _common_word(token) -> bool:
    """A capitalised word opening a sentence that the same document also writes in lower
    case ("Landfall is still possible" ... "after making landfall"): a common noun the parser
    took for a name, not a name. Only a lone word: a run of names is a name."""
    doc = token.doc
    if token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
        return False
    word = token.text
    if not (word[:1].isupper() and word[1:].islower() and len(word) > 2):
        return False
    return re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", doc.text) is not None


def _named(name: str | None) -> str | None:
    """A name put for a pronoun, its article in lower case ("The ministry" -> "the ministry")."""
    if name and name.split(" ", 1)[0] in ("The", "A", "An"):
        return name[:1].lower() + name[1:]
    return name


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _finish(text: str) -> str:
    """One line, capitalised, at most :data:`MAX_QUESTION_WORDS` words, ending with "?"."""
    words = text.split()
    if len(words) > MAX_QUESTION_WORDS:
        cut = max((i for i, w in enumerate(words[:MAX_QUESTION_WORDS]) if w.endswith(",")),
                  default=MAX_QUESTION_WORDS - 1)
        words = words[: cut + 1]
    text = _balanced(" ".join(words).rstrip(" ,;:-—–.!"))
    return _cap(text) + "?"


def _balanced(text: str) -> str:
    """``text`` without a bracket whose partner fell outside the question ("(they) cannot
    dive" asked as "Can they dive", not "Can they) dive")."""
    if text.count("(") == text.count(")"):
        return text
    return " ".join(text.replace("(", " ").replace(")", " ").split())


def as_question(text: str) -> str:
    """A fallback: a statement turned into a question by its final mark ("X may rise?")."""
    text = " ".join(text.translate(_STRIP).split()).rstrip(" ,;:-—–.!")
    return _cap(text) + "?" if text else text


def asked_parts(head) -> tuple:
    """The verbs of what ``head``'s clause asks when it asks two things at once: the
    to-infinitive of a hope, plan, call or pressure conjoined with other verbs, each with an
    object of its own and no subject of its own ("is under pressure to scrap the toll and
    fire the adviser" -> scrap, fire; "hopes to win a rise and cut the week" -> win, cut), else
    an empty tuple ("plans to meet in May and sign a pact": one thing with its purpose,
    "will raise fares and close depots": a statement of its own, not split)."""
    found = _content(head, depth=0)
    if found is None or found[0] != "clause":
        return ()
    return _conjoined_parts(found[1])


def _conjoined_parts(verb) -> tuple:
    """:func:`asked_parts` of the asked ``verb``."""
    if not any(a.tag_ == "TO" for a in verb.children):
        return ()
    parts = [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"
                     and clause_subject(c) is None and not any(a.tag_ == "MD" for a in c.children))]
    if len(parts) < 2 or len({p.lemma_.lower() for p in parts}) < len(parts):
        return ()
    if not all(_child(p, "dobj") is not None for p in parts):
        return ()
    return tuple(parts)


def asked_word(head):
    """The verb or noun the question of ``head``'s clause asks about ("meet" of "hopes they
    could meet"), or None."""
    found = _content(head, depth=0)
    return None if found is None else found[1]


def reason_start(head) -> int | None:
    """Where a reason clause after ``head`` starts ("will close, as rain is forecast",
    "would be hard because the channels are narrow"), as a character offset, or None."""
    for child in head.children:
        if child.i > head.i and child.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in lexicon.REASON_MARKERS for m in child.children):
            return child.left_edge.idx
    return None
