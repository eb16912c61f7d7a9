"""Names: folding, comparison keys, variant rules and the romanisation tables, in one place.

Every module that compares person names calls this one: the people extractor (per document),
speaker attribution, cross-document merging (:mod:`digests.merge.people`), the store's lookup
key and the evaluation's comparison form. Pure functions, no spaCy.

* :func:`fold` — casefold, accents stripped (NFKD) and the letters NFKD does not decompose
  spelt out by an explicit transliteration table (ø -> o, æ -> ae, ł -> l, ß -> ss, đ -> d ...).
* :func:`name_key` — the resolver's key (possessive 's, hyphens, dots, quotes and spacing
  dropped); :func:`lookup_key` — the store's key (letters and digits of :func:`fold` only), so a
  lookup finds a person under any spelling that folds alike; :func:`name_words` — folded words
  for comparing name parts; :func:`contract_name` — the extraction contract's comparison form.
* :func:`same_person`, :func:`same_surname` — name-structure rules: a family name plus given
  syllables for East Asian names (family name first; romanisation variants of surnames and
  vowels folded), first + last name for Western names (middle initials optional; given names
  also match under a looser spelling fold such as "Mohammed" = "Muhammad"). A shared surname
  alone never makes two names the same person.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence

__all__ = [
    "EAST_ASIAN_SURNAMES",
    "SURNAME_VARIANTS",
    "TRANSLITERATION",
    "VOWEL_VARIANTS",
    "contract_name",
    "east_asian_order",
    "fold",
    "lookup_key",
    "name_key",
    "name_tokens",
    "name_words",
    "reversed_parts",
    "same_person",
    "same_surname",
    "slug",
    "split_name",
    "strip_accents",
    "surname_class",
]

# ----------------------------------------------------------------------------------------------
# Romanisation tables

#: Korean/East Asian romanisation: family names written several ways (one group per line).
SURNAME_VARIANTS: tuple[frozenset[str], ...] = tuple(frozenset(g.split()) for g in (
    "lee yi rhee ri rhie i li",
    "moon mun",
    "park pak bak bahk",
    "choi choe chey choy",
    "roh noh no ro",
    "kim gim",
    "kang gang",
    "jung chung jeong cheong joung jong",
    "yoon yun youn",
    "shin sin shinn",
    "cho jo joe",
    "lim im rim yim",
    "ryu yu yoo ryoo you",
    "oh o",
    "jang chang",
    "seo suh so",
    "kwon gwon kwun",
    "ahn an",
    "ko go koh",
    "bae pae",
    "baek paek paik baik",
    "heo hur huh ho",
    "jeon chon jun chun jon",
    "son sohn",
    "yang ryang",
    "ryo yeo yo",
    "hyun hyeon hyon",
    "gu koo ku goo",
    "nam nahm",
    "hwang whang",
    "song soong",
    "zhou chou",
    "zhang chang",
    "xi hsi",
    "zhao chao",
    "chen chan",
    "huang wong",
))

#: Common Korean, Chinese and Vietnamese family names (romanised). A name starting with one of
#: these and followed by hyphenated or short syllables is read family name first.
EAST_ASIAN_SURNAMES: frozenset[str] = frozenset("""
    kim lee park choi jung kang cho yoon jang lim han oh seo shin kwon hwang ahn song jeon
    hong yoo ko moon yang son bae baek heo nam shim noh ha kwak sung cha joo woo koo min ryu na
    jin ji uhm chae won chun bang gong hyun ham byun yeom yeo choo seok sun ma gil yeon pyo
    myung ki ban wang geum ok yook maeng tak kook eun ri rhee yi pak choe mun ro ryang
    li zhang liu chen huang zhao wu zhou xu zhu hu guo he gao lin luo zheng liang xie tang
    deng feng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu ding ren
    shen yao cui zhong tan fan liao shi jia xia fu fang zou xiong bai meng qin qiu hou yin xue
    yan duan lei long tao mao hao gu shao wan qian dai mo kong xiang chang chan wong leung
    nguyen tran le pham hoang vu phan dang bui ngo duong ly trinh dinh lam
    vo huynh luong doan dao chau luu quach trieu kieu
""".split())

#: Romanisation vowel spellings folded together when comparing given-name syllables.
VOWEL_VARIANTS: tuple[tuple[str, str], ...] = (
    ("eo", "o"), ("ŏ", "o"), ("ŭ", "u"), ("eu", "u"), ("oo", "u"), ("ou", "u"), ("ung", "ong"),
)

#: Letters NFKD does not decompose into a base letter plus accent, spelt out in Latin letters.
TRANSLITERATION = str.maketrans({
    "ı": "i", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "ẞ": "SS", "đ": "d", "Đ": "D",
    "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "œ": "oe", "Œ": "OE", "ð": "d", "Ð": "D",
    "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŀ": "l", "Ŀ": "L", "’": "'", "‘": "'",
})

#: Surname particles joined to the name part that follows ("al suwaidi" -> "al-suwaidi").
_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "van", "von", "de", "del", "da", "di",
                        "du", "la", "le", "der", "den", "dos", "das", "ben"})
_SURNAME_CLASS = {name: min(group) for group in SURNAME_VARIANTS for name in group}
_DASHES = re.compile(r"[-‐‑‒–—_]")
_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "`": "'"})
_NAME_PUNCT = re.compile(r"[.'\"()]")
_POSSESSIVE = re.compile(r"'s\b")
_SPACES = re.compile(r"\s+")

# ----------------------------------------------------------------------------------------------
# Folding and keys


def strip_accents(text: str) -> str:
    """``text`` decomposed (NFKD) with its combining marks dropped; nothing else changed."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Casefolded, accents stripped, and ø, æ, ł, ß, đ ... spelt out (:data:`TRANSLITERATION`).

    >>> fold("Sigrid Østvik") == fold("sigrid ostvik")
    True
    """
    return strip_accents(text.translate(TRANSLITERATION)).casefold()


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The resolver's comparison key: case, accents, hyphens, dots, possessive 's and spacing
    ignored.

    >>> name_key("PARK Seo-yeon") == name_key("Park Seo Yeon") == name_key("Park Seoyeon")
    True
    """
    text = _POSSESSIVE.sub("", fold(name))
    text = _DASHES.sub("", text)
    return re.sub(r"[\s.'\"()]", "", text)


def lookup_key(text: str) -> str:
    """The store's lookup key: the letters and digits of :func:`fold` (so "Østvik", "Ostvik"
    and "OSTVIK" are one key, as they are one person to :func:`same_person`)."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


def name_words(text: str) -> str:
    """Folded words of a name with hyphens as spaces, for comparing name parts
    ("Jean-Luc Ødby" -> "jean luc odby")."""
    return " ".join(_DASHES.sub(" ", fold(text)).split())


def contract_name(name: str | None) -> str:
    """The extraction contract's comparison form of a person name (the scorer's, exactly):
    accents dropped by NFKD alone, casefolded, "'s" removed, hyphens and dashes to spaces, the
    punctuation . ' " ( ) removed, whitespace folded. No transliteration: the contract's
    referee does not spell out ø or æ, so neither does the score."""
    text = strip_accents(name or "")
    text = text.translate(_QUOTE_MARKS).casefold()
    text = _POSSESSIVE.sub("", text)
    text = _DASHES.sub(" ", text)
    text = _NAME_PUNCT.sub("", text)
    return _SPACES.sub(" ", text).strip()


def name_tokens(name: str) -> list[str]:
    """Folded name parts split on spaces (hyphenated parts stay one token: ``"seo-yeon"``)."""
    text = _POSSESSIVE.sub("", fold(name))
    text = _DASHES.sub("-", text)
    return [t for t in re.split(r"[\s.]+", text.replace('"', "")) if t.strip("-'")]


def slug(name: str) -> str:
    """URL-safe id from a name: ``"Baek Ha-jung" -> "baek-ha-jung"``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "person"


# ----------------------------------------------------------------------------------------------
# Variant rules


def _is_initial(token: str) -> bool:
    return len(token.strip(".")) == 1


def surname_class(token: str) -> str:
    """One representative of a folded family name's romanisation variants (Lee/Yi/Rhee)."""
    token = token.replace("-", "")
    return _SURNAME_CLASS.get(token, token)


def same_surname(a: str, b: str) -> bool:
    """True when two family names are the same or known romanisation variants (Lee/Yi/Rhee)."""
    return surname_class(fold(a)) == surname_class(fold(b))


def is_east_asian_surname(word: str) -> bool:
    """A common Korean, Chinese or Vietnamese family name (any spelling of :func:`name_key`)."""
    return name_key(word) in EAST_ASIAN_SURNAMES


def _given_key(parts: Iterable[str]) -> str:
    """Given-name syllables joined, hyphens dropped, romanisation vowel variants folded."""
    text = "".join(parts).replace("-", "")
    for old, new in VOWEL_VARIANTS:
        text = text.replace(old, new)
    return text


def east_asian_order(raw: Sequence[str]) -> bool:
    """Heuristic: family name first when written in capitals, when the given name is a
    hyphenated pair of syllables ("Seo-yeon") or when it is two or more short syllables after a
    known surname ("Choi Jae Won")."""
    first = raw[0].strip(".,")
    if len(first) > 1 and first.isupper() and not all(t.isupper() for t in raw[1:]):
        return True
    folded = fold(first)
    known = folded in _SURNAME_CLASS or folded in EAST_ASIAN_SURNAMES
    given = raw[1:]
    if known and len(given) == 1 and "-" in given[0]:
        return True
    return known and len(given) >= 2 and all(len(g) <= 4 for g in given)


@functools.lru_cache(maxsize=65536)
def split_name(name: str) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    """(family, given parts, middle initials) for a name in its written order, else None."""
    raw = [t for t in re.split(r"\s+", name.strip()) if t]
    tokens = name_tokens(name)
    if len(tokens) < 2:
        return None
    if len(raw) == len(tokens) and east_asian_order(raw):
        return tokens[0], tuple(tokens[1:]), ()
    tokens = _join_particles(tokens)
    if len(tokens) < 2:
        return None
    initials = [t for t in tokens[1:-1] if _is_initial(t)]
    given = [tokens[0]] + [t for t in tokens[1:-1] if not _is_initial(t)]
    return tokens[-1], tuple(given), tuple(initials)


def _join_particles(tokens: list[str]) -> list[str]:
    """Attach a surname particle to what follows: "al suwaidi" -> "al-suwaidi"."""
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if out and out[-1] in _PARTICLES and i < len(tokens):
            out[-1] = f"{out[-1]}-{tok}"
        else:
            out.append(tok)
    return out


def _loose_given(parts: Iterable[str]) -> str:
    """A looser given-name key for Western-order names (Arabic, Slavic, ... romanisations):
    doubled letters single, o/u and e/a folded: "Mohammed" = "Muhammad", "Ahmed" = "Ahmad"."""
    text = re.sub(r"(.)\1", r"\1", "".join(parts).replace("-", ""))
    return text.replace("ou", "u").replace("o", "u").replace("e", "a")


def same_person(a: str, b: str) -> bool:
    """Pure name rule: do two multi-part names denote the same person?

    Equal under :func:`name_key` (so "Choi Jae Won" = "CHOI Jae-won" = "Choi Jaewon"), or the same
    family name (romanisation variants allowed) with corresponding given names (vowel variants
    allowed: "Baek Ha-jung" = "Baek Ha Jong", "Park Ha-neul" = "Pak Ha Neul"; Western middle
    initials optional: "Maria Lopez" = "Maria T. Lopez"). A family name alone never matches
    ("Choi Jae Won" != "Choi Jae Il" != "Choi Yu Jin"; "Lopez" != "Maria Lopez" here — bare
    surnames are attached by context, not by this rule).
    """
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    sa, sb = split_name(a), split_name(b)
    if sa is None or sb is None:
        return False
    if ka == kb:
        return True
    readings = ((sa, sb), (reversed_parts(a), sb), (sa, reversed_parts(b)))
    return any(_parts_match(x, y, a) for x, y in readings)


def _parts_match(x, y, a: str) -> bool:
    (fa, ga, ia), (fb, gb, ib) = x, y
    if fa is None or fb is None or surname_class(fa) != surname_class(fb):
        return False
    if ia and ib and ia != ib:
        return False
    if _given_key(ga) and _given_key(ga) == _given_key(gb):
        return True
    return (fa.replace("-", "") == fb.replace("-", "") and not east_asian_order(a.split())
            and len(_loose_given(ga)) >= 5 and _loose_given(ga) == _loose_given(gb))


def reversed_parts(name: str) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """A two-part name read the other way round, when one part is in capitals (a byline
    "TANAKA Emi" against "Emi Tanaka")."""
    raw = name.split()
    if len(raw) == 2 and any(len(t) > 1 and t.isupper() for t in raw):
        tokens = name_tokens(name)
        if raw[0].isupper():
            return tokens[0], (tokens[1],), ()
        return tokens[1], (tokens[0],), ()
    return None, (), ()
