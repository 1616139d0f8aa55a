"""How people learn here, what hinders it, where what is said and what is done part ways, and the
balance of evidence per building block of the leercultuurscan."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .evidence import Evidence, finding, frame_of, plain, practice, rows_matching
from .history import _labels
from .text import say

#: a sentence is about learning when it says so, or is coded with a learning form
_ABOUT_LEARNING = {
    "nl": re.compile(r"\b(?:leer\w*|geleerd|vak\b|vakkennis|uitleg\w*|uitgelegd|inwerk\w*|meester|leerling|begeleid\w*|"
                     r"onder\s+de\s+knie|oppik\w*|opgepikt|kunst\s+afkijken|aanleren|aangeleerd|snappen|doorkrijgen)", re.I),
    "en": re.compile(r"\b(?:learn\w*|taught|teach\w*|picked\s+(?:it\s+)?up|pick\s+up|explain\w*|show(?:ed|n)?\s+me|"
                     r"trained|training|mentor\w*|apprentice\w*|the\s+ropes|got\s+the\s+hang)\b", re.I),
}
#: the forms of learning a coach asks about, by their words
FORMS = {
    "nl": {"watching": r"\b(?:mee)?kijk\w*|\bkeek\b|\bgekeken\b|\bafkijk\w*|\bafgekeken\b|\bnadoen\b|\bnadeed\b|\bna\s+te\s+doen\b|"
                       r"(?<!niet\s)\bzien\s+hoe\b|\bzag\s+hoe\b",
           "walking": r"\bmeeloop\w*|\bmeelopen\b|\bmeeliep\b|\bmeegelopen\b|\bmeedraai\w*|\bnaast\s+(?:iemand|een|hem|haar|de|mij|me)\b"
                      r"|\bzij\s+aan\s+zij\b|\bbuddy\b|\bschaduw\w*",
           # "ik probeer het uit te leggen" is no trying out: the word alone does not say learning by doing
           "trying": r"\buitprobe?er\w*|\bzelf\s+(?:proberen|doen|uitzoeken|uitvogelen)\b|\bvallen\s+en\s+opstaan\b|"
                     r"\bfouten\s+(?:maken|gemaakt)\b|\bgewoon\s+(?:doen|proberen)\b|\bdoende(?:weg)?\b|\bal\s+doende\b|"
                     r"\bproberen\s+en\b|\bprobeer(?:de)?\s+(?:maar|gewoon|het\s+gewoon)\b",
           "asking": r"\bvra(?:a)?g\w*\b|\bvroeg\b|\bgevraagd\b",
           "training": r"\bcursus\w*|\btraining\w*|\bopleiding\w*|\be-learning\b|\bworkshop\w*|\bschool\w*|\bklas\w*|\binstructie\w*"},
    "en": {"watching": r"\bwatch\w*|\bobserv\w*|\bcopy\w*|\bsaw\s+how\b|\bsee\s+how\b",
           "walking": r"\bshadow\w*|\balongside\b|\bnext\s+to\s+(?:someone|him|her|me)\b|\bbuddy\w*|\bwalk(?:ed)?\s+(?:me\s+)?through\b",
           "trying": r"\b(?:try|tries|tried|trying)\s+(?:it|things|stuff)\s+out\b|\btrial\s+and\s+error\b|\bby\s+doing\b|"
                     r"\b(?:from|by\s+making)\s+(?:my\s+|our\s+)?mistakes\b|\bfigur\w*\s+(?:it\s+)?out\b",
           "asking": r"\bask\w*",
           "training": r"(?<!\bof\s)\bcourses?\b|\btraining\b|\be-learning\b|\bworkshops?\b|\bclass(?:es|room)?\b|\bcollege\b"},
}
#: a form's words that as often tell of something else, and count on a coded sentence only beside
#: a word of learning ("school" of one's children)
_SAID_OF_OTHER_THINGS = {"training": r"\bschool\w*|\bklas\w*|\bclass(?:es|room)?\b|\bcollege\b"}
#: codes that tell the same forms
FORM_CODES = {"watching": ["leervormen/leren_van_anderen"], "walking": ["leervormen/leren_van_anderen"],
              "trying": ["leervormen/leren_door_ervaring", "leervormen/kolb_experimenteren"],
              "asking": [], "training": ["leervormen/formeel_leren", "leervormen/leren_door_training"]}
#: know-how that cannot be told: "dat is niet uit te leggen", "kun je niet opschrijven" (not "dan
#: hoefde ik het niet uit te leggen": there was no need to explain)
_CANNOT = (r"(?:is|valt|kun\w*|kan|krijg\w*)\s+(?:\w+\s+){0,3}?niet\s+(?:uit\s+te\s+leggen|uitleggen|op\s+te\s+schrijven|"
           r"opschrijven|op\s+papier\s+(?:te\s+)?(?:zetten|krijgen))")
#: "dat staat nergens", "staat nergens beschreven" (not "staat nergens in de planning": that is time)
_NOWHERE = r"staat\s+nergens(?:\s+(?:op\s+papier|beschreven|in\s+een\s+(?:boek|handleiding|map|instructie)))?(?=\s*[,.;:!?]|$)"
TACIT = {  # the senses at work ("dat voel je", "hoor je of het goed is"), not feelings ("ik voelde me thuis", "it felt like")
    # nor a hunch about people ("je voelt gewoon dat je niet moet storen")
    "nl": re.compile(rf"\b(?:voel(?!de\s+me\b|\s+me\b|\s+ik\s+me\b|\w*\s+(?:\w+\s+){{0,2}}?dat\s+(?:je|ik|we|ze|hij|zij|men)\b|\w*\s+(?:\w+\s+){{0,3}}?als\b)\w*|aanvoel\w*|op\s+gevoel|gevoel\s+voor|vingertoppengevoel|vakgevoel|ruik\w*|rook\s+je|geur\w*|hoor\s+je|"
                     r"(?:klinkt|klonk)\s+(?:raar|anders|vals|hol|niet\s+goed)|proef\w*|in\s+je\s+(?:vingers|handen)|"
                     r"zie\s+je\s+(?:het|meteen|gewoon|aan)|zie(?:t|n)?\s+het\s+"
                     rf"aan|uit\s+je\s+hoofd|niet\s+uit\s+een\s+boek|op\s+gevoel|ervaring\s+leert|{_CANNOT}|{_NOWHERE})", re.I),
    "en": re.compile(r"\b(?:feel\s+(?:it|when|whether|if|that)|by\s+feel|you\s+can\s+feel|smell\s+(?:it|when|whether|if)|"
                     r"by\s+ear|sounds?\s+(?:right|wrong|off)|in\s+your\s+(?:hands|fingers|bones)|you\s+just\s+know|"
                     r"not\s+from\s+a\s+book|gut\s+feeling|by\s+eye|can'?t\s+(?:explain|write\s+(?:it\s+)?down))\b", re.I),
}
#: what says outright that know-how is tacit: it cannot be explained or written down
TACIT_OUTRIGHT = {
    "nl": re.compile(rf"\b{_CANNOT}\b|\bin\s+je\s+(?:handen|vingers)\b|\bdat\s+voel\s+je\b", re.I),
    "en": re.compile(r"\bcan'?t\s+(?:explain|write|put\s+into\s+words)\b|\bnot\s+written\s+down\b|\bin\s+your\s+"
                     r"(?:hands|fingers)\b|\byou\s+just\s+(?:know|feel)\b", re.I),
}
TACIT_CODES = ["onderstroom/handelingskennis", "leervormen/impliciet_leren", "leervormen/procedureel_geheugen"]
HINDRANCES = {
    # "de teamleider doet het zelf, dat gaat sneller" is no time for teaching too
    "nl": {"time": r"\bgeen\s+tijd\b|\bte\s+druk\b|\bdrukte\b|\bgeen\s+ruimte\b|\bsneller\s+zelf\b|"
                   r"\bsneller\s+dan\s+(?:uit)?leggen\b|\b(?:doe|doet|deed)\s+(?:ik|hij|ze|zij)\s+het\s+(?:\w+\s+)?zelf\b|"
                   r"\bpakt?\s+(?:\w+\s+)?het\s+(?:dan\s+)?zelf\s+over\b|\b(?:als|wanneer)\s+het\s+druk\s+(?:is|was|wordt)\b|"
                   r"\bdruk\s+op\s+de\s+(?:lijn|vloer|afdeling|lijnen)\b|\bschiet\s+(?:\w+\s+)?erbij\s+in\b",
           # and not daring to bother anyone: "dan ga je niet storen", "ik wil hem niet ophouden"
           "fear": r"\bdurf\w*\s+(?:\w+\s+){0,3}?(?:niet|niks|nooit)\b|\bniet\s+(?:te\s+)?durven\b|\bbang\s+(?:om|dat|voor)\b|"
                   r"\bop\s+je\s+kop\b|\bafgerekend\b|\bschaam\w*|\bniet\s+(?:\w+\s+)?(?:storen|ophouden|lastigvallen)\b"},
    "en": {"time": r"\bno\s+time\b|\btoo\s+busy\b|\bquicker\s+to\s+do\s+it\s+(?:my|him|her)sel(?:f|ves)\b|\brush\w*\b",
           "fear": r"\b(?:afraid|scared|frightened)\b|\bdaren'?t\b|\bdon'?t\s+dare\b|\bblamed\b|\bembarrass\w*"},
}


def _widened(table: dict[str, re.Pattern], more: dict[str, str]) -> dict[str, re.Pattern]:
    """Each language's pattern of ``table`` with the alternatives of ``more`` added."""
    return {lang: re.compile(f"{pattern.pattern}|{more[lang]}", re.I) for lang, pattern in table.items()}


#: what a hindrance hinders, said nearby: learning, asking, explaining, showing, a buddy, mistakes
_LEARNING_ACT = _widened(_ABOUT_LEARNING, {
    "nl": r"\bvra(?:a)?g\w*|\bvroeg\b|\bgevraagd\b|\blaten\s+zien\b|\bnaast\s+(?:iemand|een|hem|haar)\b|\bbuddy\b|"
          r"\bfout\w*|\bmeelo\w*|\bcoach\w*",
    "en": r"\bask\w*|\bshow\w*|\bbuddy\b|\bmistakes?\b"})
#: which codes tell of each hindrance
HINDRANCE_CODES = {"time": ["intrapreneurship/geen_ruimte_tijd", "leercultuur/organisatie_ontwikkeling_hindert"],
                   "fear": ["vakmanschap/niet_durven", "leercultuur/ruimte_veiligheid_hindert", "intrapreneurship/fouten_bestraft"]}
#: the words that say what a building block is about: a quote for a block should say it in its own
#: words too, not only carry a code that maps onto the block (a rule strays on one word)
BLOCK_WORDS = {
    "nl": {"inhoud_werk": r"werk|taak|taken|afwisseling|afwisselend|saai|uitdaging|eentonig|routine|puzzel|zelfde",
           "ruimte_veiligheid": r"fout|fouten|proberen|durf|durven|veilig|afgerekend|schuld|melden|bang|straf|mag\b",
           "samenwerkend_leren": r"collega|samen|elkaar|team|overleg|helpen|hulp|vragen|uitleg|buddy",
           "leiderschap": r"leidinggevende|baas|chef|teamleider|directeur|manager|leiding|coach|stimuleer",
           "organisatie_ontwikkeling": r"tijd|budget|opleiding|cursus|planning|ruimte|rooster|uren|geld|training",
           "externe_omgeving": r"klant|leverancier|sector|school|beurs|extern|andere\s+bedrijven|branche|netwerk"},
    "en": {"inhoud_werk": r"work|task|variety|boring|challenge|routine|monotonous",
           "ruimte_veiligheid": r"mistake|error|try|dare|safe|blame|report|afraid|punish",
           "samenwerkend_leren": r"colleague|together|each\s+other|team|help|ask|explain|buddy",
           "leiderschap": r"manager|boss|supervisor|director|lead|coach|encourag",
           "organisatie_ontwikkeling": r"time|budget|training|course|planning|rota|hours|money",
           "externe_omgeving": r"customer|client|supplier|sector|school|fair|external|network"},
}
TECHNOLOGY_CODES = ["technologie/leren_nieuwe_techniek", "technologie/gebrekkige_begeleiding",
                    "technologie/technology_push", "technologie/mensgericht_invoeren", "technologie/omarmen_toe_eigenen"]
#: machines and systems a roll-out brings
TECHNOLOGY_WORDS = {
    # not "e-learning" (how a roll-out is taught, see ROLL_OUT) nor "een app" (any app one might want)
    "nl": re.compile(r"\b(?:systeem|systemen|machine\w*|(?<!een\s)apps?\b|tablets?|software|computer\w*|programma\w*|"
                     r"robot\w*|scherm\w*|installatie\w*|besturing\w*|op\s+afstand|digitale?|automatisch\w*|"
                     r"scanner\w*|sensor\w*|(?:sorteer|productie|inpak|verpakkings|assemblage|montage|vul|bottel|snij|pers|lak)"
                     r"(?:straat|lijn)(?:en)?\b|(?:nieuwe|die|deze)\s+lijn\b)", re.I),
    "en": re.compile(r"\b(?:system|systems|machine\w*|(?<!an\s)apps?|tablets?|software|computers?|program\w*|robot\w*|"
                     r"screens?|line|installation|remote|digital|automat\w*)\b", re.I),
}
#: how a roll-out is told: the machine or system, or how it came and was taught
ROLL_OUT = _widened(TECHNOLOGY_WORDS, {
    "nl": r"\b(?:leverancier\w*|key-?users?|superuser\w*|sleutelgebruiker\w*|helpdesk|ingevoerd|invoering|uitgerold|"
          r"geïnstalleerd|overgestapt|fabrikant|e-learning\w*|handleiding\w*|instructiekaart\w*|trainingsplan\w*)",
    "en": r"\b(?:supplier|vendor|key\s+users?|super-?users?|helpdesk|rolled\s+out|roll-?out|installed|introduced|"
          r"manufacturer|e-learning|manual)"})
#: a question after how a machine came or was learned ("Hoe heb je daarmee leren werken?")
ASKS_ROLL_OUT = {
    "nl": re.compile(r"\b(?:leren|geleerd|leerde|onder\s+de\s+knie|wennen|gewend|training|getraind|cursus|ingevoerd|"
                     r"invoering|gekomen|kwam|kregen|gekregen)\b", re.I),
    "en": re.compile(r"\b(?:learn\w*|get\s+used|training|trained|course|introduced|roll\w*\s+out|came\s+in|arrived|got)\b",
                     re.I),
}
BLOCKS = ("inhoud_werk", "ruimte_veiligheid", "samenwerkend_leren", "leiderschap", "organisatie_ontwikkeling",
          "externe_omgeving")


def learning(evidence: Evidence, *, min_people: int = 2, quotes: int = 3) -> pd.DataFrame:
    """How people learn here (watching, walking along, trying, asking, training: sentences about
    learning with those words or codes), the know-how that is not in a book (tacit knowledge),
    and what hinders learning (no time, not daring), each with who and by which role."""
    ev = evidence
    lang = ev.lang if ev.lang in FORMS else "nl"
    s = ev.sentences
    rows = []
    for form, told in learning_sentences(ev).items():
        words = FORMS[lang][form]
        if told["pseudonym"].nunique() < min_people:
            continue
        strength = ev.strength(told)
        label = say(ev.out, f"form_{form}")
        rows.append(finding(ev.out, "learning", len(rows) + 1, label,
                            say(ev.out, "learning_statement", form=label, n=strength["n_people"], roles=", ".join(strength["roles"])),
                            strength, ev.representative(told, quotes, side=form),
                            say(ev.out, "learning_evidence", n=len(told), words=_words_of(words)),
                            details=dict(form=form, by_role=told.groupby("role")["pseudonym"].nunique().to_dict())))
    tacit = pd.concat([rows_matching(s, TACIT[lang]),
                       plain(ev.coded(TACIT_CODES))]).drop_duplicates("seg_id")
    tacit = rows_matching(tacit, TACIT[lang])  # a code alone is too broad here
    if tacit["pseudonym"].nunique() >= min_people:
        strength = ev.strength(tacit)
        rows.append(finding(ev.out, "learning", len(rows) + 1, say(ev.out, "theme_tacit"),
                            say(ev.out, "tacit_statement", n=strength["n_people"], roles=", ".join(strength["roles"])),
                            strength, ev.representative(tacit, quotes, side="tacit", prefer=TACIT_OUTRIGHT[lang]),
                            say(ev.out, "tacit_evidence", n=len(tacit)), details=dict(form="tacit")))
    # how new technology was learned (a roll-out is where informal learning shows)
    coded = ev.coded(TECHNOLOGY_CODES)
    coded = practice(coded)
    # "de tablets leerde ik van ...", or how one learned, answering how the machine came or was learned
    about_learning = rows_matching(s, _ABOUT_LEARNING[lang])
    told = rows_matching(about_learning, TECHNOLOGY_WORDS[lang])
    answered = about_learning.loc[np.array([bool(TECHNOLOGY_WORDS[lang].search(q) and ASKS_ROLL_OUT[lang].search(q))
                                            for q in about_learning["question"]], dtype=bool)]
    tech = pd.concat([plain(coded), told, answered]).drop_duplicates("seg_id")
    if tech["pseudonym"].nunique() >= min_people:
        strength = ev.strength(tech)
        # a sure technology coding that names the machine or how it came is the best evidence; a
        # sentence that only has a learning word and a machine word ("een app") comes after
        shown = ev.representative(plain(ev.sure(coded)), quotes, side="technology", require=ROLL_OUT[lang]) \
            or ev.representative(told, quotes, side="technology") \
            or ev.representative(answered, quotes, side="technology")  # a reader sees the answer, not the question
        rows.append(finding(ev.out, "learning", len(rows) + 1, say(ev.out, "theme_technology"),
                            say(ev.out, "technology_statement", n=strength["n_people"]), strength, shown,
                            say(ev.out, "technology_evidence", n=len(tech)), details=dict(form="technology")))
    for what, words in HINDRANCES[lang].items():
        pattern = re.compile(words, re.I)
        found = pd.concat([rows_matching(s, pattern),
                           plain(ev.coded(HINDRANCE_CODES[what]))]
                          ).drop_duplicates("seg_id")
        found = rows_matching(found, pattern)
        if found["pseudonym"].nunique() < min_people:
            continue
        strength = ev.strength(found)
        label = say(ev.out, f"hinder_{what}")
        rows.append(finding(ev.out, "learning", len(rows) + 1, label,
                            say(ev.out, "hindrance_statement", what=label, n=strength["n_people"],
                                roles=", ".join(strength["roles"])),
                            strength, ev.representative(found, quotes, side="hinders", require=_LEARNING_ACT[lang]),
                            say(ev.out, "hindrance_evidence", n=len(found)), details=dict(form=f"hindrance_{what}")))
    return frame_of(rows)


def learning_sentences(ev: Evidence) -> dict[str, pd.DataFrame]:
    """{form: the sentences that tell of learning that way}: sentences about learning with the
    form's words, and sentences with the form's codes and words."""
    if "learning_sentences" in ev._cache:  # learning() and generations() both ask
        return ev._cache["learning_sentences"]
    lang = ev.lang if ev.lang in FORMS else "nl"
    s = ev.sentences
    about = rows_matching(s, _ABOUT_LEARNING[lang])
    out = {}
    for form, words in FORMS[lang].items():
        pattern = re.compile(words, re.I)
        by_words = rows_matching(about, pattern)
        by_code = rows_matching(ev.coded(FORM_CODES[form]), pattern)
        if form in _SAID_OF_OTHER_THINGS:  # "toen mijn jongste naar school ging" is no training
            other = re.compile(_SAID_OF_OTHER_THINGS[form], re.I)
            by_code = by_code.loc[np.array([bool(_ABOUT_LEARNING[lang].search(t) or pattern.search(other.sub(" ", t)))
                                            for t in by_code["text"]], dtype=bool)]
        out[form] = pd.concat([by_words, plain(by_code)]).drop_duplicates("seg_id")
    ev._cache["learning_sentences"] = out
    return out


def _words_of(pattern: str) -> str:
    words = re.findall(r"\\b([a-zà-ÿ-]{3,})", pattern)
    return ", ".join(f"‘{w}’" for w in list(dict.fromkeys(words))[:4])


#: staff telling what is claimed and, in the same breath, otherwise: "Ze zeggen hier dat je fouten mag
#: maken, maar als je het meldt, sta je op maandag op de tv", "Officieel is het no-blame, maar ..."
CLAIMED_BUT = {
    "nl": re.compile(r"\b(?:ze\s+zeggen|zeggen\s+ze|wordt\s+(?:er\s+)?gezegd|officieel|op\s+papier|op\s+de\s+muur|poster|"
                     r"(?:ze|die)\s+roepen|roepen\s+ze|in\s+(?:de|het|ons|onze)\s+(?:visie|beleid|kernwaarden))\b.{0,160}?"
                     r"\b(?:maar|alleen)\b", re.IGNORECASE),
    "en": re.compile(r"\b(?:they\s+say|we'?re\s+told|officially|on\s+paper|on\s+the\s+wall|poster|in\s+the\s+(?:vision|"
                     r"policy|values))\b.{0,160}?\b(?:but|only)\b", re.IGNORECASE),
}


def say_do_gaps(evidence: Evidence, *, min_people: int = 2, quotes: int = 3) -> pd.DataFrame:
    """Themes on which what is espoused (policy documents, managers, what people say ought to be)
    supports learning while staff tell of the opposite in practice: for each pair of codes that
    are each other's opposite (support / hinder), the espoused side of the supporting code against
    the lived side of the hindering one, both sides' quotes side by side (``side`` "espoused" or
    "lived"). Built on the coder's stance: an espoused coding is a claim, a lived one practice."""
    ev = evidence
    codes = ev.corpus.codes
    if codes.empty or ev.corpus.codings.empty:
        return frame_of([])
    labels = _labels(ev)
    pairs = [(c, o) for c, d, o in zip(codes["code_id"], codes["direction"], codes["opposite_id"])
             if d == "supports" and isinstance(o, str) and o in set(codes["code_id"])]
    contrasted = ev.matching(CLAIMED_BUT["en" if ev.lang == "en" else "nl"])
    contrasted = contrasted[~contrasted["management"]]
    rows, shown = [], set()  # shown: the lived quotes of the gaps so far
    block_of = codes.set_index("code_id")["maps_to"]
    for support, hinder in pairs:
        block = block_of.get(support)
        says = re.compile(rf"\b(?:{BLOCK_WORDS['en' if ev.lang == 'en' else 'nl'][block]})", re.I) \
            if block in BLOCKS else None
        # what staff say is claimed, and then otherwise, on the theme: the lived side, whatever its coding
        told_otherwise = rows_matching(contrasted, says) if says is not None else contrasted.head(0)
        said_docs = ev.coded([support], written=True)
        said_people = ev.coded([support])
        said_people = said_people[((said_people["stance"] == "espoused") | said_people["management"])
                                  & ~said_people["seg_id"].isin(told_otherwise["seg_id"])]
        lived = ev.coded([hinder])
        lived = lived[lived["stance"].isin(("lived", "reported")) & ~lived["management"]]
        lived = pd.concat([lived, told_otherwise]).drop_duplicates("seg_id")
        sure_lived = pd.concat([ev.sure(lived[lived["origin"].notna()]), told_otherwise]).drop_duplicates("seg_id")
        if not (len(said_docs) or len(said_people)) or lived["pseudonym"].nunique() < min_people:
            continue
        espoused = pd.concat([said_docs, said_people]).drop_duplicates("seg_id")
        # a policy text's sentences are the espoused side by what they are; people's need a sure coding
        quoted = pd.concat([ev.sure(said_docs) if len(ev.sure(said_docs)) else said_docs, ev.sure(said_people)]
                           ).drop_duplicates("seg_id")
        if sure_lived.empty or quoted.empty:
            continue  # a gap told only by the rules' unsure codings is no finding to show
        sides = []
        if len(said_docs):
            sides.append(say(ev.out, "gap_espoused_docs"))
        managers = said_people.loc[said_people["management"], "pseudonym"].nunique()
        if managers:
            sides.append(say(ev.out, "gap_espoused_people", n=managers))
        if len(said_people) and not managers:
            sides.append(say(ev.out, "gap_espoused_speech"))
        strength = ev.strength(pd.concat([lived, said_people]))
        theme = labels.get(support, support)
        statement = say(ev.out, "gap_statement", theme=theme, espoused=" en ".join(sides) if ev.out == "nl" else
                        " and ".join(sides), lived=labels.get(hinder, hinder).lower(), n=lived["pseudonym"].nunique())
        lived_quotes = ev.representative(sure_lived, quotes, side="lived", prefer=says, require=says)
        if not lived_quotes:
            continue  # no staff sentence says it in the theme's own words: a rule's stray hit
        if {(q["doc_id"], q["start"]) for q in lived_quotes} <= shown:
            continue  # two codes of one theme ("fouten mogen" and "ruimte en veiligheid"): one gap
        shown |= {(q["doc_id"], q["start"]) for q in lived_quotes}
        said_quotes = _espoused_quotes(ev, quoted, quotes, says)
        if not said_quotes:
            continue  # nothing espoused says it in the theme's words
        chosen = said_quotes + lived_quotes
        rows.append(finding(ev.out, "say_do", len(rows) + 1, theme, statement, strength, chosen,
                            say(ev.out, "gap_evidence", espoused=len(espoused), lived=len(lived),
                                codes=f"{support} / {hinder}"),
                            details=dict(support=support, hinder=hinder, espoused=len(espoused), lived=len(lived),
                                         block=block, lived_people=int(lived["pseudonym"].nunique()))))
    return frame_of(rows)


def _espoused_quotes(ev: Evidence, espoused: pd.DataFrame, k: int, says: re.Pattern | None = None) -> list[dict]:
    """What is espoused, in the theme's words (``says``); a policy text has no speaker: its quotes
    name the document."""
    out = ev.representative(espoused, k, side="espoused", prefer=says, require=says)
    for q in out:
        if not isinstance(q.get("pseudonym"), str):
            q["pseudonym"] = q.get("title") or ""
    return out


def block_sides(ev: Evidence, block: str) -> dict[str, pd.DataFrame]:
    """{"supports": sentences, "hinders": sentences} coded in practice with the codes that map
    onto a building block, each sentence once a side."""
    codes = ev.corpus.codes
    mapped = codes[codes["maps_to"] == block]
    return {direction: practice(ev.coded(mapped.loc[mapped["direction"] == direction, "code_id"])).drop_duplicates("seg_id")
            for direction in ("supports", "hinders")}


def building_blocks(evidence: Evidence, *, quotes: int = 2) -> pd.DataFrame:
    """Per building block of the leercultuurscan: the supporting and hindering evidence (codes of
    the block and every code that maps onto it, ``maps_to``), by role, with the best quotes each
    way, shaped so a scan score can sit beside it (``details``: supports, hinders, share_supporting,
    by_role {role: {"supports": n, "hinders": n}})."""
    ev = evidence
    if ev.corpus.codes.empty or ev.corpus.codings.empty:
        return frame_of([])
    lang = ev.lang
    labels = _labels(ev)
    rows = []
    for block in BLOCKS:
        sides = block_sides(ev, block)
        both = pd.concat(sides.values())
        if both.empty:
            continue
        n_sup, n_hin = len(sides["supports"]), len(sides["hinders"])
        share = n_sup / (n_sup + n_hin)
        balance = "block_balance_support" if share >= 0.65 else "block_balance_hinder" if share <= 0.35 else \
            "block_balance_mixed"
        by_role = {role: {d: int((sides[d]["role"] == role).sum()) for d in sides} for role in sorted(both["role"].dropna().unique())}
        strength = ev.strength(both)
        label = labels.get(f"leercultuur/{block}", block)
        says = re.compile(rf"\b(?:{BLOCK_WORDS['en' if lang == 'en' else 'nl'][block]})", re.I)
        # the balance counts every coding; a quote must also say it in the block's words (a report
        # shows no block whose evidence no sentence says outright)
        shown = ev.representative(ev.sure(sides["supports"]), quotes, "supports", prefer=says, require=says) \
            + ev.representative(ev.sure(sides["hinders"]), quotes, "hinders", prefer=says, require=says)
        rows.append(finding(ev.out, "block", len(rows) + 1, label,
                            say(ev.out, "block_statement", block=label, supports=n_sup, hinders=n_hin,
                                n=strength["n_people"], balance=say(ev.out, balance)),
                            strength, shown,
                            say(ev.out, "block_evidence"),
                            details=dict(block=block, supports=n_sup, hinders=n_hin, share_supporting=round(share, 2),
                                         by_role=by_role, support_people=int(sides["supports"]["pseudonym"].nunique()),
                                         hinder_people=int(sides["hinders"]["pseudonym"].nunique()))))
    return frame_of(rows)
