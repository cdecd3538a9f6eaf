"""tocsin's interaction verbs and their mapping onto PLOVER and CAMEO.

Each `VerbSpec` row is one sense: tocsin's verb (the `type` users query), its PLOVER event type
and mode (None where PLOVER has no code: condolences, claims, denials, warnings), a CAMEO code,
and the words that trigger it:

- `lemmas`: verb lemmas that trigger the sense on their own ("condemned");
- `objects`: (verb lemma, object noun lemma) pairs for light-verb phrases ("expressed
  condolences", "claimed responsibility", "shared intelligence"); the object decides the sense;
- `nouns`: nominal forms that trigger the sense when the text names who did it ("Xi's
  condemnation", "the sharing of intelligence by the United States").

Choices where the mapping is not given by CAMEO/PLOVER themselves (documented for users):

- condole -> CAMEO 018 "make empathetic comment", PLOVER null.
- support (express solidarity or support, praise, welcome) -> PLOVER SUPPORT, CAMEO 051
  "praise or endorse". CAMEO 013 "make optimistic comment" is about outlook, not about backing
  someone; 051 is the CAMEO code that PLOVER's SUPPORT is built from.
- warn -> PLOVER null, CAMEO 012 "make pessimistic comment" when the warning is public and
  addressed to nobody in particular ("warned of attacks in Moscow"); CAMEO 064 "share
  intelligence or information" when it names the party it was given to ("warned Russia of a
  plot"), because a warning handed to the threatened party is information sharing. A warning
  that the speaker itself will act ("warned it would retaliate") is `threaten` (CAMEO 130).
- deny -> PLOVER null, CAMEO 016 "deny responsibility" (a denial of involvement or of a
  report). Not 013/014 (optimistic comment / consider policy option): those say nothing about
  who did it, and a denial around an incident is almost always one of responsibility.
  Refusing something requested is `reject` (CAMEO 12x) instead.
- claim_responsibility -> CAMEO 015 "acknowledge or claim responsibility", PLOVER null.
- statement -> CAMEO 010 "make public statement", PLOVER null (PLOVER drops statements);
  decline_comment -> CAMEO 011; admit ("admitted that its troops fired") -> CAMEO 015, PLOVER
  null: an admission is the acknowledging half of 015.
- demand -> PLOVER REQUEST (PLOVER folded CAMEO's DEMAND into REQUEST), CAMEO 100.
- investigate -> PLOVER ACCUSE mode investigate (as CAMEO2PLOVER maps CAMEO 09x).
- intent: a future or willing form of a cooperative act ("will provide aid", "is ready to
  send troops") is PLOVER AGREE / CAMEO 030; of a hostile act ("will impose sanctions") it is
  PLOVER THREATEN / CAMEO 130. Those two rows are applied by `interactions`, not triggered by
  words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


@dataclass(frozen=True)
class VerbSpec:
    """One sense of an interaction verb and the words that trigger it."""

    key: str  # unique row id
    verb: str  # tocsin's verb (several rows may share one: "attack" by bombs, by shelling...)
    plover: str | None
    plover_mode: str | None
    cameo: str
    lemmas: tuple[str, ...] = ()
    objects: tuple[tuple[str, str], ...] = ()
    nouns: tuple[str, ...] = ()
    # Hostile acts: a future/intended form is a threat, not an intent to cooperate.
    hostile: bool = False
    # Statements (condemn, condole...): a future or hypothetical form is not coded at all.
    statement: bool = False
    # CAMEO codes violence by armed forces under 19 (FIGHT) and by others under 18 (ASSAULT).
    cameo_military: str | None = None


def _pairs(verbs: str, objects: str) -> tuple[tuple[str, str], ...]:
    return tuple((v, o) for v in verbs.split() for o in objects.split())


_EXPRESS = "express extend offer send convey voice pass convey"

VERBS: tuple[VerbSpec, ...] = (
    # --- statements around an incident (PLOVER has no code for most of them) ---
    # A bare public statement ("the ministry said", "Peskov commented"); which ones are coded
    # is decided by `interactions` (named speakers only), see its module docstring.
    VerbSpec(
        "statement",
        "statement",
        None,
        None,
        "010",
        lemmas=(
            "say",
            "state",
            "tell",
            "add",
            "note",
            "comment",
            "remark",
            "explain",
            "point_out",
            "announce",
            "declare",
            "stress",
            "reiterate",
            "confirm",
            "assert",
            "affirm",
            "argue",
            "write",
            "tweet",
            "speak",
            "speak_out",
        ),
        objects=_pairs("issue make deliver give release read", "statement remark speech address")
        + _pairs("hold give", "conference briefing interview"),
        statement=True,
    ),
    # "declined to comment" is CAMEO 011, not a rejection of anything.
    VerbSpec("decline_comment", "decline_comment", None, None, "011", statement=True),
    VerbSpec(
        "condemn",
        "condemn",
        "ACCUSE",
        "disapprove",
        "111",
        lemmas=(
            "condemn",
            "denounce",
            "decry",
            "deplore",
            "criticize",
            "criticise",
            "slam",
            "censure",
            "castigate",
            "lambast",
            "repudiate",
            "rebuke",
            "excoriate",
            "ridicule",
            "deride",
            "mock",
            "berate",
            "chide",
            "assail",
            "vilify",
            "lash_out",
        ),
        objects=_pairs("express voice issue", "outrage condemnation indignation")
        + _pairs("take", "swipe jab"),
        nouns=("condemnation", "denunciation", "criticism", "censure"),
        statement=True,
    ),
    VerbSpec(
        "condole",
        "condole",
        None,
        None,
        "018",
        lemmas=("condole", "sympathize", "sympathise", "mourn"),
        objects=_pairs(_EXPRESS, "condolence sympathy sorrow grief"),
        nouns=("condolence", "condolences", "sympathy"),
        statement=True,
    ),
    VerbSpec(
        "support",
        "support",
        "SUPPORT",
        None,
        "051",
        lemmas=(
            "praise",
            "commend",
            "hail",
            "applaud",
            "laud",
            "endorse",
            "welcome",
            "congratulate",
            "support",
            "back",
        ),
        # "offered support" is an offer (AGREE, CAMEO 03), not backing already given.
        objects=_pairs(
            _EXPRESS.replace("offer ", "") + " show declare pledge", "solidarity support backing"
        ),
        nouns=("praise", "endorsement"),
    ),
    VerbSpec("defend", "defend", "SUPPORT", None, "052", lemmas=("defend",), statement=True),
    VerbSpec(
        "apologize",
        "apologize",
        "SUPPORT",
        None,
        "055",
        lemmas=("apologize", "apologise"),
        objects=_pairs("offer issue make express", "apology"),
        nouns=("apology",),
    ),
    VerbSpec("forgive", "forgive", "SUPPORT", None, "056", lemmas=("forgive", "pardon")),
    VerbSpec(
        "sign_agreement",
        "sign_agreement",
        "SUPPORT",
        None,
        "057",
        objects=_pairs("sign conclude ink", "agreement treaty accord pact deal protocol"),
    ),
    VerbSpec(
        "recognize",
        "recognize",
        "SUPPORT",
        None,
        "054",
        lemmas=("recognize", "recognise"),
        objects=_pairs("establish upgrade restore normalize", "tie relation"),
    ),
    VerbSpec(
        "warn",
        "warn",
        None,
        None,
        "012",
        lemmas=("warn", "caution"),
        objects=_pairs("issue give", "warning alert advisory"),
        nouns=("warning",),
        statement=True,
    ),
    VerbSpec(
        "claim_responsibility",
        "claim_responsibility",
        None,
        None,
        "015",
        objects=_pairs("claim accept take admit acknowledge", "responsibility credit"),
        nouns=("claim",),
        statement=True,
    ),
    # "admitted that its troops fired", "confessed to taking bribes": CAMEO 015 acknowledges
    # responsibility; `interactions` requires a reported clause or an object of guilt.
    VerbSpec(
        "admit",
        "admit",
        None,
        None,
        "015",
        lemmas=("admit", "acknowledge", "confess"),
        statement=True,
    ),
    VerbSpec(
        "deny",
        "deny",
        None,
        None,
        "016",
        objects=_pairs(
            "deny reject",
            "responsibility involvement role link report allegation claim accusation charge",
        ),
        nouns=("denial",),
        statement=True,
    ),
    VerbSpec(
        "accuse",
        "accuse",
        "ACCUSE",
        "accuse",
        "112",
        lemmas=("accuse", "blame", "allege", "implicate"),
        nouns=("accusation", "allegation"),
        statement=True,
    ),
    VerbSpec(
        "complain",
        "complain",
        "ACCUSE",
        "complain",
        "114",
        lemmas=("complain", "summon"),
        objects=_pairs("lodge file register make", "protest complaint"),
        statement=True,
    ),
    VerbSpec(
        "sue",
        "sue",
        "ACCUSE",
        "sue",
        "115",
        lemmas=("sue",),
        objects=_pairs("file bring", "lawsuit suit case"),
    ),
    VerbSpec("convict", "convict", "ACCUSE", "convict", "116", lemmas=("convict", "sentence")),
    VerbSpec(
        "investigate",
        "investigate",
        "ACCUSE",
        "investigate",
        "090",
        lemmas=("investigate", "probe", "interrogate", "question"),
        objects=_pairs(
            "launch open begin start order complete conduct hold",
            "investigation probe inquiry enquiry hearing",
        )
        + _pairs("dispatch send", "inspector investigator monitor"),
        nouns=("investigation", "probe", "inquiry"),
    ),
    VerbSpec(
        "threaten",
        "threaten",
        "THREATEN",
        None,
        "130",
        lemmas=("threaten", "vow", "swear"),
        objects=_pairs("issue make", "threat"),
        nouns=("threat",),
        statement=True,
    ),
    VerbSpec(
        "ultimatum",
        "threaten",
        "THREATEN",
        "ultimatum",
        "139",
        objects=_pairs("issue give deliver", "ultimatum"),
    ),
    # --- cooperation ---
    VerbSpec(
        "share_intelligence",
        "share_intelligence",
        "COOPERATE",
        None,
        "064",
        objects=_pairs(
            "share exchange provide pass give supply",
            "intelligence information evidence data expertise tip detail",
        ),
        nouns=("sharing", "exchange"),
    ),
    VerbSpec(
        "cooperate",
        "cooperate",
        "COOPERATE",
        None,
        "060",
        lemmas=("cooperate", "collaborate", "coordinate"),
        nouns=("cooperation", "collaboration"),
    ),
    VerbSpec(
        "cooperate_military",
        "cooperate",
        "COOPERATE",
        "military",
        "062",
        objects=_pairs("launch hold conduct stage begin", "exercise game maneuver manoeuvre"),
    ),
    VerbSpec(
        "extradite",
        "cooperate",
        "COOPERATE",
        "judicial",
        "063",
        lemmas=("extradite",),
        nouns=("extradition",),
    ),
    VerbSpec(
        "aid",
        "aid",
        "AID",
        None,
        "070",
        lemmas=("donate", "aid", "assist", "evacuate"),
        objects=_pairs(
            "provide send give deliver supply hand hand_over ship airlift pledge"
            " grant rush contribute",
            "aid assistance help food medicine supply relief dollar money fund loan"
            " grant arm weapon ammunition equipment shelter material good troop"
            " medicine",
        ),
        nouns=("donation",),
    ),
    VerbSpec("asylum", "aid", "AID", "asylum", "075", objects=_pairs("grant give offer", "asylum")),
    VerbSpec(
        "meet",
        "meet",
        "CONSULT",
        None,
        "040",
        lemmas=("meet", "confer", "consult", "discuss"),
        objects=_pairs(
            "hold have begin open resume renew", "talk meeting consultation discussion summit"
        ),
        nouns=("meeting",),
    ),
    VerbSpec(
        "negotiate",
        "meet",
        "CONSULT",
        None,
        "046",
        lemmas=("negotiate",),
        objects=_pairs("hold begin open resume renew conduct", "negotiation"),
        nouns=("negotiation",),
    ),
    VerbSpec(
        "phone",
        "meet",
        "CONSULT",
        "phone",
        "041",
        lemmas=("telephone", "phone"),
        objects=_pairs("make hold have", "call"),
    ),
    VerbSpec(
        "visit",
        "meet",
        "CONSULT",
        "visit",
        "042",
        lemmas=("visit", "tour"),
        objects=_pairs("pay make begin", "visit"),
        nouns=("visit",),
    ),
    VerbSpec(
        "host",
        "meet",
        "CONSULT",
        "host",
        "043",
        lemmas=("host", "receive"),
        objects=_pairs("give extend", "welcome reception"),
    ),
    VerbSpec(
        "mediate",
        "meet",
        "CONSULT",
        "third-party",
        "045",
        lemmas=("mediate",),
        objects=_pairs("undertake launch offer begin", "mediation"),
        nouns=("mediation",),
    ),
    VerbSpec(
        "agree",
        "agree",
        "AGREE",
        None,
        "030",
        lemmas=("agree", "promise", "pledge", "commit", "offer", "accept", "consent"),
        objects=_pairs("reach strike", "agreement consensus deal accord understanding"),
        nouns=("agreement",),
    ),
    # --- requests, demands, rejections ---
    VerbSpec(
        "request",
        "request",
        "REQUEST",
        None,
        "020",
        lemmas=(
            "request",
            "ask",
            "appeal",
            "urge",
            "implore",
            "beg",
            "seek",
            "plead",
            "petition",
            "press",
            "pressure",
            "invite",
        ),
        objects=_pairs("make issue launch", "appeal request plea call"),
        nouns=("appeal", "request", "plea"),
    ),
    VerbSpec(
        "demand",
        "demand",
        "REQUEST",
        None,
        "100",
        lemmas=("demand", "insist"),
        objects=_pairs("make issue reiterate repeat", "demand"),
        nouns=("demand",),
    ),
    VerbSpec(
        "reject",
        "reject",
        "REJECT",
        None,
        "120",
        lemmas=(
            "reject",
            "refuse",
            "decline",
            "dismiss",
            "oppose",
            "rebuff",
            "spurn",
            "renege",
            "deny",
        ),
        nouns=("rejection", "refusal"),
    ),
    VerbSpec("veto", "reject", "REJECT", "veto", "129", lemmas=("veto",)),
    VerbSpec(
        "defy", "reject", "REJECT", "defy", "128", lemmas=("defy", "violate", "flout", "breach")
    ),
    # --- protest ---
    VerbSpec(
        "protest",
        "protest",
        "PROTEST",
        "demo",
        "141",
        lemmas=("protest", "demonstrate", "rally", "march", "picket"),
        objects=_pairs(
            "stage hold organize organise lead", "protest rally demonstration march sit-in vigil"
        ),
    ),
    VerbSpec(
        "hunger_strike",
        "protest",
        "PROTEST",
        "strike-hun",
        "142",
        objects=_pairs("begin start stage continue launch go", "hunger"),
    ),
    VerbSpec(
        "strike",
        "protest",
        "PROTEST",
        "strike-gen",
        "143",
        lemmas=("boycott",),
        objects=_pairs(
            "stage hold organize organise begin start call launch",
            "strike walkout stoppage boycott",
        ),
    ),
    VerbSpec(
        "obstruct",
        "protest",
        "PROTEST",
        "obstruct",
        "144",
        lemmas=("block", "barricade", "obstruct"),
        objects=(),
    ),
    VerbSpec("riot", "protest", "PROTEST", "riot", "145", lemmas=("riot",), hostile=True),
    # --- sanctions, coercion ---
    VerbSpec(
        "sanction",
        "sanction",
        "SANCTION",
        None,
        "163",
        lemmas=("sanction", "embargo"),
        objects=_pairs("impose slap announce tighten extend", "sanction embargo boycott"),
        nouns=("sanction",),
        hostile=True,
    ),
    VerbSpec(
        "cut_ties",
        "sanction",
        "SANCTION",
        "relations",
        "161",
        objects=_pairs("break sever cut suspend downgrade freeze", "tie relation link contact")
        + _pairs("recall withdraw", "ambassador envoy"),
        hostile=True,
    ),
    VerbSpec(
        "cut_aid",
        "sanction",
        "SANCTION",
        "aid",
        "162",
        objects=_pairs(
            "suspend halt cut stop freeze reduce withhold prohibit end",
            "aid assistance supply funding",
        ),
        hostile=True,
    ),
    VerbSpec(
        "expel",
        "sanction",
        "SANCTION",
        "expel",
        "166",
        objects=_pairs("expel", "diplomat ambassador envoy inspector observer staff"),
        hostile=True,
    ),
    VerbSpec(
        "cancel_visit",
        "sanction",
        "SANCTION",
        "cancel",
        "160",
        objects=_pairs(
            "cancel suspend postpone end halt call",
            "visit talk meeting mediation summit negotiation",
        ),
        hostile=True,
    ),
    VerbSpec(
        "arrest",
        "arrest",
        "COERCE",
        "arrest",
        "173",
        # CAMEO 173 is "arrest, detain, or charge with legal action".
        lemmas=(
            "arrest",
            "detain",
            "apprehend",
            "jail",
            "imprison",
            "nab",
            "incarcerate",
            "handcuff",
            "indict",
            "charge",
            "prosecute",
        ),
        nouns=("arrest", "detention"),
        hostile=True,
    ),
    VerbSpec(
        "seize",
        "coerce",
        "COERCE",
        "confiscate",
        "171",
        lemmas=("confiscate", "impound", "hack"),
        hostile=True,
    ),
    VerbSpec(
        "destroy",
        "coerce",
        "COERCE",
        "destroy",
        "171",
        lemmas=("demolish", "raze", "bulldoze", "torch", "destroy", "burn", "deface"),
        objects=_pairs("set", "fire"),
        hostile=True,
    ),
    VerbSpec(
        "ban",
        "coerce",
        "COERCE",
        "ban",
        "172",
        lemmas=("ban", "outlaw", "prohibit", "censor", "suspend", "shut", "prevent"),
        objects=_pairs("impose declare reimpose", "curfew blockade emergency law siege ban")
        + _pairs("close", "border"),
        hostile=True,
    ),
    VerbSpec(
        "deport",
        "coerce",
        "COERCE",
        "deport",
        "174",
        lemmas=("deport", "expel", "exile", "banish"),
        hostile=True,
    ),
    VerbSpec(
        "repress",
        "coerce",
        "COERCE",
        "repress",
        "175",
        lemmas=("disperse", "crack"),
        objects=_pairs("use fire", "gas"),
        hostile=True,
    ),
    VerbSpec(
        "abduct",
        "abduct",
        "COERCE",
        "detain",
        "181",
        lemmas=("kidnap", "abduct", "hijack", "hostage"),
        hostile=True,
    ),
    # --- concessions and retreat ---
    VerbSpec(
        "concede",
        "concede",
        "CONCEDE",
        None,
        "080",
        lemmas=("concede", "yield", "ease", "relax", "allow", "permit", "legalize"),
        objects=_pairs(
            "lift end cancel rescind shorten remove revoke ease",
            "curfew ban restriction emergency measure sanction embargo state",
        )
        + _pairs("call_off", "strike protest boycott demonstration")
        + _pairs("accept meet grant", "demand"),
    ),
    VerbSpec("release", "concede", "CONCEDE", "release", "084", lemmas=("release", "free")),
    VerbSpec(
        "retreat",
        "retreat",
        "RETREAT",
        None,
        "087",
        lemmas=(
            "withdraw",
            "retreat",
            "demobilize",
            "demobilise",
            "surrender",
            "disarm",
            "resign",
            "evacuate",
        ),
        objects=_pairs("declare announce observe accept", "ceasefire cease-fire truce")
        + _pairs("lift end", "blockade siege")
        + _pairs("pay", "compensation reparation")
        + _pairs("complete speed begin", "withdrawal pullout"),
        nouns=("withdrawal", "ceasefire"),
    ),
    # --- force posture ---
    VerbSpec(
        "mobilize",
        "mobilize",
        "MOBILIZE",
        "troops",
        "154",
        lemmas=("mobilize", "mobilise", "deploy", "reinforce", "mass"),
        objects=_pairs("send dispatch strengthen", "troop force soldier army police patrol")
        + _pairs("put place remain", "alert"),
    ),
    # --- violence ---
    VerbSpec(
        "attack",
        "attack",
        "ASSAULT",
        None,
        "180",
        cameo_military="190",
        lemmas=(
            "attack",
            "assault",
            "raid",
            "storm",
            "ambush",
            "invade",
            "massacre",
            "fight",
            "kill",
            "murder",
            "slaughter",
            "wound",
            "injure",
            "stab",
        ),
        objects=_pairs(
            "launch carry mount stage conduct commit perpetrate",
            "attack assault raid offensive invasion ambush massacre operation strike",
        ),
        nouns=("attack", "assault", "invasion"),
        hostile=True,
    ),
    VerbSpec(
        "bomb",
        "attack",
        "ASSAULT",
        "explosives",
        "183",
        lemmas=("bomb", "explode", "detonate", "blow"),
        objects=_pairs("plant detonate set explode", "bomb device explosive"),
        hostile=True,
    ),
    VerbSpec(
        "shell",
        "attack",
        "ASSAULT",
        "heavy-weapons",
        "194",
        lemmas=("shell", "bombard", "pound"),
        objects=_pairs("launch fire", "rocket missile mortar artillery shell"),
        hostile=True,
    ),
    VerbSpec(
        "airstrike",
        "attack",
        "ASSAULT",
        "aerial",
        "195",
        objects=_pairs("launch carry conduct", "airstrike air-strike"),
        hostile=True,
    ),
    VerbSpec(
        "shoot",
        "attack",
        "ASSAULT",
        "firearms",
        "180",
        cameo_military="193",
        lemmas=("shoot", "gun"),
        objects=_pairs("open", "fire"),
        hostile=True,
    ),
    VerbSpec(
        "assassinate",
        "attack",
        "ASSAULT",
        "assassinate",
        "186",
        lemmas=("assassinate", "behead", "execute"),
        hostile=True,
    ),
    VerbSpec(
        "beat",
        "attack",
        "ASSAULT",
        "beat",
        "182",
        lemmas=("beat", "torture", "lynch", "abuse", "rape", "molest"),
        hostile=True,
    ),
    VerbSpec(
        "occupy",
        "attack",
        "ASSAULT",
        "occupy",
        "192",
        lemmas=("occupy", "capture", "overrun", "retake", "seize", "annex"),
        hostile=True,
    ),
    # --- rows applied by rules, never triggered by words ---
    VerbSpec("intent", "agree", "AGREE", "intent", "030"),
    VerbSpec("intent_hostile", "threaten", "THREATEN", None, "130"),
    VerbSpec("demand_must", "demand", "REQUEST", None, "100"),
    VerbSpec("warn_party", "warn", None, None, "064"),
)


@dataclass(frozen=True)
class VerbIndex:
    """Lookups from lemmas to the rows they trigger."""

    by_key: dict[str, VerbSpec]
    by_lemma: dict[str, VerbSpec]
    by_object: dict[tuple[str, str], VerbSpec]
    by_noun: dict[str, VerbSpec]


@lru_cache(maxsize=1)
def verb_index() -> VerbIndex:
    """Return the lookup tables built from `VERBS` (first row wins for a shared lemma)."""
    by_key: dict[str, VerbSpec] = {}
    by_lemma: dict[str, VerbSpec] = {}
    by_object: dict[tuple[str, str], VerbSpec] = {}
    by_noun: dict[str, VerbSpec] = {}
    for spec in VERBS:
        by_key[spec.key] = spec
        for lemma in spec.lemmas:
            by_lemma.setdefault(lemma, spec)
        for pair in spec.objects:
            by_object.setdefault(pair, spec)
        for noun in spec.nouns:
            by_noun.setdefault(noun, spec)
    return VerbIndex(by_key, by_lemma, by_object, by_noun)


def spec(key: str) -> VerbSpec:
    """Return the row with this key; KeyError names a programming error, not bad input."""
    return verb_index().by_key[key]
