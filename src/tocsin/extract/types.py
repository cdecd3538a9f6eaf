"""Event triggers and their coding: GTD attack type and ACLED event type / sub-event type.

A trigger is a word or phrase that reports an event of one *category* ("suicide_bomb",
"shooting", "kidnap", "protest", ...). `find_triggers` lists them in a stretch of text;
`code_incident` chooses the GTD and ACLED labels of an incident from all its triggers and their
context. Labels are the codebooks' own, verbatim.

GTD choices (codebook hierarchy: Assassination > Hijacking > Kidnapping > Barricade > Bombing >
Armed Assault > Unarmed Assault > Facility/Infrastructure):
- "assassinated"/"assassination" -> Assassination; a killing of a named official is left to the
  word "assassination" (news calls it that when it is one).
- a generic "terrorist attack" or "massacre" with no weapon word -> Armed Assault (the usual
  case of an attack on people with no explosive named).
- stabbings and machete attacks -> Armed Assault (GTD codes melee weapons as armed assault);
  beatings without weapons, chemical attacks -> Unarmed Assault.
- arson and sabotage with nobody hurt -> Facility/Infrastructure Attack.
- battles, protests, riots, arrests and other strategic developments have no GTD type (None):
  GTD codes terrorism, not those.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# category -> (gtd_type, acled_type, acled_subtype)
CODES: dict[str, tuple[str | None, str, str]] = {
    "chemical": ("Unarmed Assault", "Explosions/Remote violence", "Chemical weapon"),
    "suicide_bomb": ("Bombing/Explosion", "Explosions/Remote violence", "Suicide bomb"),
    "air_strike": ("Bombing/Explosion", "Explosions/Remote violence", "Air/drone strike"),
    "shelling": ("Bombing/Explosion", "Explosions/Remote violence",
                 "Shelling/artillery/missile attack"),
    "grenade": ("Bombing/Explosion", "Explosions/Remote violence", "Grenade"),
    "explosive": ("Bombing/Explosion", "Explosions/Remote violence",
                  "Remote explosive/landmine/IED"),
    "hijack": ("Hijacking", "Violence against civilians", "Attack"),
    "kidnap": ("Hostage Taking (Kidnapping)", "Violence against civilians",
               "Abduction/forced disappearance"),
    "barricade": ("Hostage Taking (Barricade Incident)", "Violence against civilians", "Attack"),
    "assassination": ("Assassination", "Violence against civilians", "Attack"),
    "shooting": ("Armed Assault", "Violence against civilians", "Attack"),
    "attack": ("Armed Assault", "Violence against civilians", "Attack"),
    "stabbing": ("Armed Assault", "Violence against civilians", "Attack"),
    "beating": ("Unarmed Assault", "Violence against civilians", "Attack"),
    "sexual": (None, "Violence against civilians", "Sexual violence"),
    "arson": ("Facility/Infrastructure Attack", "Strategic developments",
              "Looting/property destruction"),
    "clash": (None, "Battles", "Armed clash"),
    "regain": (None, "Battles", "Government regains territory"),
    "overtake": (None, "Battles", "Non-state actor overtakes territory"),
    "excessive_force": (None, "Protests", "Excessive force against protesters"),
    "protest_intervention": (None, "Protests", "Protest with intervention"),
    "violent_demo": (None, "Riots", "Violent demonstration"),
    "mob": (None, "Riots", "Mob violence"),
    "protest": (None, "Protests", "Peaceful protest"),
    "disrupted": (None, "Strategic developments", "Disrupted weapons use"),
    "looting": (None, "Strategic developments", "Looting/property destruction"),
    "arrest": (None, "Strategic developments", "Arrests"),
    "agreement": (None, "Strategic developments", "Agreement"),
    "hq": (None, "Strategic developments", "Headquarters or base established"),
    "transfer": (None, "Strategic developments", "Non-violent transfer of territory"),
    "change_group": (None, "Strategic developments", "Change to group/activity"),
    "other": (None, "Strategic developments", "Other"),
}

# Categories that report violence (an incident); the rest are ACLED-only developments.
VIOLENT = frozenset(
    [
        "chemical", "suicide_bomb", "air_strike", "shelling", "grenade", "explosive", "hijack",
        "kidnap", "barricade", "assassination", "shooting", "attack", "stabbing", "beating",
        "sexual", "arson", "clash", "regain", "overtake", "excessive_force", "violent_demo", "mob"
    ]
)
# Categories a bare sentence may only join, never start ("the attack", "killed").
WEAK = frozenset({"attack"})

_LEXICON: list[tuple[str, str]] = [
    ("chemical", r"chemical\s+(?:weapons?|attacks?|agents?|munitions?)|sarin|sulfur\s+mustard|"
                 r"mustard\s+agent|chlorine\s+(?:gas|"
                 r"bombs?|attacks?)|mustard\s+gas|nerve\s+agents?|poison(?:ous)?\s+gas|toxic\s+gas"
                 r"|acid\s+attacks?"),
    ("suicide_bomb", r"suicide[\s-]+(?:car[\s-]+)?(?:bomb\w*|attack\w*|vests?|blasts?|belts?|"
                     r"explosion)|blew\s+(?:himself|herself|themselves)\s+up|self-immolat\w*|"
                     r"suicide\s+(?:vehicle|truck|car)|svbieds?|kamikazes?"),
    ("air_strike", r"air[\s-]?strikes?|air[\s-]?raids?|drone[\s-]+(?:strikes?|attacks?)|"
                   r"warplanes?|fighter\s+jets?|jets\s+(?:bombed|struck|pounded|fired|launched|targeted|hit)|aerial\s+"
                   r"(?:bombardment|attacks?|bombing)|helicopter\s+gunships?|airstrikes?|"
                   r"bombed\s+by\s+(?:aircraft|planes)|air\s+force\s+(?:bombed|attacked)|"
                   r"barrel\s+bombs?"),
    ("shelling", r"shell(?:ing|ed|s)\b|artillery|mortar(?:s|ed)?\b|rockets?\b|missiles?\b|"
                 r"katyushas?|bombardment|howitzers?|projectiles?\b(?!\s+(?:were\s+|being\s+)?thrown)|"
                 r"tank\s+(?:fire|attacks?|shells?)|tanks\s+(?:attacked|fired|shelled)"),
    ("grenade", r"grenades?|rpgs?\b"),
    ("explosive", r"(?:roadside|car|truck|parcel|letter|package|pipe|nail|magnetic|sticky|"
                  r"time|homemade|vehicle)[\s-]+bombs?|i\.?e\.?d\.?s?\b|improvised\s+explosive|"
                  r"land[\s-]?mines?|mines?\s+(?:exploded|blast)|(?:ground|anti-?tank|anti-?personnel)\s+mines?|"
                  r"booby[\s-]?trap\w*|"
                  r"explosive\s+devices?|dynamite|detonat\w+|explosives?\b|blasts?\b|"
                  r"explosions?|exploded|bomb(?:s|ings?|ed|ers?)?\b|"
                  # GTD: damage done by an explosion is a bombing, not a facility attack.
                  r"blew\s+up|blown\s+up|blowing\s+up|dynamited"),
    ("hijack", r"hijack\w*|skyjack\w*|commandeer\w*"),
    ("kidnap", r"kidnap\w*|abduct\w*|taken\s+hostages?|took\s+\w+\s+hostages?|seized\s+\w+\s+"
               r"hostages?|held\s+captive|forced(?:ly)?\s+disappear\w*|disappearance"),
    ("barricade", r"barricaded|hostage[\s-]+(?:taking|crisis|standoff)|stand-?off|"
                  r"held\s+\w+\s+hostages?|holding\s+\w+\s+hostages?|siege"),
    ("assassination", r"assassinat\w*"),
    ("shooting", r"shot|shooting|shootings|gunfire|opened\s+fire|gunm[ae]n|machine-?gunned|"
                 r"fired\s+(?:on|at|shots|upon|into)|riddled|gunned\s+down|gunshots?|"
                 r"ambush\w*|massacre\w*|sniper\w*"),
    ("stabbing", r"stabb\w*|stabs?\b|knife\s+attack\w*|machete\w*|hacked\s+to\s+death|"
                 r"slit\s+\w+\s+throats?|beheaded|behead\w*"),
    ("beating", r"beaten|beat\s+(?:him|her|them)|beat\s+(?:up\b|(?:[\w-]+\s+){0,3}?(?:to\s+death|"
                r"unconscious|severely|badly)|(?:[\w-]+\s+){0,3}?with\s+(?:iron\s+|wooden\s+)?"
                r"(?:sticks|rods|clubs|bats|batons|hammers|stones|bricks|fists|belts|whips))|beating|lynch\w*|bludgeon\w*|tortured|punched|"
                r"stoned\s+to\s+death|thrash\w*|clubbed"),
    ("sexual", r"rap(?:e|ed|es|ing)\b|sexual(?:ly)?\s+(?:assault\w*|violence|abuse\w*|"
               r"harass\w*)|gang-?rape\w*|molest\w*"),
    ("arson", r"arson|set\s+(?:fire|ablaze)|set\s+\w+(?:\s+\w+)?\s+(?:on\s+fire|ablaze)|torched|"
              r"burned\s+down|burnt\s+down|firebomb\w*|molotov|incendiary|sabotag\w*"),
    ("clash", r"clash\w*|fighting|fought|battles?\b|battled|firefights?|gunfights?|gun\s+battles?"
              r"|exchange\s+of\s+fire|exchanged\s+fire|skirmish\w*|offensive|combat|"
              r"confrontations?"),
    ("regain", r"recaptur\w*|retook|retake\w*|regain\w*\s+control|liberat(?:ed|ion)|took\s+back"
               r"|drove\s+\w+\s+out|reclaim\w*"),
    ("overtake", r"seized\s+control|took\s+control|captured\s+(?:the\s+)?(?:town|city|village|"
                 r"district|base|area|territory|province)|overran|overrun|"
                 # "fell to the Taliban", not "unemployment fell to 4.2%" or "fell to his death".
                 r"fell\s+to\s+(?!\W*\d)(?!(?:about|around|nearly|almost|just|a|an|its|their|his|"
                 r"her|record|levels?|zero|lows?|highs?|death|deaths|the\s+(?:ground|floor|"
                 r"bottom|lowest|highest)|pieces|second|third|fourth|last|earth|below|under)\b)"),
    ("excessive_force", r"(?:fired|opened\s+fire)\s+(?:on|at|upon)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
                        r"(?:protest[eo]rs|demonstrators|crowds?|marchers)|(?:protest[eo]rs?|"
                        r"demonstrators?)\s+(?:were\s+|was\s+)?(?:killed|shot|died)|killing\s+"
                        r"(?:\w+\s+)?(?:protest[eo]rs|demonstrators)|live\s+(?:ammunition|rounds|fire|bullets)|"
                        r"excessive\s+force|violently\s+(?:suppress|dispers|crack)\w*|"
                        r"brutally\s+(?:suppress|dispers|attack|beat)\w*"),
    ("protest_intervention", r"(?:suppress\w*|crack\w*\s+down\s+on|broken\s+up|halt\w*)\s+"
                             r"(?:\w+\s+){0,3}?(?:protest\w*|demonstrat\w*|rall(?:y|ies)|"
                             r"march\w*|sit-?ins?)|pepper[\s-]?spray\w*|(?:detain\w*|arrest\w*)"
                             r"\s+(?:\w+\s+){0,3}?(?:protest[eo]rs|demonstrators|activists|"
                             r"marchers)|(?:protest[eo]rs|demonstrators|activists)\s+(?:\w+\s+){0,3}?"
                             r"(?:detained|arrested)|(?:smoke|stun|sound|flash)\s+grenades?|"
                             r"flash-?bangs?|"
                             r"(?:dispersed|disperse|broke\s+up)\s+(?:the\s+)?(?:protest\w*|"
                             r"demonstrat\w*|crowd|rally|march)|tear[\s-]?gas|water[\s-]?cannons?"
                             r"|rubber\s+bullets|baton[\s-]?charg\w*|lathi[\s-]?charg\w*|"
                             r"(?:protesters|demonstrators)\s+(?:were|was)\s+(?:arrested|"
                             r"detained)|(?:arrested|detained)\s+(?:\w+\s+)?(?:protesters|"
                             r"demonstrators)"),
    ("violent_demo", r"riot\w*|(?:threw|throwing|hurled|hurling|pelted)\s+(?:[\w-]+\s+){0,3}?"
                     r"(?:stones|rocks|bricks|bottles|objects|projectiles|firecrackers|"
                     r"petrol\s+bombs|molotov\w*)|projectiles\s+(?:were\s+)?thrown|"
                     r"turn(?:ed|s|ing)?\s+(?:\w+\s+)?violent|violent\s+(?:protests?|demonstrations?)|"
                     r"clash\w*\s+with\s+(?:the\s+)?(?:riot\s+)?police|"
                     r"stone[\s-]?pelting|vandali[sz]\w*|ransack\w*|"
                     r"(?:protest[eo]rs|demonstrators|rioters)\s+(?:clashed|torched|burned|set|attacked|"
                     r"stormed|blocked|pelted|threw|hurled|vandali[sz]ed|damaged|smashed)"),
    ("mob", r"\bmobs?\b|lynch\w*|vigilantes?"),
    ("protest", r"protest\w*|demonstrat(?:ion|ions|ors?|ed)\b|rall(?:y|ies|ied)|marched|"
                r"sit-?ins?|hunger\s+strikes?|picket\w*|took\s+to\s+the\s+streets|"
                r"agitation|dharna|strikes?\s+(?:by|over|against|in)|went\s+on\s+strike|"
                r"gherao\w*|bandh|walkout|boycott\w*"),
    ("disrupted", r"(?:seized|confiscated|recovered)\s+(?:[\w,-]+\s+){0,3}?(?:pistols|firearms|"
                  r"ammunition|rounds|revolvers|cartridges|kalashnikovs)|"
                  r"(?:weapons|firearms|arms|ammunitions?|pistols|rifles|guns|explosives|"
                  r"explosive\s+devices|grenades|ieds|bombs|rockets|mortars|missiles|landmines|"
                  r"rounds|cartridges|bullets|caches?|stash)\s+(?:[\w,-]+\s+){0,6}?(?:were|was|"
                  r"have\s+been|has\s+been|had\s+been)\s+(?:\w+\s+)?(?:seized|found|recovered|"
                  r"discovered|confiscated|captured|destroyed|intercepted|unearthed|defused)|"
                  r"defus\w*|foiled|thwarted|bomb\s+disposal|disarmed|intercept\w*|"
                  r"(?:destroyed|cleared|dismantled|removed|neutrali[sz]ed|demined)\s+(?!by\b)"
                  r"(?:[\w,-]+\s+){0,3}?(?:land[\s-]?mines|mines|ieds|improvised\s+explosive|"
                  r"explosive\s+devices|unexploded)|"
                  r"shot\s+down|(?:seized|recovered|found|discovered|confiscated|unearthed)\s+"
                  r"(?:\w+\s+){0,4}?(?:weapons|arms|explosives|ammunition|rifles|guns|grenades|"
                  r"ieds?|bombs?|rockets?|mortars?|mines?|cache)|arms\s+cache|weapons\s+cache|"
                  r"caches?\b|neutrali[sz]ed\s+(?:\w+\s+)?(?:bomb|ied|device)|stash(?:es)?\s+of|"
                  # "bombs discovered on the beach": the passive without its auxiliary.
                  r"(?:weapons|firearms|arms|ammunition|explosives|explosive\s+devices|grenades|"
                  r"ieds|bombs|rockets|mortars|landmines|projectiles)\s+(?:[\w,-]+\s+){0,3}?"
                  r"(?:found|discovered|unearthed|confiscated)\b"),
    ("looting", r"loot\w*|plunder\w*|demolish\w*|bulldoz\w*|destroyed\s+(?:\w+\s+)?(?:houses|"
                r"homes|property|shops)"),
    ("arrest", r"arrest\w*|detain\w*|apprehend\w*|taken\s+into\s+custody|rounded\s+up|"
               r"nabbed|held\s+for\s+questioning|custody"),
    # Agreements between parties to a conflict, not trade deals or players' contracts.
    ("agreement", r"(?:peace|ceasefire|cease-fire|truce|security|power-sharing|prisoner|"
                  r"hostage|surrender|disarmament|political|framework|nuclear)\s+(?:agreement|deal)|"
                  r"agreement\s+with\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:rebels|rebellious|soldiers|"
                  r"mutineers|militants|insurgents|fighters|militias?|guerrill?as|armed)|"
                  r"agreement\s+(?:[\w-]+\s+){0,3}?to\s+end\s+(?:the\s+)?(?:a\s+)?(?:mutiny|war|"
                  r"fighting|conflict|violence|siege|strike|standoff)|"
                  r"cease-?fire|truce|peace\s+(?:deal|accord|talks|pact)|accord\b|"
                  r"signed\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:accord|truce|ceasefire|cease-fire)|"
                  r"prisoner\s+(?:swap|exchange)|released\s+\w+\s+prisoners|exchang\w*\s+(?:\w+\s+){0,2}?"
                  r"prisoners|surrender(?:ed|s)?\s+(?:to|their\s+weapons)"
                  r"|memorandum\s+of\s+understanding|mou\b"),
    ("hq", r"(?:established|set\s+up|setting\s+up|opened)\s+(?:a\s+|an\s+|new\s+)*(?:military\s+)?"
           r"(?:base|headquarters|camp|outpost|office)"),
    ("transfer", r"handed\s+over\s+(?:control|the\s+area|the\s+town|the\s+city)|withdr[ae]w\w*|"
                 r"pulled\s+out|handover"),
    ("change_group", r"(?:formed|launched|founded)\s+(?:a\s+)?(?:new\s+)?(?:group|alliance|"
                     r"coalition|party|front|militia)|merged|splinter|pledged\s+allegiance|"
                     r"disband\w*|recruit\w*|joined\s+(?:the\s+)?(?:group|militia|rebels)|"
                     r"new\s+leader|appointed|defected|surrender\w*"),
    ("attack", r"attack(?:s|ed|ing)?\b|assault(?:s|ed)?\b|raid(?:s|ed)?\b|stormed|"
               r"terrorist\s+(?:attack|act|incident)\w*|murder\w*|slain|killings?|"
               r"killed|kill(?:s|ing)?\b|massacre"),
]

# Contexts that make a trigger not an event of this report: threats, plans, commemorations,
# prevention, trials, analysis.
_NOT_EVENT_BEFORE = re.compile(
    r"(?:future|potential|possible|further|more|new|fresh|imminent|planned|plotting|plot\s+to|"
    r"threats?\s+of|warn\w*\s+(?:of|about|against)|fears?\s+of|risk\s+of|prevent\w*|"
    r"counter|anti|against|avoid|anniversary\s+of|commemorat\w*|memorial|trial\s+(?:of|for|over)"
    r"|sentenced\s+for|convicted\s+(?:of|for)|charged\s+(?:with|in)|accused\s+of|plann\w+\s+to|"
    r"plans?\s+to|will|would|could|may|might|threaten\w*\s+to|vow\w*\s+to|call\w*\s+for|"
    r"in\s+case\s+of|deadliest\s+since|worst\s+since|since\s+the|recall\w*|reminiscent\s+of|"
    r"wave\s+of|campaign\s+of|series\s+of|history\s+of|thwart\w*|foil\w*|"
    # "beaten on suspicion of child abduction": the suspicion is no event of this report.
    r"suspicion\s+of)"
    r"(?:\s+[\w'-]+){0,3}?\s*$",
    re.I,
)


@dataclass(frozen=True)
class Trigger:
    """A word or phrase in text that reports an event of `category`."""

    category: str
    start: int
    end: int
    text: str
    eventive: bool  # False when the context says it is a threat, plan, trial, ...


@lru_cache(maxsize=1)
def _lexicon_re() -> re.Pattern[str]:
    parts = [f"(?P<{cat}_{i}>{pat})" for i, (cat, pat) in enumerate(_LEXICON)]
    return re.compile(r"\b(?:" + "|".join(parts) + ")", re.I)


def find_triggers(text: str, start: int = 0, end: int | None = None) -> list[Trigger]:
    """Return the event triggers in `text[start:end]`, in text order, offsets into `text`."""
    end = len(text) if end is None else end
    seg = text[start:end]
    out: list[Trigger] = []
    for m in _lexicon_re().finditer(seg):
        name = m.lastgroup or ""
        category = name.rsplit("_", 1)[0]
        before = seg[max(0, m.start() - 60):m.start()]
        eventive = _NOT_EVENT_BEFORE.search(before) is None
        out.append(Trigger(category=category, start=m.start() + start, end=m.end() + start,
                           text=text[m.start() + start:m.end() + start], eventive=eventive))
    return out


# ACLED sub-event choice: the most specific category present wins.
_ACLED_ORDER = [
    "chemical", "suicide_bomb", "air_strike", "shelling", "grenade", "violent_demo",
    "excessive_force", "sexual", "kidnap", "hijack", "barricade", "explosive",
    "protest_intervention", "mob", "regain", "overtake", "assassination", "stabbing", "beating",
    "shooting", "clash", "attack", "protest", "disrupted", "arson", "looting", "arrest",
    "agreement", "hq", "transfer", "change_group",
]
_GTD_ORDER = [
    "assassination", "hijack", "kidnap", "barricade", "suicide_bomb", "explosive", "grenade",
    "air_strike", "chemical", "shelling", "shooting", "stabbing", "attack", "beating", "arson",
]
_ARMED = re.compile(
    r"\b(?:soldiers?|troops|army|military|police(?:men|man)?|officers?|security\s+forces|"
    r"guards?|militants?|rebels?|insurgents?|guerrill?as?|fighters|militia\w*|battalion|"
    r"forces|jihadists?|terrorists|patrol|checkpoint|post|garrison|convoy|base)\b",
    re.I,
)
_NON_STATE_SIDE = re.compile(
    r"\b(?:militants?|rebels?|insurgents?|guerrill?as?|fighters|militia\w*|jihadists?|"
    r"terrorists|subversives|gunmen|taliban|al-shabaab|islamic\s+state|isis|isil|is\b)\b", re.I
)
_STATE_SIDE = re.compile(
    r"\b(?:soldiers?|troops|army|military|police|security\s+forces|forces|battalion)\b", re.I
)
_CIVILIANS = re.compile(
    r"\b(?:civilians?|peasants?|villagers?|passers?-?by|people|guests|shoppers|worshippers|"
    r"students|pupils|children|women|customers|passengers|mourners|residents|family|families|"
    r"farmers|workers|bystanders)\b",
    re.I,
)
# Words that say a weapon did harm: then it was used, not just found or defused.
_HARM = re.compile(r"\b(?:killed|killing|dead|died|wounded|injured|injuring|exploded|went\s+off|"
                   r"struck|hit|detonated|casualties)\b", re.I)
_DEATHS = re.compile(r"\b(?:killed|killing|dead|died|deaths?|shot\s+dead|fatal\w*|"
                     r"live\s+(?:ammunition|rounds|bullets|fire))\b", re.I)
_PROTEST_CONTEXT = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies)|march(?:es|ed|ers|ing))\b", re.I
)
# Fire on protesters: the shooting trigger takes "opened fire", so the target is read here.
_FIRE_ON_PROTESTERS = re.compile(
    r"\b(?:fired|opened\s+fire|shot)\s+(?:[\w-]+\s+){0,3}?(?:on|at|upon|into)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:protest[eo]rs|demonstrators|marchers)\b", re.I
)
# Injuries serious enough for ACLED's "Excessive force against protesters" (the codebook: lethal
# force, or force that causes serious injuries), as opposed to a dispersal.
_SERIOUS_HURT = re.compile(
    r"\b(?:serious(?:ly)?\s+(?:injur\w*|wounded|hurt)|critically\s+(?:injured|wounded)|"
    r"(?:dozens|scores|hundreds)\s+(?:of\s+\w+\s+)?(?:were\s+)?(?:injured|wounded|hurt)|"
    r"hospitali[sz]ed)", re.I
)
# How a protest is broken up other than by arrests: without one of these and with no word of a
# protest, "activists were arrested" is an arrest (Arrests), not a protest with intervention.
_DISPERSAL = re.compile(
    r"\b(?:tear[\s-]?gas|water[\s-]?cannons?|rubber\s+bullets|pepper|baton|lathi|dispers\w*|"
    r"broke\s+up|broken\s+up|suppress\w*|crack\w*\s+down|halt\w*|grenades?|flash-?bangs?)", re.I
)
# A non-state group that retakes ground: for ACLED that is "Non-state actor overtakes
# territory" (the government's sub-event needs state forces).
_NON_STATE_RETAKES = re.compile(
    r"\b(?:militants?|rebels?|insurgents?|fighters|militia\w*|jihadists?|isis|isil|islamic\s+state"
    r"|taliban|al-shabaab|shabaab|opposition|houthis?)\b"
    r"(?:(?!\b(?:army|troops|government|soldiers|military|police)\b)[^.;]){0,60}?"
    r"\b(?:recaptur\w*|retook|retake\w*|regain\w*|took\s+back|reclaim\w*)", re.I
)


def _non_state_retakes(context: str) -> bool:
    for m in _NON_STATE_RETAKES.finditer(context):
        clause = re.split(r"[.;]", context[:m.start()])[-1]
        if _STATE_SIDE.search(clause) is None:
            return True  # no state force earlier in the clause: the group is the subject
    return False


# A protest about a killing ("marched over the shooting of ..."): the killing is its subject,
# not an event of the report; the words after the preposition are checked for every trigger.
_PROTEST_ABOUT = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies|ied)|march\w*|vigils?)\b[^.;]{0,80}?\b"
    r"(?:over|against|after|following|condemning|denouncing|justice\s+for|for\s+justice)\b"
    r"([^.;]{0,80})", re.I
)


@dataclass(frozen=True)
class Coding:
    gtd_type: str | None
    acled_type: str | None
    acled_subtype: str | None
    trigger: Trigger | None


def code_incident(triggers: list[Trigger], context: str, *, use_model: bool = True) -> Coding:
    """Return the GTD and ACLED labels of an incident from its triggers and text (`context`).

    The GTD type follows the codebook hierarchy over the incident's violent triggers; the
    ACLED sub-event is the most specific category present, with context rules: an armed
    attack on armed forces by a non-state group (or the reverse) is a battle (Armed clash);
    arson or clashes at a protest are a riot (Violent demonstration); "disrupted" (a bomb
    defused, weapons seized) wins over the explosive it names.

    With `use_model` (the default) the shipped classifier (`typing_model`) may replace the
    rules' ACLED sub-event when it is confident; without it, or when no model ships, the
    rules decide alone.
    """
    cats = {t.category for t in triggers if t.eventive}
    if not cats:
        return Coding(None, None, None, None)
    rule_cat, gtd_cat = _rule_categories(cats, context, _violent_texts(triggers))
    acled_cat = rule_cat
    if use_model and rule_cat is not None:
        acled_cat = _model_category(context, cats, rule_cat)
    # The GTD type stays the rules' (the model learnt ACLED snippets, not GTD's codebook).
    return _coding(triggers, acled_cat, gtd_cat, rule_cat)


def rule_view(triggers: list[Trigger], context: str) -> tuple[set[str], str | None]:
    """Return (eventive trigger categories, rule ACLED sub-event): the model's rule features."""
    cats = {t.category for t in triggers if t.eventive}
    if not cats:
        return cats, None
    acled_cat, _ = _rule_categories(cats, context, _violent_texts(triggers))
    return cats, CODES[acled_cat][2] if acled_cat else None


def _violent_texts(triggers: list[Trigger]) -> list[str]:
    return [t.text.lower() for t in triggers if t.eventive and t.category in VIOLENT]


def _rule_categories(cats: set[str], context: str,
                     violent_texts: list[str] | None = None) -> tuple[str | None, str | None]:
    """Return the (ACLED category, GTD category) the rules choose from trigger categories."""
    cats = set(cats)
    # The GTD category reads the violent triggers before the ACLED-only refinements below.
    gtd_cats = set(cats)
    if "disrupted" in gtd_cats and not (gtd_cats & {"suicide_bomb", "shelling", "air_strike"}):
        gtd_cats -= {"explosive", "grenade"}
    if ("protest_intervention" in cats and _PROTEST_CONTEXT.search(context) is None
            and _DISPERSAL.search(context) is None):
        # "activists were arrested" with no protest in sight: an arrest.
        cats.discard("protest_intervention")
        cats.add("arrest")
    if "arrest" in cats and not (cats & VIOLENT - {"attack"}) and _HARM.search(context) is None:
        # "arrested in a raid": for ACLED the raid is the arrest (GTD keeps its own reading).
        cats.discard("attack")
    if "disrupted" in cats and not (cats & {"suicide_bomb", "air_strike"}) and (
        _HARM.search(context) is None
    ):
        # A bomb that was defused or found is a disrupted weapon, not an explosion.
        cats -= {"explosive", "grenade", "shelling", "shooting", "attack"}
    elif "disrupted" in cats and not (cats & {"suicide_bomb", "shelling", "air_strike"}):
        cats -= {"explosive", "grenade"}
    protest_ctx = bool(cats & {"protest", "protest_intervention", "excessive_force"}) or (
        _PROTEST_CONTEXT.search(context) is not None
    )
    if not (protest_ctx and cats & {"protest", "protest_intervention"}) and not (
        _PROTEST_CONTEXT.search(context)
    ):
        # Fire on a crowd at a market is an attack: excessive force needs protesters.
        cats.discard("excessive_force")
    if protest_ctx and cats & {"shooting", "attack"} and _FIRE_ON_PROTESTERS.search(context):
        cats.add("excessive_force")
    if protest_ctx and cats & {"arson", "clash", "looting"} and "excessive_force" not in cats:
        cats.add("violent_demo")
    if (protest_ctx and "protest_intervention" in cats and "violent_demo" not in cats
            and (_DEATHS.search(context) or _SERIOUS_HURT.search(context))):
        # Protesters killed, shot or badly hurt by the forces that disperse them: excessive force.
        cats.add("excessive_force")
    if "regain" in cats and _non_state_retakes(context):
        cats.discard("regain")
        cats.add("overtake")
    if "protest" in cats and violent_texts and cats & {"attack", "shooting"} and not (
        cats & (VIOLENT - {"attack", "shooting"})
    ):
        about = " ".join(m.group(1).lower() for m in _PROTEST_ABOUT.finditer(context))
        if all(t in about for t in violent_texts):
            # The killing the protesters march over is not an event of this report.
            cats -= {"attack", "shooting"}
    acled_cat = next((c for c in _ACLED_ORDER if c in cats), None)
    if acled_cat in ("shooting", "attack", "clash") and "clash" in cats:
        acled_cat = "clash"
    elif (acled_cat in ("shooting", "attack") and _NON_STATE_SIDE.search(context)
          and _STATE_SIDE.search(context) and not _CIVILIANS.search(context)):
        # Armed on both sides: a battle. Civilians as targets: an attack.
        acled_cat = "clash"
    gtd_cats = _gtd_refine(gtd_cats, context, violent_texts or [])
    if "arson" in gtd_cats and gtd_cats <= {"arson", "attack"}:
        # "attackers set fire to the office": the generic attack word names the arson itself;
        # GTD codes fire set to a building or vehicle as a facility/infrastructure attack.
        gtd_cats = gtd_cats - {"attack"}
    gtd_cat = next((c for c in _GTD_ORDER if c in gtd_cats), None)
    if gtd_cat is None and "arson" in gtd_cats:
        gtd_cat = "arson"
    return acled_cat, gtd_cat


# GTD codebook refinements read from the incident's text.
# Hostages held where they were seized, with a siege or standoff: a barricade incident; the
# hostage words alone ("took diners hostage") do not make a kidnapping (taken elsewhere).
_BARRICADE_CUE = re.compile(
    r"\b(?:siege|besieged|barricaded|stand-?off|holed\s+up|held\s+(?:\w+\s+){0,3}?hostages?\s+"
    r"(?:in|inside|at)|ended\s+the\s+(?:siege|standoff|hostage)|stormed\s+the\s+(?:building|"
    r"premises|restaurant|hotel|school|theat(?:er|re)|supermarket|cafe|hall|mall)|"
    r"(?:freed|rescued|released)\s+(?:the\s+)?(?:remaining\s+)?hostages)\b", re.I)
_KIDNAP_WORD = re.compile(r"kidnap|abduct|disappear|captive|whisked|taken\s+away", re.I)
# GTD's Unarmed Assault: harm done "by any means other than explosive, firearm, incendiary, or
# sharp object": beatings with sticks, rods, stones or fists, lynchings.
_BLUNT = re.compile(
    r"\b(?:with\s+(?:[\w-]+\s+){0,2}?(?:sticks|rods|clubs|bats|batons|hammers|stones|bricks|"
    r"fists|belts|whips|cudgels|lathis|iron\s+bars|bare\s+hands)|beat(?:en|ing)?\s+(?:[\w-]+\s+)"
    r"{0,3}?(?:to\s+death|unconscious)|beat\s+up|beaten\s+up|lynch\w*|stoned\s+to\s+death|"
    r"clubbed|bludgeon\w*|punched|kicked)\b", re.I)
_ARMED_MEANS = re.compile(
    r"\b(?:guns?|gunm[ae]n|gunfire|shot|shooting|firearms?|pistols?|rifles?|knives|knife|"
    r"machetes?|axes?|swords?|daggers?|blades?|acid|petrol|gasoline|bombs?|explosi\w+|"
    r"grenades?)\b", re.I)
_ARMED_CATS = frozenset(["shooting", "stabbing", "explosive", "grenade", "suicide_bomb",
                         "air_strike", "shelling", "chemical", "arson", "hijack", "kidnap",
                         "barricade", "assassination"])
# GTD's Assassination: an attack whose object is to kill a specific, prominent person, such as
# a political or religious leader, an official or a judge. News about one rarely says
# "assassinated"; it says who was shot.
_PROMINENT = (
    r"(?:mayors?|governors?|deputy\s+governors?|judges?|magistrates?|prosecutors?|ministers?|"
    r"senators?|lawmakers?|legislators?|parliamentarians?|(?:members?\s+of\s+parliament|mps?)"
    r"|(?:council|councill?or|provincial\s+council|city\s+council)\s+members?|"
    r"councill?ors?|councilm[ae]n|district\s+(?:chiefs?|governors?|heads?)|"
    r"(?:police|intelligence|security)\s+chiefs?|(?:tribal|village|community)\s+elders?|"
    r"(?:village|tribal|party|opposition|political|religious)\s+leaders?|clerics?|imams?|"
    r"(?:presidential|parliamentary|mayoral)\s+candidates?|candidates?\s+for|"
    r"attorney\s+general|chief\s+justice|vice\s+president|president)"
)
_KILLED_PROMINENT = re.compile(
    r"\b(?:shot\s+(?:and\s+killed|dead)|shot|killed|gunned\s+down|murdered|stabbed(?:\s+to\s+"
    r"death)?|targeted|opened\s+fire\s+on)\s+(?:a|an|the|two|three)\s+(?:[\w'-]+\s+){0,3}?"
    + _PROMINENT + r"\b|\b(?:a|an|the)\s+(?:[\w'-]+\s+){0,3}?" + _PROMINENT
    + r"(?:\s+[\w'-]+){0,6}?\s+(?:was|were)\s+(?:shot|killed|gunned\s+down|murdered|stabbed)",
    re.I,
)
# Attacks on people at large, where a killed official is one victim among many.
_MANY_VICTIMS = re.compile(
    r"\b(?:civilians|passengers|worshippers|shoppers|students|villagers|people|guests|"
    r"bystanders|passers-?by|customers|residents|pilgrims)\b", re.I)


def _gtd_refine(gtd_cats: set[str], context: str, violent_texts: list[str]) -> set[str]:
    """Return the GTD categories after the codebook's finer distinctions (see module doc)."""
    cats = set(gtd_cats)
    if "kidnap" in cats and "barricade" not in cats and _BARRICADE_CUE.search(context):
        cats.add("barricade")
    if ("kidnap" in cats and "barricade" in cats
            and not any(_KIDNAP_WORD.search(t) for t in violent_texts)):
        cats.discard("kidnap")
    if (cats & {"attack", "beating"} and not cats & _ARMED_CATS
            and (_BLUNT.search(context) or "beating" in cats)
            and _ARMED_MEANS.search(context) is None):
        cats.discard("attack")
        cats.add("beating")
    if (cats & {"shooting", "attack", "stabbing"}
            and not cats & (_ARMED_CATS - {"shooting", "stabbing"})
            and _KILLED_PROMINENT.search(context) and _MANY_VICTIMS.search(context) is None):
        cats.add("assassination")
    return cats


# The category that stands for each ACLED sub-event (the first in CODES with it).
_SUBTYPE_CATEGORY: dict[str, str] = {}
for _cat, (_gtd, _type, _sub) in CODES.items():
    _SUBTYPE_CATEGORY.setdefault(_sub, _cat)
_SUBTYPE_CATEGORY["Attack"] = "attack"
_SUBTYPE_CATEGORY["Looting/property destruction"] = "looting"
# Protest and riot sub-events are not terrorism: no GTD type, unless the text also reports an
# attack GTD types on its own evidence (a bomb, a kidnapping, an assassination).
_NO_GTD = frozenset(["violent_demo", "mob", "protest_intervention", "excessive_force", "protest"])
_STRONG_GTD = frozenset(
    ["assassination", "hijack", "kidnap", "barricade", "suicide_bomb", "explosive", "grenade",
     "air_strike", "shelling", "chemical"]
)
# The classifier may replace the rules' sub-event by one that a trigger of the incident attests
# (say "tear gas" and "clashed": intervention or violent demonstration) whenever it prefers it.
# A sub-event no trigger attests needs this probability, and this margin over the rules' label:
# the codebook's cues (a dispersal without violence by the protesters is an intervention) then
# hold on text unlike the training snippets. Cross-validated on CASE 2021 (grouped folds,
# scripts/train_type_model.py): 0.812 sub-event / 0.883 type; the model unchecked 0.822 / 0.886
# but it codes an ACLED-style "police dispersed them with tear gas" as a violent demonstration.
MODEL_THRESHOLD = 0.3
MODEL_MARGIN = 0.1


def choose_subtype(labels: tuple[str, ...], probs: Sequence[float], cats: set[str],
                   rule_sub: str) -> str:
    """Return the ACLED sub-event of an incident from the classifier's and the rules' views.

    `labels` / `probs` are the classifier's; `cats` the incident's eventive trigger categories;
    `rule_sub` the rules' sub-event. The classifier's best label wins when a trigger attests it,
    or when it is probable (MODEL_THRESHOLD) and ahead of the rules' label (MODEL_MARGIN).
    """
    best = max(range(len(labels)), key=lambda i: probs[i])
    label, prob = labels[best], float(probs[best])
    rule_prob = float(probs[labels.index(rule_sub)]) if rule_sub in labels else 0.0
    if label == rule_sub or label not in _SUBTYPE_CATEGORY:
        return rule_sub
    if any(CODES[c][2] == label for c in cats):
        return label
    if prob < MODEL_THRESHOLD or prob - rule_prob < MODEL_MARGIN:
        return rule_sub
    return label


def _model_category(context: str, cats: set[str], acled_cat: str) -> str:
    from tocsin.extract.typing_model import load_model, rule_features, text_features

    model = load_model()
    if model is None:
        return acled_cat
    rule_sub = CODES[acled_cat][2]
    probs = model.probabilities(text_features(context), rule_features(cats, rule_sub))
    label = choose_subtype(model.labels, [float(p) for p in probs], cats, rule_sub)
    if label == rule_sub:
        return acled_cat  # keep the rules (and their more specific category)
    # The trigger category that attests the label, else the label's standard category.
    return next((c for c in sorted(cats) if CODES[c][2] == label), _SUBTYPE_CATEGORY[label])


def _coding(triggers: list[Trigger], acled_cat: str | None, gtd_cat: str | None,
            rule_cat: str | None) -> Coding:
    gtd = CODES[gtd_cat][0] if gtd_cat else None
    if rule_cat in _NO_GTD and gtd_cat not in _STRONG_GTD:
        gtd = None  # riots, protests and developments are not terrorist attacks
    elif rule_cat in ("clash", "regain", "overtake") and not any(
        t.eventive and re.match(r"(?:attack|terroris|ambush|raid|assault|stormed)", t.text, re.I)
        for t in triggers
    ):
        gtd = None  # a battle between armed forces, not an attack
    if acled_cat is None:
        return Coding(gtd, None, None, None)
    _, acled_type, acled_sub = CODES[acled_cat]
    trigger = next((t for t in triggers if t.category == (gtd_cat or acled_cat) and t.eventive),
                   None) or next((t for t in triggers if t.eventive), None)
    return Coding(gtd, acled_type, acled_sub, trigger)


# --- GTD target and weapon types ---------------------------------------------------------------

GTD_TARGET_TYPES = (
    "Business", "Government (General)", "Police", "Military", "Abortion Related",
    "Airports & Aircraft", "Government (Diplomatic)", "Educational Institution",
    "Food or Water Supply", "Journalists & Media", "Maritime", "NGO", "Other",
    "Private Citizens & Property", "Religious Figures/Institutions", "Telecommunication",
    "Terrorists/Non-State Militia", "Tourists", "Transportation", "Unknown", "Utilities",
    "Violent Political Party",
)
GTD_WEAPON_TYPES = (
    "Biological", "Chemical", "Radiological", "Nuclear", "Firearms", "Explosives",
    "Fake Weapons", "Incendiary", "Melee",
    "Vehicle (not to include vehicle-borne explosives, i.e., car or truck bombs)",
    "Sabotage Equipment", "Other", "Unknown",
)

_TARGET_LEXICON: list[tuple[str, str, str]] = [
    # (pattern, gtd target type, kind)
    (r"police\w*|policem[ae]n|officers?|constables?|national\s+guard\w*|treasury\s+police|"
     r"patrolm[ae]n|police\s+(?:station|post|headquarters)", "Police", "people"),
    (r"soldiers?|troops|army|military|battalion|servicem[ae]n|marines|garrison|barracks|"
     r"military\s+(?:base|post|convoy|vehicle)|checkpoint", "Military", "people"),
    (r"embassy|embassies|consulate|diplomats?|ambassadors?", "Government (Diplomatic)", "people"),
    (r"mayors?|ministers?|judges?|magistrates?|governors?|officials?|politicians?|senators?|"
     r"deputies|deputy|legislators?|lawmakers?|councillors?|president|candidates?|"
     r"government\s+(?:building|office)s?|city\s+hall|town\s+hall|courthouse|parliament",
     "Government (General)", "people"),
    (r"journalists?|reporters?|newspapers?|radio\s+station|television\s+station|tv\s+station|"
     r"media", "Journalists & Media", "people"),
    (r"priests?|churches|church|mosques?|temples?|synagogues?|nuns?|bishops?|archbishops?|"
     r"jesuits?|clergy|worshippers|pastor", "Religious Figures/Institutions", "people"),
    (r"schools?|universit(?:y|ies)|students?|teachers?|professors?|college",
     "Educational Institution", "people"),
    (r"buses|bus|trains?|railway|bridges?|highways?|roads?|vehicles?|trucks?|cars?\b|taxis?|"
     r"stations?", "Transportation", "property"),
    (r"airports?|aircraft|airplanes?|planes?|airliners?|helicopters?", "Airports & Aircraft",
     "property"),
    (r"power\s+(?:lines?|plant|station|pylons?|towers?)|pylons?|electric\w*\s+(?:towers?|"
     r"substations?|installations?|company)|substations?|pipelines?|dams?|oil\s+\w+|"
     r"energy\s+towers?|high[\s-]tension", "Utilities", "property"),
    (r"telephone\w*|telecommunication\w*|antennas?|relay\s+stations?|communications?\s+towers?",
     "Telecommunication", "property"),
    (r"water\s+(?:supply|plant|pipes?)|food", "Food or Water Supply", "property"),
    (r"tourists?|hotels?", "Tourists", "people"),
    (r"ships?|vessels?|boats?|ports?\b|tankers?", "Maritime", "property"),
    (r"banks?|businesses|business|stores?|shops?|factor(?:y|ies)|compan(?:y|ies)|offices?|"
     r"restaurants?|markets?|malls?|businessm[ae]n|executives?|farms?|plantations?|bars?\b",
     "Business", "property"),
    (r"aid\s+workers?|red\s+cross|ngos?|charity|humanitarian", "NGO", "people"),
    (r"militants?|rebels?|guerrill?as?|insurgents?|fighters|militia\w*",
     "Terrorists/Non-State Militia", "people"),
    (r"concert\s+halls?|theat(?:er|re)s?|nightclubs?|cinemas?|stadiums?",
     "Private Citizens & Property", "property"),
    # Gatherings of private people: GTD codes the guests of a wedding or the mourners of a
    # funeral as Private Citizens & Property.
    (r"wedding(?:\s+(?:party|parties|guests|ceremony|procession|celebrations?))?|funerals?|"
     r"mourners|gatherings?|ceremon(?:y|ies)|processions?|pilgrims?|guests|festival\w*|"
     r"crowds?|congregations?", "Private Citizens & Property", "people"),
    (r"civilians?|peasants?|people|persons?|villagers?|residents?|passers?-?by|bystanders?|"
     r"children|women|men\b|man\b|woman|family|families|houses?|homes?|residences?|"
     r"concert-?goers|shoppers|worshippers|victims?|workers?|farmers?|crowd",
     "Private Citizens & Property", "people"),
]

_WEAPON_LEXICON: list[tuple[str, str]] = [
    (r"(?:car|truck|vehicle)[\s-]+bombs?", "Explosives"),
    (r"(?:m-?16|ak-?47|ar-?15|fal|galil|uzi)(?:\s+(?:rifles?|assault\s+rifles?))?|"
     r"(?:assault\s+|automatic\s+|hunting\s+)?rifles?|machine[\s-]?guns?|sub-?machine\s+guns?|"
     r"pistols?|handguns?|revolvers?|shotguns?|firearms?|guns?\b|bullets?|gunfire",
     "Firearms"),
    (r"(?:hand\s+)?grenades?|rocket-propelled\s+grenades?|rpgs?\b|mortars?|rockets?|missiles?|"
     r"dynamite|explosives?|bombs?|i\.?e\.?d\.?s?\b|improvised\s+explosive\s+devices?|"
     r"explosive\s+devices?|land[\s-]?mines?|mines\b|tnt|c-?4|suicide\s+vests?|"
     r"explosive\s+belts?|artillery|shells\b", "Explosives"),
    (r"molotov\s+cocktails?|gasoline|petrol|incendiary\s+(?:devices?|bombs?)|firebombs?|fire\b",
     "Incendiary"),
    (r"knives|knife|machetes?|axes?|swords?|daggers?|clubs?|(?:iron|wooden|metal)\s+"
     r"(?:sticks|rods|bars|pipes)|sticks|rods|batons?|hammers?|stones|rocks|bricks|bats?\b|"
     r"fists", "Melee"),
    (r"sarin|chlorine|mustard\s+gas|nerve\s+agents?|poison\w*|acid|toxic\s+gas", "Chemical"),
    (r"anthrax|ricin", "Biological"),
]


@lru_cache(maxsize=1)
def _target_re() -> list[tuple[re.Pattern[str], str, str]]:
    return [(re.compile(rf"\b(?:{p})\b", re.I), t, k) for p, t, k in _TARGET_LEXICON]


@lru_cache(maxsize=1)
def _weapon_re() -> re.Pattern[str]:
    parts = [f"(?P<w{i}>{p})" for i, (p, _) in enumerate(_WEAPON_LEXICON)]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.I)


def target_type(text: str) -> tuple[str, str] | None:
    """Return (GTD target type, kind) for a target description such as "police patrol"."""
    for pattern, gtd, kind in _target_re():
        if pattern.search(text):
            return gtd, kind
    return None


def find_weapons(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Return (start, end, GTD weapon type) for each weapon word in `text[start:end]`."""
    end = len(text) if end is None else end
    out = []
    for m in _weapon_re().finditer(text, start, end):
        idx = int((m.lastgroup or "w0")[1:])
        out.append((m.start(), m.end(), _WEAPON_LEXICON[idx][1]))
    return out
