"""Lexicons of general English used by the extractors: titles, reporting verbs, hedges, dates.

Only general language lives here, never knowledge about specific people, places or stories
(that belongs in user-editable data under ``seeds/``). Each extractor owns one section below;
a list another section's code also reads says so in its comment ("Shared with ..."). A member
appears once per list (``tests/test_lexicon.py``); romanisation tables live in
:mod:`digests.names`.
"""
from __future__ import annotations

# ==== people (titles, roles, names, non-person names) ============================================

# ---- people: titles and honorifics ---------------------------------------------------------

#: Honorifics: stripped from names, never a role on their own.
#: Shared with interview transcripts (a speaker label "Dr Novak" names "Novak").
HONORIFICS: frozenset[str] = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "madam", "madame", "mme",
    "monsieur", "herr", "frau", "senor", "señor", "senora", "señora", "sheikh", "sheik",
    "rev", "reverend", "fr", "father", "sister", "brother", "comrade", "presidente", "presidenta",
    "ministro", "ministra", "don", "doña", "dona",
})

#: Abbreviated titles and the role word they stand for ("Sen." -> "Senator").
TITLE_ABBREVIATIONS: dict[str, str] = {
    "sen": "Senator", "rep": "Representative", "gov": "Governor", "gen": "General",
    "lt": "Lieutenant", "col": "Colonel", "maj": "Major", "capt": "Captain", "sgt": "Sergeant",
    "cpl": "Corporal", "pvt": "Private", "adm": "Admiral", "amb": "Ambassador",
    "pres": "President", "sec": "Secretary", "supt": "Superintendent", "insp": "Inspector",
    "det": "Detective", "cmdr": "Commander", "lt.-gen": "Lieutenant General",
    "cllr": "Councillor", "cdr": "Commander", "brig": "Brigadier",
}

#: Abbreviations of offices a text uses for their holder ("the beleaguered PM", "the CEO said"),
#: spelled out to compare them word by word with a person's roles.
ROLE_ABBREVIATIONS: dict[str, str] = {
    "pm": "prime minister", "cm": "chief minister", "ceo": "chief executive",
    "cfo": "chief financial officer", "coo": "chief operating officer",
    "cto": "chief technology officer", "da": "district attorney", "ag": "attorney general",
    "vp": "vice president", "gm": "general manager", "md": "managing director",
}

#: Post-nominal letters of office written after a name ("Mary Roe TD", "Ali Khan MP"): cut off
#: the name and kept as a role, as written.
POSTNOMINAL_TITLES: frozenset[str] = frozenset({
    "mp", "mep", "td", "msp", "mla", "mhk", "qc", "kc", "mpp", "mna",
})
#: Offices followed by "for" and the place or portfolio they serve ("MP for Ashby", "Minister
#: for the Winter Games"): what follows "for" is never a person. Letters of office (above) are
#: such offices too.
OFFICES_FOR_A_PLACE: frozenset[str] = frozenset({
    "minister", "secretary", "commissioner", "councillor", "councilor", "member",
})

#: Words that, capitalised before a name, form (part of) a title: "Assistant Director of Fisheries".
#: Shared with open-question grouping (a title word does not tie two statements together).
TITLE_WORDS: frozenset[str] = frozenset({
    "president", "vice", "prime", "minister", "secretary", "deputy", "under", "assistant",
    "state", "foreign", "defence", "defense", "interior", "finance", "trade", "justice",
    "general", "attorney", "surgeon", "chief", "executive", "officer", "chairman", "chairwoman",
    "chair", "chairperson", "director", "governor", "mayor", "senator", "sen", "rep",
    "representative", "congressman", "congresswoman", "speaker", "lawmaker", "ambassador",
    "envoy", "consul", "commissioner", "chancellor", "premier", "leader", "king", "queen",
    "prince", "princess", "emperor", "empress", "crown", "pope", "cardinal", "bishop", "rabbi",
    "imam", "ayatollah", "judge", "magistrate", "commander", "admiral", "colonel",
    "col", "gen", "lt", "lieutenant", "major", "maj", "captain", "capt", "sergeant", "sgt",
    "corporal", "private", "marshal", "field", "supreme", "first", "lady", "gentleman", "lord",
    "baron", "baroness", "duke", "duchess", "count", "countess", "sultan", "emir",
    "councillor", "councilor", "councilman", "councilwoman", "alderman", "sheriff", "undersheriff",
    "inspector",
    "detective", "constable", "superintendent", "coach", "manager", "professor", "dean",
    "provost", "rector", "chef", "editor", "correspondent", "reporter", "anchor", "spokesman",
    "spokeswoman", "spokesperson", "head", "former", "acting", "interim", "designate", "elect",
    "late", "then", "new", "incoming", "outgoing", "senior", "junior", "top", "special",
    "national", "security", "adviser", "advisor", "counsel", "solicitor", "advocate",
    "treasurer", "auditor", "comptroller", "registrar", "party", "opposition", "majority",
    "minority", "whip", "labour", "labor", "health", "education", "economy", "economic",
    "agriculture", "energy", "environment", "transport", "home", "unification", "culture",
    "information", "communications", "commerce", "industry", "affairs", "international",
    "public", "of", "the", "for", "and", "to", "dr", "mr", "mrs", "ms", "gov",
    "pres", "amb", "sec", "supt", "insp", "det", "cpl", "pvt", "adm", "sheikh", "sheik",
    "founder", "co-founder", "ceo", "cfo", "coo", "cto", "md",
})

#: Title words that are also common given names or plain adjectives: never cut off the front
#: of a name ("Dean Acheson" keeps "Dean").
NOT_STRIPPED_TITLES: frozenset[str] = frozenset({
    "dean", "new", "top", "home", "then", "late", "count", "baker", "cook", "porter", "mason",
    "hunter", "major", "page", "ward", "deacon", "fisher", "gardner", "sergeant",
})

#: Capitalised rank prefixes after which such a title word is still part of the title
#: ("Detective Sergeant X", "Police Sergeant X", "Staff Sergeant X").
RANK_PREFIXES: frozenset[str] = frozenset({
    "detective", "det", "police", "staff", "lance", "master", "gunnery", "first", "chief",
    "company", "regimental", "drill", "custody", "station", "duty", "flight", "sgt",
})


# ---- people: roles and relations -----------------------------------------------------------

#: Head nouns that make a phrase a role: "ambassador", "a 45-year-old nurse", "Park's brother".
#: Shared with speaker attribution ("the minister said") and events (a role is not an event).
ROLE_NOUNS: frozenset[str] = frozenset({
    "president", "leader", "ambassador", "minister", "secretary", "premier", "chancellor",
    "chairman", "chairwoman", "chair", "chairperson", "director", "governor", "mayor", "senator",
    "representative", "congressman", "congresswoman", "speaker", "lawmaker", "legislator",
    "deputy", "envoy", "diplomat", "consul", "commissioner", "official", "officer", "chief",
    "head", "king", "queen", "prince", "princess", "emperor", "empress", "monarch", "ruler",
    "dictator", "pope", "cardinal", "bishop", "priest", "pastor", "rabbi", "imam", "cleric",
    "ayatollah", "judge", "justice", "magistrate", "prosecutor", "attorney", "lawyer",
    "barrister", "solicitor", "advocate", "commander", "general", "admiral", "colonel",
    "lieutenant", "major", "captain", "sergeant", "corporal", "soldier", "marshal",
    "spokesman", "spokeswoman", "spokesperson", "adviser", "advisor", "aide", "counsel",
    "negotiator", "mediator", "founder", "co-founder", "owner", "ceo", "executive", "manager",
    "president-elect", "chief executive", "editor", "correspondent", "reporter", "journalist",
    "columnist", "writer", "author", "novelist", "poet", "photographer", "analyst", "expert",
    "researcher", "scientist", "economist", "professor", "lecturer", "teacher", "student",
    "scholar", "historian", "doctor", "physician", "surgeon", "nurse", "midwife", "paramedic",
    "pharmacist", "engineer", "architect", "farmer", "fisherman", "worker", "miner",
    "driver", "pilot", "activist", "campaigner", "organizer", "organiser", "volunteer",
    "defector", "refugee", "dissident", "candidate", "nominee", "member", "mp", "mep",
    "councillor", "councilor", "alderman", "sheriff", "undersheriff", "inspector", "detective",
    "constable",
    "superintendent", "coach", "player", "striker", "goalkeeper", "athlete", "champion",
    "actor", "actress", "singer", "musician", "artist", "producer", "entrepreneur",
    "businessman", "businesswoman", "banker", "investor", "treasurer", "auditor", "resident",
    "citizen", "villager", "witness", "survivor", "victim", "suspect", "defendant", "plaintiff",
    "accountant", "clerk", "shopkeeper", "vendor", "trader", "chef", "baker", "mechanic",
    "electrician", "plumber", "carpenter", "firefighter", "policeman", "policewoman", "diver",
    "rescuer", "lifeguard", "caver", "mountaineer",
    "secretary-general", "lady", "gentleman", "lord", "baron", "baroness",
    "duke", "duchess", "sultan", "emir", "sheikh", "mother", "father", "wife", "husband",
    "sister", "brother", "son", "daughter", "aunt", "uncle", "niece", "nephew", "cousin",
    "grandson", "granddaughter", "grandfather", "grandmother", "widow", "widower", "spouse",
    "partner", "fiance", "fiancee", "fiancé", "fiancée", "stepson", "stepdaughter",
    "stepmother", "stepfather", "half-brother", "half-sister", "sibling", "child", "heir",
    "successor", "predecessor", "ally", "rival", "friend", "colleague", "boss", "assistant",
    "mentor", "protege", "bodyguard", "interpreter", "translator", "host", "presenter",
    "anchor", "rapper", "dancer", "model", "designer", "programmer", "developer",
    "neighbour", "neighbor", "classmate", "teammate",
    "welder", "cook", "waiter", "waitress", "cleaner", "janitor", "guard", "sailor", "trucker",
    "tailor", "butcher", "cashier", "salesman", "saleswoman", "landlord", "tenant", "pensioner",
    "retiree", "parent", "teenager", "pupil", "graduate", "intern", "employee", "staffer",
    "monk", "nun", "herder", "shepherd", "smuggler", "broker", "consultant", "lobbyist",
    "strategist", "pollster", "biologist", "physicist", "chemist", "epidemiologist",
    "virologist", "psychologist", "psychiatrist", "dentist", "veterinarian", "coordinator",
    "supervisor", "foreman", "administrator", "investigator", "agent", "spy", "fighter",
    "rebel", "militant", "insurgent", "protester", "demonstrator", "unionist", "landowner",
    "rancher", "grower", "breeder", "winemaker", "brewer", "cfo", "associate", "fellow",
    "tutor", "principal", "headteacher", "headmaster", "headmistress", "referee", "umpire",
    "runner", "swimmer", "cyclist", "boxer", "wrestler", "footballer", "cricketer", "golfer",
    "skipper", "astronaut", "explorer", "climber", "ranger", "carer", "caregiver", "mourner",
    "homeowner", "evacuee", "migrant", "immigrant", "detainee", "prisoner", "inmate",
    "hostage", "convict", "juror", "notary", "observer", "monitor", "financier", "tycoon",
    "billionaire", "millionaire", "magnate", "heiress", "philanthropist", "donor",
    "comedian", "filmmaker", "screenwriter", "playwright", "painter", "sculptor", "blogger",
    "influencer", "podcaster", "commentator", "critic", "vice-president", "vice-chairman",
    "housewife", "homemaker", "mother-of-two",
    "father-of-three", "retired", "veteran",
    "co-leader", "co-chair", "co-chairman", "co-chairwoman", "co-president", "co-host",
    "co-author", "co-pilot", "co-owner", "co-director", "rapporteur", "emissary",
    # sport
    "forward", "midfielder", "defender", "winger", "full-back", "centre-back", "center-back",
    "centre-forward", "playmaker", "substitute",
    # elections and courts
    "front-runner", "frontrunner", "contender", "challenger", "incumbent", "hopeful",
    "co-defendant", "complainant", "claimant", "petitioner", "appellant", "respondent",
    # science and professions
    "hydrologist", "geologist", "climatologist", "meteorologist", "seismologist", "contractor",
    "ecologist", "sociologist", "statistician", "technician", "planner", "surveyor",
    "ombudsman", "vice-chair", "director-general", "vice-chairwoman",
    "convenor", "convener", "geneticist", "scorer", "goalscorer", "top-scorer",
})

#: Family relations: "Park's brother X" -> "brother of <Park>".
RELATION_NOUNS: frozenset[str] = frozenset({
    "mother", "father", "wife", "husband", "sister", "brother", "son", "daughter", "aunt",
    "uncle", "niece", "nephew", "cousin", "grandson", "granddaughter", "grandfather",
    "grandmother", "widow", "widower", "spouse", "partner", "fiance", "fiancee", "fiancé",
    "fiancée", "stepson", "stepdaughter", "stepmother", "stepfather", "half-brother",
    "half-sister", "sibling", "child", "heir", "successor", "predecessor", "aide", "adviser",
    "advisor", "deputy", "assistant", "bodyguard", "lawyer", "spokesman", "spokeswoman",
    "spokesperson", "friend", "ally", "rival", "boss", "colleague", "mentor", "interpreter",
    "attorney", "counsel", "solicitor", "barrister", "doctor", "physician", "manager", "agent",
    "driver", "biographer", "neighbour", "neighbor", "classmate", "teammate", "coach", "secretary",
})

#: "X, who heads the Y," -> "head of the Y".
RELATIVE_ROLE_VERBS: dict[str, str] = {
    "head": "head", "lead": "leader", "run": "head", "chair": "chair", "direct": "director",
    "manage": "manager", "command": "commander", "found": "founder", "co-found": "co-founder",
    "own": "owner", "represent": "representative", "govern": "governor", "edit": "editor",
    "coach": "coach", "oversee": "head", "captain": "captain",
}

#: Verbs of an institution acting on one person ("A jury convicted a former clerk ...",
#: "A former clerk was charged ..."): in a lede that names nobody, the role describes the
#: person the next paragraph names.
LEDE_ACTION_VERBS: frozenset[str] = frozenset({
    "convict", "sentence", "charge", "indict", "acquit", "arrest", "detain", "jail", "fine",
    "extradite", "deport", "release", "free", "clear", "pardon", "elect", "appoint", "name",
    "nominate", "hire", "sack", "fire", "dismiss", "suspend", "expel", "ban", "sign", "honour",
    "honor", "award", "select", "choose", "promote", "disqualify", "impeach",
})

#: Present participles that, alone between commas after a name, say which side of a court case
#: the person acts for ("X, defending, said ..."): a role as written.
COURT_SIDE_WORDS: frozenset[str] = frozenset({"defending", "prosecuting"})


# ---- people: what a name is: parts, particles, words that are never names ------------------

#: Generational suffixes that end a name ("Martin Ortiz Jr." — never "Jr. Day").
NAME_SUFFIXES: frozenset[str] = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})

#: Lower-case particles allowed inside names: "Ludwig van Beethoven", "Omar bin Laden".
NAME_PARTICLES: frozenset[str] = frozenset({
    "de", "del", "della", "der", "den", "di", "da", "das", "dos", "du", "la", "le", "van",
    "von", "bin", "ibn", "bint", "al", "el", "y", "e", "ben", "abu", "ter", "ten", "zu", "af",
    "st", "mac", "o'", "do",
})

#: Lower-case particles a name continues over when a capitalised name word follows
#: ("Ana Fontes de Souza", "Rui Lima dos Reis", "Pieter van der Berg"). "y"/"e" ("and" in
#: Spanish/Portuguese) only link the last part of a name ("Ortega y Gasset").
NAME_LINK_PARTICLES: frozenset[str] = frozenset({
    "de", "da", "do", "dos", "das", "del", "della", "di", "du", "van", "von", "der", "den",
    "ter", "ten", "le", "la", "al", "el", "bin", "bint", "ibn", "ben", "y", "e",
})

#: Modals and auxiliaries that open a yes/no question ("Will Lagos agree?"): never the first
#: word of a name there. Several are also given names ("Will Hartley fixed it." keeps "Will").
QUESTION_OPENERS: frozenset[str] = frozenset({
    "will", "would", "may", "might", "can", "could", "shall", "should", "must", "do", "does",
    "did", "has", "have", "had", "is", "are", "was", "were", "am",
})

#: Function words that, first in a sentence and not read as a proper noun, never start a name
#: ("If Lagos agrees", "But Quito said").
SENTENCE_FUNCTION_WORDS: frozenset[str] = QUESTION_OPENERS | frozenset({
    "be", "if", "when", "while",
    "as", "but", "and", "or", "so", "yet", "then", "also", "even", "only", "just", "why",
    "how", "what", "where", "which", "whether", "not", "after", "before", "since", "because",
    "although", "though", "unless", "until", "once", "here", "there", "now", "still",
    "meanwhile", "instead", "perhaps", "maybe", "neither", "nor", "both", "either", "let",
})

#: Words never a person on their own even when tagged so (pronoun-likes, interjections).
NOT_NAMES: frozenset[str] = frozenset({
    "i", "a", "q", "he", "she", "they", "we", "you", "it", "god", "allah", "jesus", "lord",
    "mom", "dad", "mum", "sir", "madam", "ok", "okay", "yes", "no", "thanks", "hello", "hi",
    "amen", "bravo", "anonymous", "unknown", "editor", "reporter", "staff", "source",
    "nature", "santa", "buddha", "christ", "mohammed's", "satan", "devil", "death",
})

#: Verbs whose subject is a person ("Xu said"): lets a lone surname count as a person.
PERSON_VERBS: frozenset[str] = frozenset({
    "say", "tell", "add", "ask", "explain", "insist", "argue", "claim", "warn", "note",
    "write", "reply", "respond", "answer", "admit", "deny", "recall", "urge", "declare",
    "announce", "complain", "suggest", "stress", "testify", "acknowledge", "confirm",
    "predict", "vow", "promise", "tweet", "sigh", "laugh", "shout", "whisper", "continue",
})

#: Words of a byline that credit no named person ("By Our Correspondent", "By Staff Writers").
BYLINE_NON_NAMES: frozenset[str] = frozenset({
    "our", "the", "a", "an", "his", "her", "their", "my", "your", "correspondent",
    "correspondents", "reporter", "reporters", "editor", "editors", "writer", "writers", "desk",
    "team", "contributor", "contributors", "columnist", "special", "foreign", "senior",
    "political", "diplomatic", "economics", "science", "sports", "business",
})


# ---- people: organisations and places (names that are not people) --------------------------

#: Legal-form words written after a company's name ("X Ltd", "X Inc."): the words before one
#: name an organisation, and so do their leading words used alone ("X" for "X Y Ltd").
CORPORATE_SUFFIXES: frozenset[str] = frozenset({
    "ltd", "limited", "inc", "incorporated", "corp", "plc", "llc", "llp", "gmbh", "ag", "nv",
    "bv", "pty", "bhd", "tbk", "oyj", "sarl", "kgaa",
})

#: Words of a photo credit ("AP Photo/...", ".../Getty Images", "Pool photo", "Courtesy of").
PHOTO_CREDIT_WORDS: frozenset[str] = frozenset({
    "photo", "photos", "photograph", "getty", "images", "image", "pool", "handout", "courtesy",
    "file", "via", "credit",
})

#: Capitalised words that mark a name-shaped span as an organisation, place or thing.
#: Shared with speaker attribution (a body, not a person, as speaker).
NON_PERSON_WORDS: frozenset[str] = PHOTO_CREDIT_WORDS | frozenset({
    "agency", "agence", "news", "press", "presse", "times", "journal", "herald",
    "tribune", "gazette", "daily", "weekly", "radio", "tv", "television", "network",
    "broadcasting", "channel", "media", "party", "ministry", "council", "committee",
    "commission", "congress", "parliament", "assembly", "senate", "court", "office",
    "department", "government", "administration", "university", "college", "school",
    "academy", "institute", "institution", "foundation", "fund", "union", "association",
    "society", "league", "federation", "corporation", "corp", "inc", "ltd", "llc", "plc",
    "co", "company", "group", "holdings", "bank", "airlines", "airways", "motors", "army",
    "navy", "force", "forces", "police", "guard", "command", "brigade", "regiment",
    "battalion", "province", "county", "city", "town", "village", "district", "region",
    "state", "states", "republic", "kingdom", "empire", "island", "islands", "mountain",
    "mountains", "river", "sea", "ocean", "valley", "street", "road", "avenue",
    "square", "airport", "station", "harbour", "harbor", "hospital",
    "clinic", "mosque", "temple", "cathedral", "museum", "gallery", "theatre",
    "theater", "stadium", "hotel", "palace", "center", "centre", "complex",
    "zone", "border", "peninsula", "north", "south", "east", "west", "northern", "southern",
    "eastern", "western", "central", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "january", "february", "march", "april", "june", "july",
    "august", "september", "october", "november", "december", "covid", "coronavirus",
    "project", "program", "programme", "initiative", "treaty", "accord", "agreement", "act",
    "summit", "conference", "festival", "games", "cup", "championship", "award", "prize",
    "week", "war", "revolution", "movement", "campaign", "organization",
    # units and offices of a service ("Metro Fire Unit", "Harbour Bureau")
    "unit", "squad", "taskforce", "fire", "rescue", "emergency",
    "ambulance",
    # named weather systems ("Tropical Storm X", "Hurricane X", "Typhoon X")
    "storm", "hurricane", "typhoon", "cyclone", "tropical", "depression",
    # newsroom units credited in bylines ("Foreign Desk", "Metro Staff", "Wire Bureau")
    "desk", "bureau", "staff", "newsroom", "wire", "wires",
    "organisation", "alliance", "coalition", "front", "authority", "service",
    "services", "board", "cabinet", "directorate", "secretariat", "embassy",
    "consulate", "mission", "delegation", "team", "club", "fc", "united", "limited",
    "international", "global", "national", "federal", "royal", "imperial", "democratic",
    "people's", "workers", "korean", "american", "chinese", "japanese", "russian", "british",
    "french", "german", "european", "african", "asian", "arab", "islamic", "christian",
    "catholic", "muslim", "jewish", "google", "twitter",
    "facebook", "instagram", "youtube", "tiktok", "internet", "web", "online",
    "illustration", "video", "graphic",
    # the last word of club and company names ("Ashford Rovers", "Leyton Homes")
    "rovers", "wanderers", "athletic", "albion", "rangers", "hotspur", "harriers", "dynamo",
    "sporting", "olympique", "homes", "properties", "developments", "estates", "investments",
    "ventures", "enterprises", "industries", "partners", "capital", "solutions",
    "technologies", "systems", "logistics", "consulting", "construction", "builders", "trust",
    "data", "labs", "software", "digital", "analytics", "networks", "robotics", "pharma",
    "pharmaceuticals", "therapeutics", "biosciences", "semiconductor", "semiconductors",
    "telecom", "telecoms", "arena",
    # organisation words of other languages used in English text
    "banco", "banque", "grupo", "groupe", "société", "compañía", "compagnie", "bord",
})

#: Head nouns of an apposition that say the name is not a person: "The operator, X,".
#: Shared with speaker attribution (a body, not a person, as speaker).
NON_PERSON_NOUNS: frozenset[str] = frozenset({
    "company", "firm", "operator", "group", "agency", "ministry", "department", "organisation",
    "organization", "newspaper", "paper", "broadcaster", "network", "channel", "outlet",
    "carrier", "airline", "manufacturer", "maker", "automaker", "carmaker", "supplier",
    "retailer", "lender", "bank", "insurer", "fund", "conglomerate", "subsidiary", "unit",
    "brand", "startup", "corporation", "consortium", "cooperative", "charity", "party",
    "union", "club", "team", "band", "city", "town", "village", "province", "region", "country",
    "state", "capital", "district", "county", "port", "mine", "plant", "factory", "refinery",
    "site", "facility", "project", "vessel", "ship", "tanker", "platform", "app", "website",
    "service", "institute", "university", "school", "hospital", "court", "tribunal", "body",
    "regulator", "watchdog", "authority", "council", "committee", "commission", "alliance",
    "coalition", "movement", "militia", "faction", "publisher", "exporter",
    "importer", "daily", "magazine", "tabloid",
    "outfit", "housebuilder", "utility", "trust", "board", "side", "franchise",
})

#: First words of place and club names ("Port X", "Mount X", "Fort X"): a name starting with
#: one is a place unless the text gives it a person signal (a role, a title, a reporting verb).
PLACE_LEAD_WORDS: frozenset[str] = frozenset({
    "port", "mount", "fort", "cape", "lake", "glen", "new", "upper", "lower", "great", "little",
})

#: Last words of place, ground and club names that are also family names ("X Lane", "X Park",
#: "X Vale"): the same rule as :data:`PLACE_LEAD_WORDS`.
PLACE_HEAD_WORDS: frozenset[str] = frozenset({
    "lane", "vale", "park", "ground", "arena", "field", "fields", "heights", "hill", "hills",
    "bridge", "green", "bay", "dale", "wood", "woods", "cross", "end", "town", "city",
    "borough", "row", "close", "crescent", "terrace", "drive", "way", "gardens", "common",
    "marsh", "moor", "point", "quay", "wharf", "junction", "county", "athletic", "orient",
})

#: Nouns after "X's" that make X a company or club ("X's takeover", "X's shares").
ORG_POSSESSED_NOUNS: frozenset[str] = frozenset({
    "takeover", "acquisition", "merger", "shares", "stock", "profits", "profit", "revenue",
    "revenues", "earnings", "squad", "stadium", "fans", "supporters", "headquarters",
    "subsidiary", "shareholders", "workforce", "customers", "lineup", "line-up",
})

#: Word pairs right before a name that make it a company or club ("shares of X", "at home to X").
ORG_PRECEDING_PHRASES: frozenset[tuple[str, str]] = frozenset({
    ("shares", "of"), ("shares", "in"), ("stake", "in"), ("takeover", "of"),
    ("acquisition", "of"), ("home", "to"), ("away", "at"), ("away", "to"), ("draw", "with"),
    ("win", "over"), ("defeat", "to"), ("loss", "to"), ("victory", "over"), ("rival", "to"),
})

#: Verbs of going somewhere: a name after "to"/"at"/"in" that one of them governs ("travel to
#: X", "arrived at X") is a destination, not a person.
MOTION_VERBS: frozenset[str] = frozenset({
    "travel", "arrive", "relocate", "fly", "sail", "journey", "evacuate", "commute",
})


# ==== quotes (reporting verbs, speaker phrases) ================================================

#: Lemmas of verbs that introduce speech or writing ("said", "told", "warned", "according to"
#: is handled separately). A subject of one of these is a candidate speaker.
#: Shared with open questions (never a topic word).
REPORTING_VERBS = frozenset({
    "say", "tell", "warn", "add", "declare", "note", "state", "claim", "insist", "argue",
    "explain", "announce", "ask", "answer", "reply", "respond", "remark", "comment", "write",
    "tweet", "post", "report", "describe", "call", "acknowledge", "admit", "concede", "confirm",
    "deny", "stress", "emphasize", "emphasise", "urge", "vow", "pledge", "promise", "suggest",
    "recall", "observe", "predict", "caution", "complain", "boast", "joke", "shout", "scream",
    "whisper", "mutter", "lament", "allege", "assert", "contend", "maintain", "reiterate",
    "repeat", "continue", "conclude", "quip", "protest", "demand", "threaten", "charge",
    "counter", "retort", "testify", "mention", "disclose", "reveal", "accuse", "criticize",
    "criticise", "condemn", "praise", "read", "dismiss", "denounce", "decry", "hail",
    "assure", "reassure", "wonder", "query", "muse", "exclaim", "plead", "sigh",
    "recount",
})

#: Reporting verbs that, placed before their subject at the end of a sentence
#: ("..., reports the Harbour Gazette"), name the outlet that carried a story, not the speaker
#: (unlike '"...," said Ann Lee', where the inverted subject is the speaker).
#: Shared with open questions (a stance's words stop before "..., reports the Gazette").
OUTLET_VERBS = frozenset({"report"})

#: Role nouns a text uses for one another: "the envoy" may refer back to a person introduced as
#: "special representative"; "the officer" to a "detective inspector". Each group is one set of
#: words any of which fits a role holding another.
ROLE_SYNONYMS: tuple[frozenset[str], ...] = tuple(frozenset(g.split()) for g in (
    "envoy representative emissary ambassador",
    "spokesman spokeswoman spokesperson",
    "detective inspector investigator",
    "judge magistrate",
    "prosecutor attorney",
    "lawyer barrister solicitor counsel advocate attorney",
    "coach manager",
    "doctor physician surgeon",
    "chairman chairwoman chair chairperson",
))
#: Role nouns a text uses for a narrower office, one way only: "the Norvian leader" may refer
#: back to a person introduced as "Norvian President" or "Prime Minister", "the premier" to a
#: "Prime Minister"; "the president" never to a "union leader".
ROLE_GENERALISATIONS: dict[str, frozenset[str]] = {
    "leader": frozenset({"president", "premier", "prime", "chancellor"}),
    "premier": frozenset({"prime"}),
}

#: Subject pronouns resolved to the most recent compatible person mention.
#: Shared with open questions (stance speakers).
SINGULAR_PRONOUNS = frozenset({"he", "she"})
PLURAL_PRONOUNS = frozenset({"they"})
#: First-person pronouns: inside an interview answer they are the interviewee.
#: Shared with open questions (the article's own voice).
FIRST_PERSON_PRONOUNS = frozenset({"i", "we"})
#: Prepositions of place: a proper noun after one ("in Lima", "near Holm") is a place, even
#: when a person of the text bears that name.
PLACE_PREPOSITIONS = frozenset({
    "in", "near", "across", "around", "inside", "outside", "throughout", "into", "within",
})

#: Nouns for written or chanted texts with no single speaker ("slogans such as '...'").
#: A quotation introduced by one of these has ``speaker=None`` and names it as speaker_text.
SLOGAN_NOUNS = frozenset({
    "slogan", "chant", "banner", "placard", "sign", "poster", "headline", "caption", "motto",
    "graffiti", "inscription", "hashtag", "leaflet", "flyer", "billboard", "sticker", "mural",
    "song", "anthem",
})

#: Words that tell a person's gender when they stand next to the name ("her husband, X",
#: "Mrs X"), used to keep he/she from resolving to an incompatible person.
MALE_WORDS = frozenset({
    "mr", "mr.", "sir", "lord", "husband", "father", "son", "brother", "uncle", "nephew",
    "grandfather", "grandson", "king", "prince", "boyfriend", "widower", "man", "boy",
    "he", "him", "his", "himself", "actor", "chairman", "spokesman", "congressman",
})
FEMALE_WORDS = frozenset({
    "mrs", "mrs.", "ms", "ms.", "miss", "madam", "dame", "lady", "wife", "mother", "daughter",
    "sister", "aunt", "niece", "grandmother", "granddaughter", "queen", "princess",
    "girlfriend", "widow", "woman", "girl", "she", "her", "hers", "herself", "actress",
    "chairwoman", "spokeswoman", "congresswoman",
})

#: Nouns for what someone says or writes ("her answers", "X's statement"): as the subject of a
#: reporting verb or participle ("X's reply was brief, saying ..."), their possessor speaks.
COMMUNICATION_NOUNS = frozenset({
    "answer", "response", "reply", "statement", "remark", "comment", "letter", "message",
    "speech", "testimony", "post", "tweet", "email", "note", "interview", "address",
    "warning", "appeal", "plea", "promise", "pledge", "vow", "verdict",
})

#: Words before a quoted phrase that make it a label, not speech ('described as "..."').
LABEL_CUES = frozenset({
    "described as", "dubbed", "so-called", "so called", "labelled", "labeled", "termed",
    "branded", "nicknamed", "known as", "referred to as", "titled", "entitled", "regarded as",
})

#: A quoted single word is a label or scare quote, never a quotation.
MIN_QUOTE_WORDS = 2
#: Quoted spans of this many words or fewer are labels or scare quotes ...
MAX_LABEL_WORDS = 2
#: ... unless they are part of what a reporting verb with a subject reports
#: ('X warned of a "bitter winter"', 'X said the club had "no patience" for cheats'). The gold
#: annotations count such phrases as partial quotations; set False to drop every span of
#: MAX_LABEL_WORDS words or fewer.
SHORT_REPORTED_QUOTES = True
#: Verbs that give a name to something: a short quoted phrase they govern is a label.
NAMING_VERBS = frozenset({"call", "name", "dub", "label", "term", "brand", "nickname", "describe"})
#: Surface forms of those verbs right before a quote ('what they call a "..."').
NAMING_WORDS = frozenset({
    "call", "calls", "called", "calling", "dub", "dubbed", "term", "termed", "name", "named",
    "nicknamed", "label", "labelled", "labeled", "branded",
})

#: Labels that open an interview answer or question paragraph ("A: ...", "Q: ...", "-- ...").
ANSWER_LABELS = frozenset({"a", "answer"})
QUESTION_LABELS = frozenset({"q", "question"})

# ==== dates and events ========================================================================

#: Month names and their usual abbreviations (lower case, without the trailing dot) -> 1..12.
#: Shared with the renderer (dates in briefings).
MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
#: Month words that are also ordinary English words ("may" the modal, "march" the verb): they
#: count as months only when capitalised or followed by a day or a year.
AMBIGUOUS_MONTHS: frozenset[str] = frozenset({"may", "march", "mar", "jan", "dec", "sep"})

#: Weekday names and abbreviations -> ``date.weekday()`` numbers (Monday is 0).
WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}

#: Small cardinal and fuzzy quantity words used in "three days ago", "a week later".
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "a few": 3, "several": 3,
}

#: Parts of a day that may follow a day word ("Monday night", "yesterday morning").
DAY_PARTS: frozenset[str] = frozenset({"morning", "afternoon", "evening", "night", "noon",
                                       "midday", "overnight"})

#: Words that may open a date expression without changing its meaning ("back on March 9",
#: "as early as 2019"). Stripped before parsing.
DATE_LEAD_WORDS: tuple[str, ...] = (
    "as early as", "as recently as", "as late as", "as of", "back in", "back on", "just",
    "only", "on", "in", "at", "by", "since", "from", "until", "till", "before", "after", "during",
    "around", "about", "of", "over", "through", "throughout", "sometime", "some time", "ahead of",
    "earlier", "later",
)

#: Parts of a month ("early June", "the end of June"): resolved to the month itself.
MONTH_PARTS: tuple[str, ...] = (
    "the beginning of", "the start of", "the middle of", "the end of", "the turn of",
    "the first half of", "the second half of", "the first week of", "the last week of",
    "early", "mid", "late", "earlier", "later",
)

#: Verbs after which a dated complement describes a planned, future happening ("plans to
#: visit in May", "is scheduled for Friday").
FUTURE_GOVERNORS: frozenset[str] = frozenset({
    "plan", "expect", "schedule", "intend", "aim", "hope", "want", "prepare", "set", "due",
    "promise", "pledge", "vow", "threaten", "seek", "propose", "agree", "going",
})
#: Words that put a dated clause in doubt: "is unlikely before the autumn", "doubted they
#: would return before May". Such a clause is an open question, not a happening.
DOUBT_WORDS: frozenset[str] = frozenset({
    "unlikely", "doubt", "doubtful", "improbable", "impossible", "uncertain", "unclear",
    "question", "wonder", "possible", "conceivable",
})
#: Verbs of expecting whose passive ("rain was expected on Sunday", "the vote is scheduled for
#: May") dates the expected happening: after the time of the clause, whatever its tense.
EXPECTATION_VERBS: frozenset[str] = frozenset({
    "expect", "forecast", "predict", "schedule", "anticipate", "slate",
})
#: Modals of obligation or possibility: with a deadline ("should vote before the recess") the
#: date bounds a wish, not a happening. Not "will"/"would": in reported speech "said they
#: would dock by Sunday" announces a plan, which is kept as a dated event.
DEADLINE_MODALS: frozenset[str] = frozenset({
    "should", "must", "could", "might", "may", "ought",
})
#: Prepositions that make a date a deadline rather than the time of a happening.
DEADLINE_PREPS: frozenset[str] = frozenset({"before", "by", "until", "till", "ahead"})
#: Modal auxiliaries that put a clause in the future (or a hypothetical future).
FUTURE_MODALS: frozenset[str] = frozenset({
    "will", "'ll", "wo", "shall", "would", "could", "might", "may", "should", "must",
})

#: DATE entities that never name a point in time (generic or habitual expressions).
NON_POINT_DATES: frozenset[str] = frozenset({
    "now", "each day", "every day", "daily", "weekly", "monthly", "yearly", "annually",
    "recently", "nowadays", "currently", "these days", "those days", "the day", "the time",
    "the future", "the past", "recent years", "recent months", "recent weeks", "recent days",
    "the years", "years", "months", "weeks", "days", "decades", "the same time", "once",
})

#: Nouns naming a happening that is scheduled or held on a date ("the April referendum", "the
#: retrial on Jan. 23"): a yearless date modifying one of them, inside a phrase about a
#: person ("the challenger in the April race"), is not dated by the clause's verb.
EVENT_NOUNS: frozenset[str] = frozenset({
    "election", "vote", "poll", "ballot", "referendum", "plebiscite", "primary", "runoff",
    "caucus", "sentencing", "hearing", "trial", "verdict", "ruling", "summit", "meeting",
    "talks", "conference", "congress", "convention", "session", "deadline", "ceremony",
    "inauguration", "launch", "opening", "visit", "debate", "final", "match", "race",
    "tournament", "championship", "festival", "games", "strike", "walkout", "rally", "march",
    "auction", "budget", "census", "handover", "wedding", "funeral", "anniversary",
})
#: Words inside a noun phrase that place its happening ahead of or before publication: "the
#: upcoming Oct. 12 ballot", "the previous April referendum".
UPCOMING_CUES: frozenset[str] = frozenset({
    "upcoming", "forthcoming", "coming", "next", "scheduled", "planned", "looming",
    "impending", "proposed", "future",
})
PAST_CUES: frozenset[str] = frozenset({
    "last", "previous", "past", "recent", "former", "earlier", "prior", "preceding",
})
#: Words between a date and its verb that put the date after the verb's time: "toured the
#: port ahead of the ballot on Oct. 12", "resigned before the April referendum".
PROSPECTIVE_WORDS: frozenset[str] = frozenset({"ahead", "before", "until", "till", "pending"})
#: Verbs and predicate words whose "for"/"to" date is when the thing scheduled happens, not
#: when it was scheduled: "fixed the retrial for Jan. 23", "postponed the ballot to April",
#: "the hearing is due on Aug. 3".
SCHEDULING_WORDS: frozenset[str] = frozenset({
    "set", "schedule", "reschedule", "slate", "fix", "book", "postpone", "delay", "defer",
    "adjourn", "move", "push", "bring", "call", "due", "expected",
})
#: Present-tense verbs that do not announce a scheduled happening ("the mandate expires in
#: April" does; "she says", "it remains" do not).
NON_SCHEDULE_VERBS: frozenset[str] = frozenset({
    "be", "have", "say", "tell", "remain", "stay", "seem", "appear", "know", "believe", "think",
    "want", "need", "hope", "expect", "live", "own", "contain", "include", "mean", "show",
    "add", "note", "argue", "insist", "claim", "warn", "report", "recall", "remember",
})
#: Nouns for people in a contest, besides the role nouns of the people section: "the favourite
#: to win the title in May", "the challenger in the April race".
CONTENDER_NOUNS: frozenset[str] = frozenset({
    "favourite", "favorite", "frontrunner", "front-runner", "contender", "hopeful",
    "challenger", "incumbent", "runner-up", "underdog", "outsider", "aspirant",
})
#: Prepositions that name a happening as a reference point in time ("before the election in
#: November", "ahead of the October summit"): the happening is taken for granted, so a doubt
#: about the clause ("nobody knows if they will meet before ...") does not touch it.
REFERENCE_PREPS: frozenset[str] = frozenset({
    "before", "after", "ahead", "until", "till", "since", "following", "pending",
})
#: Verb lemmas that say who spoke, not what happened: two events of a document sharing only
#: these ("officials said ...", "the ministry said ...") are not one happening told twice.
SPEECH_LEMMAS: frozenset[str] = frozenset({
    "say", "tell", "add", "note", "state", "report", "announce", "according",
})
#: Words that make a date the baseline of a comparison, not a happening: "lower than in 2019",
#: "compared with a year earlier", "versus last year".
COMPARISON_WORDS: frozenset[str] = frozenset({"than", "compare", "compared", "versus", "vs"})
#: Words of change after which "from" opens a baseline: "up from 40 pence a year earlier",
#: "rose to 5% from 3% in May".
CHANGE_WORDS: frozenset[str] = frozenset({
    "up", "down", "rise", "fall", "increase", "decrease", "climb", "drop", "jump", "grow",
    "gain", "slip", "slide", "surge", "soar", "plunge", "decline", "ease", "dip", "sink",
    "tumble", "shrink", "widen", "narrow", "higher", "lower",
})
#: Verbs of knowing and telling: with a negative subject or a negation ("nobody can tell what
#: prices will do next spring", "no one knows whether talks resume next month") the dated
#: clause they govern is an open question, not a happening.
KNOWING_VERBS: frozenset[str] = frozenset({
    "know", "tell", "say", "predict", "foresee", "guarantee", "forecast",
})

#: Words of page furniture around a date line ("12 May 2031, 09:14 | Updated: ...", "Posted on
#: May 2", "Last modified"): a line with no verb besides these states when a page was written.
PAGE_FURNITURE_WORDS = frozenset({"updated", "update", "posted", "published", "modified",
                                  "edited", "filed", "created"})

# ==== open questions (hedges, hopes, plans, doubts) ===========================================

#: Verb lemmas of hoping, wanting and planning: a stance leaning *for* what follows.
HOPE_VERBS = frozenset({
    "hope", "wish", "want", "expect", "aim", "intend", "plan", "seek", "pledge", "vow",
    "promise", "anticipate", "aspire", "prepare", "propose", "urge", "demand", "insist",
    "request", "ask", "call", "press", "threaten", "foresee", "envisage", "envision",
})
#: Subjects that are anybody at all ("anyone can see it"): what they can do is a truism.
GENERIC_SUBJECTS = frozenset({"anyone", "anybody", "everyone", "everybody", "someone",
                              "somebody"})
#: Verbs of belief that pass their negation on to what they frame: "I don't think the
#: inquiry will help" says it will not (*against*).
BELIEF_VERBS = frozenset({"think", "believe", "expect", "imagine", "suppose", "reckon",
                          "feel", "anticipate", "foresee"})
#: Verbs of implying: negated, they leave what they frame open ("a ballot does not
#: necessarily mean the drivers will walk out": *unsure*).
IMPLYING_VERBS = frozenset({"mean", "imply", "guarantee", "signal", "indicate", "follow",
                            "entail"})
#: Bodies whose past ruling settles what they said should happen ("the court ordered ...,
#: arguing that the vote should be linked to the budget": decided, not open).
RULING_BODIES = frozenset({"court", "judge", "tribunal", "magistrate", "arbitrator",
                           "panel", "jury"})
#: Acts done by saying them: a speaker's "I want to thank ...", "we would like to apologise"
#: thanks or apologises as it is said; nothing is left open.
PERFORMATIVE_VERBS = frozenset({
    "thank", "congratulate", "apologise", "apologize", "welcome", "commend", "salute",
    "acknowledge", "express", "extend", "offer", "pay",
})
#: Hope verbs that state a request only with "for" ("asked Delhi for funds", "called for a vote").
REQUEST_VERBS = frozenset({"ask", "call", "press"})
#: Verbs of commitment and threat: what they announce with a to-infinitive or a that-clause
#: has yet to happen, so it stays open even when told in the past ("threatened to walk out",
#: "vowed to appeal", "promised that wages would rise").
COMMITMENT_VERBS = frozenset({"threaten", "vow", "pledge", "promise"})
#: Verbs of excluding a possibility: negated, they leave it open, even in the past tense
#: ("did not rule out more closures", "has not excluded a recount"). Multi-word entries are the
#: verb and its particle.
EXCLUDING_VERBS = frozenset({"rule out", "exclude"})
#: First words of a yes/no question ("Should we expect ...?", "Will the depot reopen?"). An
#: interviewer's question of this form about what may happen is open until answered.
YES_NO_OPENERS = frozenset({
    "do", "does", "did", "will", "would", "can", "could", "should", "shall", "may", "might",
    "must", "is", "are", "was", "were", "has", "have", "had",
})
#: Verbs that, like reporting verbs, introduce a reported plan ("signalled that rates would rise").
SIGNAL_VERBS = frozenset({
    "signal", "indicate", "announce", "hint", "predict", "forecast", "estimate", "confirm",
    "expect", "believe", "think", "suggest", "decide", "agree",
})
#: Verb lemmas of doubt or refusal: a stance leaning *against* what follows.
DOUBT_VERBS = frozenset({
    "doubt", "fear", "question", "refuse", "reject", "rule", "oppose", "dismiss", "worry",
})
#: Verbs that deny what they report, directly or through a claim noun ("denied that he would
#: quit", "rejected claims that she would run"): a statement of it leans *against* it.
DENIAL_VERBS = frozenset({
    "deny", "reject", "dismiss", "refute", "rebut", "doubt", "dispute", "contest",
})
#: Nouns of what others say, whose "that" clause a denial verb denies ("rejected claims that").
CLAIM_NOUNS = frozenset({
    "claim", "report", "suggestion", "allegation", "rumour", "rumor", "speculation",
    "accusation", "assertion", "idea", "notion", "talk",
})
#: Adjectives/adverbs that make a statement lean against ("would be difficult").
AGAINST_WORDS = frozenset({
    "difficult", "unlikely", "impossible", "improbable", "doubtful", "tough", "unrealistic",
    "premature", "dim", "slim", "remote",
})
#: Verbs of perceiving: "could be heard", "you could see" describe a scene.
PERCEPTION_VERBS = frozenset({"hear", "see", "feel", "smell", "sense", "watch", "spot",
                              "notice", "glimpse"})
#: ... and these only as what a clause says something *is* ("will be hard", "would be
#: challenging"): never "work hard", "hard evidence" (:func:`._mood.against_word`).
AGAINST_PREDICATES = frozenset({"hard", "challenging"})
#: Subjects that negate what they do ("nobody can", "neither side wants").
#: Shared with events (nothing happens when nobody does it).
NEGATIVE_SUBJECTS = frozenset({"nobody", "none", "neither", "nothing", "no-one"})
#: Prepositions that, inside a clause's subject, make it a condition ("a deal without
#: guarantees is not acceptable": the speaker's red line).
CONDITION_PREPOSITIONS = frozenset({"without"})
#: Judgements that reject what their subject describes ("a deal without X is unacceptable").
REJECTION_WORDS = frozenset({
    "unacceptable", "meaningless", "pointless", "useless", "worthless", "unworkable",
    "non-starter", "nonstarter", "insufficient", "inadequate",
})
#: Adjectives of open, unsettled matters: a stance that is *unsure* ("nobody knows if").
UNSURE_WORDS = frozenset({
    "unclear", "uncertain", "unknown", "unresolved", "undecided", "pending", "unsettled",
})
#: Nouns that, as what a subject "is" ("a sale was a possibility", "a strike remains a
#: risk"), leave the subject an open matter.
POSSIBILITY_NOUNS = frozenset({
    "possibility", "prospect", "risk", "danger", "likelihood", "option", "threat",
})
#: Words saying that something is needed ("an audit is necessary", "new pumps are needed"):
#: whether it will be had is open, leaning *for* (adjectives, and the passive forms).
NECESSITY_WORDS = frozenset({
    "necessary", "essential", "vital", "crucial", "indispensable", "needed", "required",
})
#: Nouns of fear, hope and expectation whose "that" clause is what may happen ("amid fears
#: that the dam could burst", "hopes that talks would resume"), not a detail of the noun.
ANTICIPATION_NOUNS = frozenset({
    "fear", "concern", "worry", "hope", "expectation", "speculation", "prospect",
    "possibility", "likelihood", "chance", "risk", "danger", "anticipation",
})
#: Verbs whose "when/how/where ..." complement is an indirect question ("asked when ...").
QUESTION_VERBS = frozenset({"ask", "wonder", "question", "query", "know", "decide", "say"})
#: Nouns of asking and explaining whose wh-clause may be open ("questions about how the fire
#: started", "no explanation of why the pumps failed") ...
QUESTION_NOUNS = frozenset({"question", "answer", "explanation", "information", "detail",
                            "clarity", "clarification", "account"})
#: ... the question itself always; the others when wanted ("want answers on why ...") or
#: missing: lacking ("no", "little") or judged unclear.
MISSING_WORDS = frozenset({"no", "unclear", "little", "few", "conflicting", "contradictory",
                           "vague", "scant", "scarce"})
#: ... or sought: verbs of seeking whose object such a noun is ("demand answers on why ...").
SEEKING_VERBS = frozenset({"want", "seek", "demand", "need", "await", "ask", "press"})
#: ... of which these always ask; the others ("know", "say", "decide") only when negated or
#: looking ahead ("has not said when ...", "will decide how ..."), not "knows what we did".
ASKING_VERBS = frozenset({"ask", "wonder", "question", "query"})
#: Adjectives/adverbs that make a statement lean for ("is likely to").
FOR_WORDS = frozenset({"likely", "possible", "probable", "feasible", "ready", "set", "poised",
                       "due", "expected", "certain", "sure", "optimistic", "confident"})
#: Words of the subject's own readiness or confidence ("the squad is ready", "we are
#: confident"): only what they are ready or confident for ("ready to sail", "confident of a
#: deal", "set for a vote") may happen; alone they state a disposition.
DISPOSITION_WORDS = frozenset({"ready", "set", "poised", "prepared", "sure", "confident",
                               "optimistic"})
#: Modal verbs (lower-cased surface forms) and their default leaning.
MODAL_LEANING = {
    "will": "for", "'ll": "for", "shall": "for", "can": "for", "could": "unsure",
    "may": "unsure", "might": "unsure", "should": "for", "would": "unsure", "must": "for",
}
#: Adjectives that make ``would``/``could`` a real hedge rather than a past-tense narrative form.
HEDGE_ADVERBS = frozenset({"perhaps", "maybe", "possibly", "probably", "likely", "still"})
#: Subordinators of conditions ("if talks resume, ...").
CONDITION_MARKERS = frozenset({"if", "unless", "provided", "whether"})
#: Generic lemmas that carry no topic (kept out of ``QuestionCandidate.topic``).
TOPIC_STOPWORDS = frozenset({
    "say", "tell", "add", "note", "also", "still", "time", "thing", "way", "lot", "people",
    "hope", "plan", "expect", "want", "will", "can", "could", "may", "might", "would",
    "difficult", "unlikely", "likely", "possible", "make", "do", "be", "have", "get", "go",
    "think", "believe", "real", "well", "other", "own", "new", "next", "more", "many",
})

# ==== grouping open questions =================================================================

#: Words that name the same kind of event, as verb, noun or near-synonym: two statements
#: about "a meeting", "talks" or "a summit" between the same parties are one question. Each
#: line is one class, named by its first word (the grouping key). General English only.
EVENT_CLASSES: tuple[tuple[str, ...], ...] = tuple(tuple(line.split()) for line in (
    "meet meeting summit talk talks negotiate negotiation",
    "resign resignation quit step_down",
    "investigate investigation inquiry probe investigator",
    "reverse reversal overturn scrap u-turn undo",
    "extend extension prolong",
    "rise increase raise climb hike",
    "cut reduce reduction lower",
    "election elect vote ballot poll",
    "strike walkout",
    "reform overhaul",
    "aid assistance",
    "rescue extraction extract evacuate evacuation",
    "destroy demolish demolition collapse raze blow_up",
    "replace replacement successor succeed",
    "rain rainfall downpour",
    "reopen reopening",
    "approve approval",
    "sanction sanctions",
    "deal agreement accord",
    "deliver achieve fulfil fulfill accomplish implement implementation",
))
#: Opposite outcomes of one question, one pair a line ("will she stay" / "will she go"): a
#: statement of either side is about the same question (lemmas; canonical event keys too).
OPPOSITE_OUTCOMES: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(stay.split()), frozenset(go.split())) for stay, go in (
        ("stay remain survive", "resign leave oust remove step_down stand_down"),
        ("extend prolong", "end halt expire"),
        ("open reopen", "close shut"),
        ("rise", "fall drop"),
        ("win", "lose"),
        ("approve adopt", "reject block"),
    ))
#: Adjectives of nationality (lower case): alone ("the French President", "Italian
#: officials") one names no participant of a question, only whose office or people.
DEMONYMS = frozenset("""
afghan albanian algerian american andorran angolan argentine argentinian armenian australian
austrian azerbaijani bahamian bahraini bangladeshi barbadian belarusian belgian belizean
beninese bhutanese bolivian bosnian botswanan brazilian british bruneian bulgarian burkinabe
burmese burundian cambodian cameroonian canadian chadian chilean chinese colombian congolese
croatian cuban cypriot czech danish djiboutian dominican dutch ecuadorian egyptian emirati
english eritrean estonian ethiopian european fijian filipino finnish french gabonese gambian
georgian german ghanaian greek grenadian guatemalan guinean guyanese haitian honduran
hungarian icelandic indian indonesian iranian iraqi irish israeli italian ivorian jamaican
japanese jordanian kazakh kenyan korean kosovan kuwaiti kyrgyz laotian latvian lebanese
liberian libyan lithuanian luxembourgish macedonian malagasy malawian malaysian maldivian
malian maltese mauritanian mauritian mexican moldovan monegasque mongolian montenegrin
moroccan mozambican namibian nepalese nepali nicaraguan nigerian nigerien norwegian omani
pakistani palestinian panamanian paraguayan peruvian polish portuguese qatari romanian
russian rwandan salvadoran samoan saudi scottish senegalese serbian singaporean
slovak slovenian somali spanish sudanese surinamese swazi swedish swiss syrian taiwanese
tajik tanzanian thai togolese tongan trinidadian tunisian turkish turkmen ugandan ukrainian
uruguayan uzbek venezuelan vietnamese welsh yemeni zambian zimbabwean
""".split())
#: Words too general to tie two statements to one question on their own.
GENERIC_GROUPING_WORDS = frozenset({
    "year", "month", "week", "day", "today", "tomorrow", "now", "end", "part", "number",
    "need", "take", "give", "come", "put", "keep", "continue", "begin", "start", "use",
    "work", "help", "show", "find", "see", "look", "try", "include", "mean", "become",
    "leave", "remain", "happen", "allow", "let", "bring", "hold", "place", "issue", "matter",
    "situation", "side", "country", "state", "government", "official", "first", "last",
    "good", "bad", "big", "high", "low", "able", "sure", "clear", "possible", "step",
})

# ==== forward-looking language (open questions) ================================================

#: Verbs of striving toward something with a to-infinitive ("is vying to host the games",
#: "scrambled to secure votes"): what is strived for is still open, leaning *for*.
STRIVING_VERBS = frozenset({
    "vie", "strive", "race", "scramble", "compete", "battle", "fight", "struggle", "push",
    "lobby", "campaign", "bid", "rush", "move", "work", "try", "attempt",
})
#: Adjectives of willingness with "to" ("is open to talks", "is willing to resign"): *for* ...
WILLING_WORDS = frozenset({"open", "willing", "prepared", "keen", "eager", "ready", "minded",
                           "determined", "resolved", "intent", "adamant"})
#: ... and of unwillingness: *against* ("is reluctant to intervene").
UNWILLING_WORDS = frozenset({"reluctant", "unwilling", "loath", "hesitant", "averse", "opposed"})
#: Nouns of intention, demand and pressure whose to-infinitive is what may happen ("is under
#: pressure to resign", "faces calls to quit", "the council's plan to close the pool").
INTENTION_NOUNS = frozenset({
    "pressure", "call", "demand", "plea", "push", "bid", "plan", "proposal", "pledge",
    "promise", "vow", "threat", "hope", "expectation", "intention", "offer", "effort",
    "attempt", "campaign", "drive", "move", "decision", "deadline",
})
#: Routine work a statement pledges to go on with ("we will keep working with our
#: partners", "will keep monitoring the situation"): a press statement's boilerplate, no event
#: to ask about (unlike "the strike will continue", "will continue to serve as chair").
ONGOING_WORK_VERBS = frozenset({
    "work", "monitor", "cooperate", "collaborate", "engage", "coordinate", "communicate",
    "liaise", "follow", "watch", "assess", "evaluate", "review",
})
#: Verbs of preventing and words of a repeat: a clause with one of each asks how to stop
#: it happening again ("stop a repeat of the flood", "make sure this never happens again"),
#: one question however often an article comes back to it.
PREVENTING_VERBS = frozenset({"prevent", "avoid", "stop", "avert", "ensure", "guarantee"})
RECURRENCE_WORDS = frozenset({"again", "similar", "another", "repeat", "recurrence",
                              "repetition"})
#: Verbs that tell an event done when their object names it and the event is one done by
#: saying so (:data:`DONE_BY_SAYING`): "announced his resignation", "tendered her
#: resignation" (not "announced a summit", which is still to be held).
DECLARING_VERBS = frozenset({"announce", "declare", "confirm", "submit", "tender"})
DONE_BY_SAYING = frozenset({"resign"})
#: Verbs of running a risk with a gerund ("the move risks delaying the vote"): what it risks
#: may happen, *unsure*.
RISK_VERBS = frozenset({"risk"})
#: Nouns of something done to or by who or what their "of" names, asked as the verb ("calls
#: for the resignation of the chief" -> "Will the chief resign?", "the release of the crew"
#: -> "Will the crew be released?", "the closure of the pool" -> "Will the pool close?").
EVENT_NOUN_VERBS = {
    "resignation": "resign", "departure": "leave", "return": "return",
    "closure": "close", "reopening": "reopen", "cancellation": "be cancelled",
    "postponement": "be postponed", "demolition": "be demolished",
    "removal": "be removed", "dismissal": "be dismissed", "sacking": "be sacked",
    "firing": "be fired", "ouster": "be ousted", "impeachment": "be impeached",
    "arrest": "be arrested", "release": "be released", "extradition": "be extradited",
    "prosecution": "be prosecuted", "suspension": "be suspended", "expulsion": "be expelled",
}
#: A thing demanded read as the event class it asks for: a call for "change" asks for reform.
DEMANDED_AS = {"change": "reform", "overhaul": "reform"}
#: Verbs whose object is what they demand ("urging change", "seeks a recount").
URGING_VERBS = frozenset({"urge", "demand", "seek", "want"})
#: Verbs of the weather, whose "it" stands for nothing ("it rains", "it will snow").
WEATHER_VERBS = frozenset({"rain", "snow", "hail", "pour", "drizzle", "freeze", "sleet"})
#: Prepositions of the circumstances a clause is told in ("will vote amid calls for a
#: recount", "despite calls for a ban"): a demand told there is a question of its own.
CIRCUMSTANCE_PREPS = frozenset({"amid", "amidst", "despite"})
#: Words of an interim ("and in the meantime, the chief will stay on", "meanwhile"): a clause
#: saying what holds while a question is open is no stance on that question.
INTERIM_WORDS = frozenset({"meantime", "meanwhile", "interim"})
#: Nouns of a request put to someone ("the council will weigh the petition"): a verb of
#: deciding (:data:`DECIDING_VERBS`) with one as its object leaves the request open, *unsure*,
#: and a bare "the request" is the one made just before ("a call for her resignation").
REQUEST_NOUNS = frozenset({
    "request", "call", "demand", "plea", "appeal", "petition", "proposal", "offer", "motion",
    "application", "recommendation", "suggestion", "ultimatum", "bid",
})
#: Nouns of demand whose "for" object is what may happen ("amid calls for a recount", "the
#: union's demand for a pay rise", "pressure for a ceasefire"): *for* it.
DEMAND_NOUNS = frozenset({"call", "demand", "plea", "push", "pressure", "appeal", "clamour",
                          "clamor"})
#: What a demand noun asks "for" in newsroom routine, not a matter that may happen ("did not
#: return calls for comment").
ROUTINE_DEMANDS = frozenset({"comment", "information", "detail", "interview", "help",
                             "clarification", "response"})
#: Verbs of stopping an activity ("will stop paying", "is due to end"): a statement that it
#: stops leans against a question about it going on (see ``_framing``).
CESSATION_VERBS = frozenset({
    "stop", "end", "halt", "cease", "suspend", "terminate", "discontinue",
})
#: Pairs of opposed events: a statement asking one side under a question asking the other
#: leans the other way ("she will stay" under "Will she resign?").
OPPOSED_EVENTS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = tuple(
    (tuple(a.split()), tuple(b.split())) for a, b in (
        ("resign quit step_down", "stay remain"),
        ("close shut", "open reopen"),
        ("lose", "win"),
        ("reject veto block", "approve accept endorse"),
    ))
#: Intention nouns that sum up an act told before them ("X added the bill to the agenda, a
#: move that could speed it up"): what the act could bring is what the actor aims at.
ACT_NOUNS = frozenset({"move", "decision", "bid", "effort", "attempt", "push", "drive", "step"})
#: Intention nouns that others put on their subject ("is under pressure to resign", "faces
#: calls to quit"): the stance is theirs (whoever presses), not the subject's.
PRESSURE_NOUNS = frozenset({"pressure", "call", "demand", "plea", "push"})
#: Conjunctions that set a clause against the one before ("..., but she insisted ...").
CONTRAST_CONJUNCTIONS = frozenset({"but", "yet"})
#: Verbs of holding one's ground ("insisted the plan is sound", "refused"): said by
#: someone pressed to do something, a stance *against* it.
HOLDING_VERBS = frozenset({
    "insist", "maintain", "defend", "refuse", "reject", "resist", "dismiss", "stand", "vow",
})
#: Verbs whose object is asked to do what their to-infinitive says ("urged the board to
#: resign", "called on the mayor to step down").
OBJECT_CONTROL_VERBS = frozenset({
    "ask", "urge", "call", "press", "tell", "order", "request", "implore", "invite",
    "encourage", "pressure", "push", "beg", "advise", "instruct", "direct",
})
#: Subordinators of a reason ("..., as rain is forecast", "because the road is closed"): what
#: follows explains a statement and is not part of the question it leaves open.
REASON_MARKERS = frozenset({"as", "because", "since"})
#: Words that make a question about a repeated or further instance ("meet again", "another
#: summit", "a third round", "new strikes"): a past instance does not settle it.
REPETITION_WORDS = frozenset({
    "again", "another", "second", "third", "fourth", "fifth", "new", "next", "more", "further",
    "fresh", "renewed", "repeat", "additional",
})
#: "will not rest until ...": what a negated statement waits for is what its speaker wants.
UNTIL_MARKERS = frozenset({"until", "till", "unless"})
#: Verbs of deciding or finding out: with an if/whether clause they leave it open, *unsure*
#: ("we will see whether more help is needed").
DECIDING_VERBS = frozenset({
    "see", "decide", "consider", "study", "examine", "weigh", "assess", "review", "determine",
    "check", "judge", "evaluate", "discuss", "explore",
})
#: Verbs whose "for" object is what is wanted ("called for an inquiry", "hopes for a deal"),
#: unlike "prepare for the storm".
WANTING_FOR_VERBS = frozenset({
    "call", "ask", "press", "push", "hope", "wish", "pray", "long", "campaign", "lobby",
    "appeal", "plead", "clamour", "clamor", "demand", "bid", "vie", "fight",
})
#: Verbs of hoping and planning whose past perfect tells a hope overtaken by events ("had
#: hoped to find them").
EXPECTING_VERBS = frozenset({
    "hope", "expect", "plan", "intend", "want", "wish", "aim", "anticipate", "envisage",
    "foresee", "aspire",
})
#: Words of certainty: negated ("not sure", "not certain") they leave the matter *unsure*,
#: not denied.
CERTAINTY_WORDS = frozenset({"sure", "certain", "confident", "convinced", "clear"})
