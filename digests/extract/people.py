"""People extractor: who's who within one parsed document.

:func:`extract_people` turns a spaCy ``Doc`` into :class:`~digests.models.Person` records:

1. **Candidate names** come from spaCy PERSON entities and from patterns the small model
   misses: bylines in parentheses ("(FAMILY Given/Given Family)") or on a line of their own
   ("By Ana Ruiz and Ito Ken"; in capitals, run on into the outlet: "By ANA RUIZ Harbour
   Wire" -> "Ana Ruiz"), capitalised family names written first ("SURNAME Given"),
   proper nouns after a title ("President Obuya"), and name-shaped spans NER labelled
   otherwise (or not at all) that the text presents as a person through a role apposition
   ("Its chief executive, X,") or a coordination with a person ("Jane Roe and X").
   Each span is cleaned: titles, abbreviated titles and honorifics cut off ("Lady X",
   "Cllr X" -> "X"), letters of office after the name ("X TD", "X MEP"), possessives, a
   sentence-opening modal or function word ("Will Lagos agree?") and trailing lower-case
   words dropped, anything after "Jr." dropped. Names NER cut short are extended: hyphenated
   given names re-joined ("Min" + "-seo", "Lee" + "Do-hun"), particles with the family name
   after them ("Ana Fontes" + "de Souza"), the given-name syllables of family-name-first
   names ("Tran Van" + "Khoa", "Kim" + "In Chul") and a given name left off the front
   ("Isabel" + "Ruiz Vidal"). Organisation/place-shaped spans (an organisation word
   anywhere: "X Rovers", "X Homes", "Banco X"), lone capitals and names the text calls an
   organisation ("The operator, X,") are rejected, as are names the text writes with a
   legal form after them ("X Y Ltd": "X Y" and "X" are the company). Names shaped like a place,
   ground or club ("Port X", "X Lane", "X Vale") or used in an organisation or destination
   context ("X's takeover", "shares of X", "X manager Jane Roe", "travel to X") are dropped
   unless some use carries a person signal (a role, a title, a reporting verb); a "SURNAME
   Given" match is not read over an abbreviation and a title ("US President X"); a rank that
   is also a family name is cut after a rank prefix ("Detective Sergeant X"). Later
   whole-word uses of a known name part ("Okonjo", "Adeyemi-Cole") become mentions too; two
   mentions sharing a word are one longer name (an English given name, two family names and
   a given name: "Ana" + "Lima Sousa Mei-ling"), and up to two given names NER left off the
   front are taken back.
2. **Grouping**: full names (two or more parts) group by :func:`digests.names.same_person`;
   a partial multi-word name joins the one fuller name containing it ("Ruiz de Alba", "Dos
   Santos" at a sentence start); a bare name ("Okonjo", "President Xu") attaches to the
   full-name person carrying that part. A part written the same way beats a romanisation
   variant, which counts only for a family name at either end ("Chung" is never the syllable
   "Jong"). When several carry it, the bare form is never given to a person it is the
   possessor of ("Park's brother Park Ji-hoon", anywhere in the document), then goes to the
   candidate whose full name was written last before it, else to the most prominent (most
   full mentions, then earliest). A sentence-opening function word ("In", "Do") is never a
   bare name. A bare name that attaches to nobody is kept only when clearly a person: titled
   ("President Xu") or a PERSON-labelled subject of a reporting verb.
3. **Roles** are read around every mention: pre-nominal titles ("Assistant Director of
   Fisheries", "board member"), appositions after and before the name ("X, a 45-year-old
   nurse,"; "Peru's ambassador to Chile, X,"; "X, a Lagos-based economist,"; "Their
   co-leader, X,"), relations ("Park's brother X" -> "brother of <Park's full name>"; "his
   wife, X" -> "wife"), "who heads the Y" clauses ("head of the Y"), and plural appositions
   shared by coordinated names ("Two farmers, X and Y," -> "farmer"). A title never reaches
   back over a relation noun or a lower-case "and" ("the sister of | Chilean President X",
   "her cousin and | Fisheries Minister X"), but does over an honorific ("chairman Sir X").
   Also: letters of office after the name ("X MEP"); "The <word>, X," opening a clause
   with X parsed as its apposition ("The Ombudsman, X," -> "Ombudsman"); an apposition
   cut at its head noun when a clause follows ("X, the favourite to succeed ...,");
   occupations by suffix ("cartographer"); "<country> international X"; and the
   delayed-identification lede (a first paragraph naming nobody where an institution acts
   on "a former bank clerk", then a paragraph opening with the full name as subject).
   Further: a relation apposition naming a person ("X, the elder daughter of Senator Y," ->
   "elder daughter of <Y>"); an indefinite party/nationality apposition ("X, a Democrat
   from Oregon,"); the organisation of a "who runs the Y" clause as an apposition after it
   describes it ("head of the biggest haulage company"); a byline author is the
   "reporter" (or the job title the line gives: "By X, Labour Reporter"); and a title stops
   after "a <noun> of/to" ("a critic of | President X"); counsel for one side in British court
   style ("X, defending, said" -> "defending").

All word lists live in the people section of :mod:`digests.extract.lexicon`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from digests.curated import Curated
from digests.extract._candidates import (
    NameMention,
    byline_author_role,
    byline_author_starts,
    find_company_forms,
    find_mentions,
    name_parts,
)
from digests.extract._roles import (
    OTHER_ENTS,
    POSSESSIVE,
    RoleCue,
    is_titled,
    occupation_word,
    role_cue,
    roles_around,
)
from digests.extract.lexicon import (
    HONORIFICS,
    LEDE_ACTION_VERBS,
    MOTION_VERBS,
    NON_PERSON_WORDS,
    OFFICES_FOR_A_PLACE,
    ORG_POSSESSED_NOUNS,
    ORG_PRECEDING_PHRASES,
    PERSON_VERBS,
    PLACE_HEAD_WORDS,
    PLACE_LEAD_WORDS,
    POSTNOMINAL_TITLES,
    RELATION_NOUNS,
    ROLE_ABBREVIATIONS,
    ROLE_NOUNS,
    TITLE_WORDS,
)
from digests.extract._offices import definite_office, office_words
from digests.extract.parsed import ParsedDocument, as_parsed
from digests.models import Person
from digests.names import (
    name_key,
    same_person,
    same_surname,
    slug,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["extract_people"]

#: Dependency labels of a noun heading its phrase, for a noun the tagger read as a verb.
_NOMINAL_DEPS = frozenset({"pobj", "dobj", "nsubj", "nsubjpass", "attr", "appos"})


# ----------------------------------------------------------------------------------------------
# Mentions


def extract_people(doc: Doc, *, curated: Curated | None = None,
                   title: str | None = None) -> list[Person]:
    """Return the people named in ``doc`` (a parsed spaCy Doc), in order of first mention.

    ``curated`` (optional) lets user-listed aliases count as names of a person even when they
    are single words the extractor would otherwise drop. ``title`` (the article's headline,
    not part of the body) gives the full name of a person the body names by family name
    only ("Ana Ruiz signs for Harlow" ... "Ruiz said"). Raises ``TypeError`` when ``doc`` is
    not a parsed document (e.g. a plain string).
    """
    doc = as_parsed(doc, "extract_people")
    companies = find_company_forms(doc)
    authors = byline_author_starts(doc)
    found = _without_served_places(doc, find_mentions(doc, curated, companies))
    described = [replace(m, roles=(*m.roles, *_roles_for(doc, m, authors)),
                         titled=is_titled(doc, m.start)) for m in found]
    described = _with_lede_role(doc, _share_coordinated_roles(doc, described))
    kept = _drop_places_and_clubs(doc, described)
    clusters = _with_lead_office(doc, _group(doc, kept, curated, companies))
    return named_in_title(_people(doc, clusters), title)


#: A run of two or three capitalised words in a headline ("Ana Ruiz", "Ana de Ruiz").
_HEADLINE_NAME = re.compile(r"\b([A-Z][a-z'’-]+(?: (?:[a-z]{1,3} )?[A-Z][a-z'’-]+){1,2})\b")


def named_in_title(people: Sequence[Person], title: str | None) -> list[Person]:
    """``people`` with the full name the headline gives to one the body names by a single
    word: "Ana Ruiz signs for Harlow" and a body saying only "Ruiz" make "Ana Ruiz" (the
    single word kept as an alias). Only a name whose other words are no title, role or
    common word, and that no other person of the document already bears."""
    if not title:
        return list(people)
    names = {p.name for p in people}
    out = []
    for person in people:
        full = _headline_name(person.name, title) if " " not in person.name else None
        if full is None or full in names:
            out.append(person)
            continue
        out.append(replace(person, name=full,
                           aliases=tuple(dict.fromkeys((person.name, *person.aliases)))))
    return out


def _headline_name(word: str, title: str) -> str | None:
    """The headline's run of capitalised words ending in ``word``, if its other words can
    be given names."""
    for m in _HEADLINE_NAME.finditer(title):
        parts = m.group(1).split()
        given = [w for w in parts[:-1] if w[:1].isupper()]  # (a particle, "de", is no name)
        if parts[-1] == word and not any(
                w.casefold() in TITLE_WORDS | NON_PERSON_WORDS | HONORIFICS | ROLE_NOUNS
                for w in given):
            return m.group(1)
    return None


def _without_served_places(doc: Doc, mentions: list[NameMention]) -> list[NameMention]:
    """"MP for Ashby Vale Priya Doss said", "Minister for the Winter Games Aiko Tanabe": what
    follows "<office> for" is the place or portfolio the office serves, and the office with it
    is the role of the name after it. A name run that NER ran over the place and a full name
    the document writes on its own is cut to that name; the place's words are no person
    anywhere in the document."""
    full = {m.text for m in mentions if m.parts >= 2}
    places: set[str] = set()
    out: list[NameMention] = []
    for m in mentions:
        if _office_for(doc, m.start) is not None:  # the run starts with the place
            tail = next((k for k in range(m.start + 1, m.end - 1)
                         if doc[k:m.end].text in full), None)
            if tail is None:
                places.add(m.text)
                continue
            places.add(doc[m.start:tail].text)
            m = replace(m, start=tail, text=doc[tail:m.end].text)
        joined = f"{doc[m.start - 1].text} {m.text}" if m.start > 0 else ""
        if m.parts == 1 and joined in full:  # "... Vale Priya" + "Doss": the name "Priya Doss"
            m = replace(m, start=m.start - 1, text=joined)
        office = _office_before_place(doc, m.start)
        if office is not None:
            role = RoleCue(doc[office:m.start].text)  # "MP for Ashby Vale"
            m = replace(m, roles=(*m.roles, role))
        out.append(m)
    return [m for m in out if m.text not in places]


def _office_for(doc: Doc, start: int) -> int | None:
    """The token index of the office when ``start`` comes right after "<office> for" ("MP
    for", "Minister for the"), else None."""
    i = start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 1 or doc[i].lower_ != "for":
        return None
    office = doc[i - 1].text.casefold().rstrip(".")
    return i - 1 if office in POSTNOMINAL_TITLES or office in OFFICES_FOR_A_PLACE else None


def _office_before_place(doc: Doc, start: int) -> int | None:
    """"<office> for <Place> <name>": the office's token index when up to four capitalised
    words (the place) stand between "<office> for" and the name at ``start``."""
    for k in range(start - 1, max(start - 5, 0) - 1, -1):
        if not (doc[k].is_title or doc[k].is_upper) or doc[k].is_punct:
            return None
        office = _office_for(doc, k)
        if office is not None:
            return office
    return None


def _drop_places_and_clubs(doc: Doc, mentions: list[NameMention]) -> list[NameMention]:
    """Drop multi-word names the text treats as a place, ground, club or company when no use
    of them (or of their last word alone) carries a person signal (a role, a title, the
    subject of a reporting verb): names shaped like a place ("Port X", "X Lane", "X Vale"),
    names in an organisation or destination context ("X's takeover", "shares of X", "at
    home to X", "X manager Jane Roe", "travel to X"), and names only ever used as the modifier
    of a common noun ("the X Y cave", "X Y province")."""
    suspect: set[str] = set()
    attributive: dict[str, bool] = {}
    for m in mentions:
        if m.parts < 2:
            continue
        words = m.text.casefold().split()
        if (words[0] in PLACE_LEAD_WORDS or words[-1] in PLACE_HEAD_WORDS
                or _organisation_context(doc, m)):
            suspect.add(m.text)
        attributive[m.text] = attributive.get(m.text, True) and _modifies_common_noun(doc, m)
    suspect.update(text for text, only in attributive.items() if only)
    if not suspect:
        return mentions
    signalled: set[str] = set()
    for m in mentions:
        if m.roles or m.titled or _reporting_subject(doc, m):
            signalled.add(m.text)
    dropped = {t for t in suspect
               if t not in signalled and t.split()[-1] not in signalled}
    return [m for m in mentions if m.text not in dropped]


def _modifies_common_noun(doc: Doc, m: NameMention) -> bool:
    """"the X Y cave", "X Y province", "the X Y rescue operation", "X Y provincial governor":
    the name written as the modifier of a lower-case noun after it. A full name used only so
    in a document names a place or a thing; a person's name is used so at times ("the X Y
    regime") but also stands on its own."""
    last = doc[m.end - 1]
    head = last.head
    if (last.dep_ not in ("compound", "nmod", "amod") or head.i < m.end or m.end >= len(doc)
            or not (doc[m.end].is_lower and doc[m.end].pos_ in ("NOUN", "ADJ", "VERB"))):
        return False
    nominal = head.pos_ in ("NOUN", "PROPN") or head.dep_ in _NOMINAL_DEPS  # "cave" tagged VB
    return nominal and not any(t.is_punct for t in doc[m.end:head.i])


def _organisation_context(doc: Doc, m: NameMention) -> bool:
    """"X's takeover", "shares of X", "at home to X", "X manager Jane Roe", "travel to X":
    contexts in which a name is a company, club or place."""
    end = m.end
    if end + 1 < len(doc) and doc[end].text in POSSESSIVE \
            and doc[end + 1].lower_ in ORG_POSSESSED_NOUNS:
        return True
    if m.start >= 2 and (doc[m.start - 2].lower_, doc[m.start - 1].lower_) in ORG_PRECEDING_PHRASES:
        return True
    prep = doc[m.end - 1].head  # "travel to X", "arrived at X": a destination
    if (prep.lower_ in {"to", "at", "in"} and prep.i < m.start and doc[m.end - 1].dep_ == "pobj"
            and prep.head.lemma_.casefold() in MOTION_VERBS):
        return True
    return (end + 1 < len(doc) and doc[end].is_lower and doc[end].text in ROLE_NOUNS
            and doc[end + 1].ent_type_ == "PERSON" and doc[end + 1].ent_iob_ == "B")


def _with_lede_role(doc: ParsedDocument, mentions: list[NameMention]) -> list[NameMention]:
    """``mentions`` with the delayed-identification lede's role (:func:`_lede_role`) given to
    the first name outside the byline."""
    at = next((i for i, m in enumerate(mentions) if not _on_byline_line(doc.text, doc[m.start].idx)),
              None)
    cue = _lede_role(doc, mentions[at]) if at is not None else None
    if cue is None:
        return mentions
    return [*mentions[:at], replace(mentions[at], roles=(*mentions[at].roles, cue)),
            *mentions[at + 1:]]


def _lede_role(doc: ParsedDocument, m: NameMention) -> RoleCue | None:
    """The delayed-identification lede: a first paragraph that names nobody but describes
    someone by one role ("A court fined a retired ferry pilot ..."), and a second paragraph
    that opens with a full name as the subject ("Ola Brandvik, 61, was ..."). The name gets
    the role ("retired ferry pilot")."""
    if m.parts < 2 or m.roles or not _opens_paragraph(doc, m):
        return None
    lede = _paragraph_before(doc, m.start)
    if any(t.ent_type_ == "PERSON" for t in lede):
        return None
    heads = [t for t in lede if _lede_role_noun(t)]
    if len(heads) != 1 or doc[m.start:m.end].root.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    head = heads[0]
    if not _acted_on_by_institution(head):
        return None
    return role_cue(doc[head.left_edge.i:head.i + 1], None, headed=True)


def _opens_paragraph(doc: ParsedDocument, m: NameMention) -> bool:
    """The mention opens a sentence right after a line break (not the text's first words)."""
    return m.start >= 2 and "\n" in doc[m.start - 1].text and doc[m.start].is_sent_start


def _paragraph_before(doc: ParsedDocument, start: int):
    """The tokens of the paragraph ending just before token ``start`` (its line break)."""
    para = start - 1
    while para > 0 and "\n" not in doc[para - 1].text:
        para -= 1
    return doc[para:start - 1]


def _lede_role_noun(tok: Token) -> bool:
    """An indefinite lower-case role or occupation noun ("a former bank clerk"), not a
    relation ("a brother")."""
    return (tok.tag_ == "NN" and tok.is_lower
            and (tok.text in ROLE_NOUNS or occupation_word(tok))
            and tok.text not in RELATION_NOUNS
            and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in tok.children))


def _acted_on_by_institution(head: Token) -> bool:
    """The role noun is what an institution's action falls on ("a jury convicted a ..."), not
    the object of a person's deed ("a gunman shot a nurse")."""
    verb = head.head
    if head.dep_ not in {"dobj", "nsubjpass"} or verb.lemma_.casefold() not in LEDE_ACTION_VERBS:
        return False
    return head.dep_ != "dobj" or not any(
        c.dep_ == "nsubj" and (c.ent_type_ == "PERSON" or c.pos_ == "PRON"
                               or c.lemma_.casefold() in ROLE_NOUNS) for c in verb.children)


def _on_byline_line(text: str, at: int) -> bool:
    line_start = text.rfind("\n", 0, at) + 1
    return text.startswith("By ", line_start)


def _share_coordinated_roles(doc: ParsedDocument, mentions: list[NameMention]) -> list[NameMention]:
    """"Two businessmen, X and Y," gives Y the plural role X received from the apposition
    (passed on along a chain "X, Y and Z")."""
    roles = {m.start: m.roles for m in mentions}
    for m in mentions:
        if m.end < len(doc) and doc[m.end].lower_ == "and" and m.end + 1 in roles:
            for cue in roles[m.start]:
                if cue.plural and cue not in roles[m.end + 1]:
                    roles[m.end + 1] = (*roles[m.end + 1], cue)
    return [replace(m, roles=roles[m.start]) if roles[m.start] != m.roles else m
            for m in mentions]


# ----------------------------------------------------------------------------------------------
# Cleaning a candidate span


# ----------------------------------------------------------------------------------------------
# Roles


def _roles_for(doc: ParsedDocument, m: NameMention, authors: set[int]) -> list[RoleCue]:
    """A byline author's role alone, else the cues read around the mention."""
    author = byline_author_role(doc, m, authors)
    return [author] if author is not None else roles_around(doc, m.start, m.end)


# ----------------------------------------------------------------------------------------------
# Grouping mentions into people


@dataclass(frozen=True, slots=True)
class _Cluster:
    """The mentions of one person, in the order they joined."""

    mentions: tuple[NameMention, ...]

    @property
    def full(self) -> list[NameMention]:
        return [m for m in self.mentions if m.parts >= 2]

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)

    def plus(self, *more: NameMention) -> _Cluster:
        return _Cluster((*self.mentions, *more))


def _group(doc: ParsedDocument, mentions: Sequence[NameMention], curated: Curated | None,
           companies: set[str]) -> list[_Cluster]:
    """Full names grouped by the name rules, partial names folded into the fuller name,
    then each bare name attached to its full-name person or kept on its own."""
    clusters = _merge_partial_names(_group_full_names(mentions))
    other_texts = _other_entity_texts(doc, companies)
    by_text: dict[str, list[NameMention]] = {}
    for m in mentions:
        by_text.setdefault(m.text, []).append(m)
    # "Park's brother Park Ji-ho": the text calls someone else "Park", everywhere
    possessed = _possessor_exclusions(mentions)
    not_named: dict[str, set[int]] = {}
    for m in mentions:
        not_named.setdefault(m.text, set()).update(possessed.get(m.start, set()))
    for m in (m for m in mentions if m.parts < 2):
        home = _attach_bare(m, clusters, not_named[m.text], curated)
        if home is not None:
            clusters[home] = clusters[home].plus(m)
        elif _standalone_ok(doc, m, by_text[m.text], other_texts, curated):
            same = next((i for i, c in enumerate(clusters)
                         if not c.full and c.mentions[0].text == m.text), None)
            if same is None:
                clusters.append(_Cluster((m,)))
            else:
                clusters[same] = clusters[same].plus(m)
    return sorted(clusters, key=lambda c: c.first)


def _with_lead_office(doc: ParsedDocument, clusters: list[_Cluster]) -> list[_Cluster]:
    """"The Prime Minister conceded ...", "the beleaguered PM maintained ...": a story about a
    well-known office holder may name the office only as a capitalised or abbreviated
    definite description. When nobody the document names holds that office, it is the role of
    the document's lead person (see :func:`_lead_person`), unless a sentence names both."""
    lead = _lead_person(clusters)
    if lead is None:
        return clusters
    held = [office_words(re.findall(r"[\w'’-]+", cue.text.casefold()))
            for c in clusters for m in c.mentions for cue in m.roles]
    lead_sentences = {doc[m.start].sent.start for m in clusters[lead].mentions}
    added: list[RoleCue] = []
    for tok in doc:
        office = _office_description(tok)
        if office is None:
            continue
        if tok.sent.start in lead_sentences:
            return clusters  # "X met the Prime Minister": a sentence naming both names two
        head, *rest = office
        if any(head in role and all(w in role for w in rest) for role in held):
            continue
        text = tok.text if tok.text.isupper() else " ".join(
            t.text for t in doc[tok.left_edge.i:tok.i + 1] if t.lower_ in office or t.i == tok.i)
        added.append(RoleCue(text))
        held.append(office_words(text.casefold().split()))
    if not added:
        return clusters
    first = min(clusters[lead].mentions, key=lambda m: m.start)
    others = tuple(m for m in clusters[lead].mentions if m is not first)
    clusters = list(clusters)
    clusters[lead] = _Cluster((replace(first, roles=(*first.roles, *added)), *others))
    return clusters


def _office_description(tok: Token) -> list[str] | None:
    """The office words of a capitalised ("The Prime Minister") or abbreviated ("the
    beleaguered PM") definite description that stands alone (not a title before a name, not in
    apposition to one), head first; else None."""
    if not (tok.is_title or tok.is_upper) or tok.ent_type_ == "PERSON" or tok.dep_ == "compound":
        return None
    if tok.dep_ == "appos" or any(c.dep_ == "appos" for c in tok.children):
        return None
    found = definite_office(tok)
    if found is None or tok.lower_.rstrip(".") not in TITLE_WORDS | set(ROLE_ABBREVIATIONS):
        return None
    return found[1]


def _lead_person(clusters: Sequence[_Cluster]) -> int | None:
    """Of the people the document gives no role, the one mentioned most often (at least
    twice, and more often than any other): its index in ``clusters``."""
    bare = sorted((i for i, c in enumerate(clusters) if not any(m.roles for m in c.mentions)),
                  key=lambda i: -len(clusters[i].mentions))
    if not bare or len(clusters[bare[0]].mentions) < 2:
        return None
    if len(bare) > 1 and len(clusters[bare[1]].mentions) >= len(clusters[bare[0]].mentions):
        return None
    return bare[0]


def _group_full_names(mentions: Sequence[NameMention]) -> list[_Cluster]:
    """Full-name mentions grouped: the same form, or a form :func:`same_person` matches."""
    groups: list[list[NameMention]] = []
    by_form: dict[str, int] = {}
    for m in (m for m in mentions if m.parts >= 2):
        home = by_form.get(m.text)
        if home is None:
            home = next((by_form[f] for f in by_form if same_person(m.text, f)), None)
        if home is None:
            home = len(groups)
            groups.append([])
        groups[home].append(m)
        by_form.setdefault(m.text, home)
    return [_Cluster(tuple(g)) for g in groups]


def _merge_partial_names(clusters: list[_Cluster]) -> list[_Cluster]:
    """Fold a multi-word partial name ("Ruiz de Alba") into the one fuller name that contains
    it as consecutive words ("Pedro Ruiz de Alba")."""
    kept: list[_Cluster] = []
    for c in sorted(clusters, key=lambda c: -max(len(m.text.split()) for m in c.full)):
        words = [m.text.casefold().split() for m in c.full]
        homes = [i for i, k in enumerate(kept) if all(any(_contains(o.text.casefold().split(), w)
                                                           for o in k.full) for w in words)]
        if len(homes) == 1:
            kept[homes[0]] = kept[homes[0]].plus(*c.mentions)
        else:
            kept.append(c)
    return kept


def _contains(words: Sequence[str], part: Sequence[str]) -> bool:
    n = len(part)
    return n < len(words) and any(list(words[i:i + n]) == list(part)
                                  for i in range(len(words) - n + 1))


def _possessor_exclusions(mentions: Sequence[NameMention]) -> dict[int, set[int]]:
    """Bare mention start -> start tokens of full names it is the possessor of."""
    out: dict[int, set[int]] = {}
    for m in mentions:
        for cue in m.roles:
            if cue.possessor is not None:
                out.setdefault(cue.possessor, set()).add(m.start)
    return out


def _attach_bare(m: NameMention, clusters: Sequence[_Cluster], excluded: set[int],
                 curated: Curated | None) -> int | None:
    """The index of the full-name person a bare name belongs to, or None when unknown. When
    several carry it: the one whose full name was written last before it ("Ana Ruiz ... Luis
    Ruiz said ... Ruiz added" -> Luis), else the most prominent."""
    candidates = _bare_candidates(m, clusters, excluded, curated)
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    before = [(max(o.start for o in clusters[c].full if o.start < m.start), i)
              for i, c in enumerate(candidates)
              if any(o.start < m.start for o in clusters[c].full)]
    if before:
        return candidates[max(before)[1]]
    return max(candidates, key=lambda c: (len(clusters[c].full), -clusters[c].first))


def _bare_candidates(m: NameMention, clusters: Sequence[_Cluster], excluded: set[int],
                     curated: Curated | None) -> list[int]:
    """Indexes of the full-name people that may own a bare name: those carrying it (else those
    its curated entry names), minus those it is the possessor of; exact spellings first."""
    candidates = [i for i, c in enumerate(clusters) if c.full and _carries(c, m.text)]
    entry = curated.find(m.text) if not candidates and curated else None
    if entry is not None:
        candidates = [i for i, c in enumerate(clusters) if c.full
                      and any(same_person(entry.name, o.text) or entry.matches(o.text)
                              for o in c.full)]
    candidates = [i for i in candidates if not any(o.start in excluded for o in clusters[i].full)]
    exact = [i for i in candidates if _carries(clusters[i], m.text, exact=True)]
    return exact or candidates


def _carries(c: _Cluster, bare: str, *, exact: bool = False) -> bool:
    """Does a full name of ``c`` carry ``bare``: as any of its parts written the same way
    (accents and case aside), or as a romanisation variant of a family name at either end
    ("Rhee" for "Lee Min-ho"; never a given-name syllable: "Jong" is not "Chung")."""
    key = name_key(bare)
    for o in c.full:
        parts = name_parts(o.text)
        if any(name_key(part) == key for part in parts):
            return True
        if not exact and parts and any(same_surname(end, bare) for end in (parts[0], parts[-1])):
            return True
    return False


def _standalone_ok(doc: Doc, m: NameMention, same: Sequence[NameMention], other_texts: set[str],
                   curated: Curated | None) -> bool:
    """Keep an unattached one-word name only when it is clearly a person: the user curated
    it, or one of its uses (``same``) is titled or a PERSON subject of a reporting verb; never
    when the document labels the same text a place or organisation."""
    if curated and curated.find(m.text) is not None:
        return True
    if m.text in other_texts:
        return False
    return any(o.titled or (_reporting_subject(doc, o) and doc[o.start].ent_type_ == "PERSON")
               for o in same)


def _other_entity_texts(doc: ParsedDocument, companies: set[str]) -> set[str]:
    """Texts the document labels as places, organisations and other non-person entities."""
    return {e.text for e in doc.ents if e.label_ in OTHER_ENTS} | companies


def _reporting_subject(doc: Doc, m: NameMention) -> bool:
    tok = doc[m.end - 1]
    return (tok.dep_ == "nsubj" and tok.head.lemma_.casefold() in PERSON_VERBS
            and tok.tag_ == "NNP")


# ----------------------------------------------------------------------------------------------
# Building Person records


def _people(doc: Doc, clusters: Sequence[_Cluster]) -> list[Person]:
    owner = {i: c for c in clusters for m in c.mentions for i in range(m.start, m.end)}
    names = {id(c): _display(c) for c in clusters}
    people: list[Person] = []
    used: set[str] = set()
    for c in clusters:
        name = names[id(c)]
        key, k = slug(name), 2
        while key in used:
            key, k = f"{slug(name)}-{k}", k + 1
        used.add(key)
        forms = list(dict.fromkeys(m.text for m in sorted(c.mentions, key=lambda m: m.start)))
        aliases = tuple(f for f in forms if f != name)
        roles = _role_texts(c, owner, names)
        spans = tuple(sorted((doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text))
                             for m in c.mentions))
        people.append(Person(key=key, name=name, aliases=aliases, roles=roles, mentions=spans))
    return people


def _display(c: _Cluster) -> str:
    """Fullest form, then most frequent, then first seen."""
    forms = [m.text for m in sorted(c.mentions, key=lambda m: m.start)]
    return max(dict.fromkeys(forms),
               key=lambda f: (len(name_key(f)), forms.count(f), -forms.index(f)))


def _role_texts(
    c: _Cluster, owner: dict[int, _Cluster], names: dict[int, str]
) -> tuple[str, ...]:
    out: dict[str, str] = {}
    for m in sorted(c.mentions, key=lambda m: m.start):
        for cue in m.roles:
            text = cue.text
            if cue.relation and cue.possessor is not None:
                other = owner.get(cue.possessor)
                if other is not None and other is not c:
                    text = f"{cue.relation} of {names[id(other)]}"
            out.setdefault(text.casefold(), text)
    return tuple(out.values())
