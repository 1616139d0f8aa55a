"""User-facing report text: Dutch by default, English available."""
from __future__ import annotations

LANGUAGES = ("nl", "en")

TEXT = {
    "nl": {
        "summary": "Samenvatting",
        "summary_lead": ("Dit verslag beschrijft de onderstroom van het leren bij {organisation}: wat mensen als goed werk "
                         "zien, welke voorvallen ze zich herinneren, waar zeggen en doen uiteenlopen en hoe er echt "
                         "geleerd wordt. Het rust op {conversations} gesprekken met {people} mensen. Bij elke bevinding "
                         "staat op hoeveel mensen ze rust en een letterlijk citaat."),
        "summary_none": "Er zijn geen bevindingen die door twee of meer mensen worden gedeeld.",
        "scan": "De leercultuurscan naast de onderstroom",
        "scan_none": "Voor deze casus zijn geen scanscores aangeleverd (scan/responses.csv); de onderstroom staat hier op zichzelf.",
        "scan_lead": ("{organisation}: {n} medewerkers vulden de scan in. Per bouwsteen staat de gemiddelde score (1–5) naast "
                      "die van {others} andere organisaties, en naast wat mensen in de gesprekken vertellen. Waar die twee "
                      "uiteenlopen, staat een signaal met de citaten waar het op rust."),
        "scan_illustrative": ("Let op: de verdeling van de vragen over de bouwstenen is illustratief (de officiële indeling en "
                              "normen zijn niet openbaar); vergelijk deze scores niet met de officiële benchmark."),
        "fig_scan": "Scores per bouwsteen: deze organisatie (punt) tussen de andere organisaties (grijs)",
        "fig_scan_caption": ("Elke grijze streep is een andere organisatie; de doos loopt van het 25e tot het 75e percentiel. "
                             "Groepen kleiner dan {min_size} mensen zijn weggelaten."),
        "scan_table": "Scan en onderstroom per bouwsteen",
        "col_block": "Bouwsteen", "col_score": "Score", "col_percentile": "Percentiel", "col_told": "In de gesprekken",
        "col_signal": "Signaal",
        "told_balance": "{supports} steunend, {hinders} hinderend",
        "told_none": "niet besproken",
        "signal_scan_higher": "scan positiever",
        "signal_scan_lower": "scan negatiever",
        "divergence_scan_higher": ("{block}: de scan scoort hoog ({mean}; percentiel {percentile}), maar in de gesprekken vertellen "
                                   "{n} mensen vooral wat het leren hier hindert{gaps_text}."),
        "divergence_scan_lower": ("{block}: de scan scoort laag ({mean}; percentiel {percentile}), maar {n} mensen vertellen in de "
                                  "gesprekken vooral wat het leren hier steunt."),
        "advice_scan_higher": "Neem de hoge score niet voor waar aan: bespreek eerst wat mensen vertellen.",
        "advice_scan_lower": "De score is lager dan de verhalen: vraag wat mensen bij het invullen voor ogen hadden.",
        "advice_stories_hinder": "In de gesprekken overheerst wat het leren hier hindert.",
        "scan_signals": "Waar scan en onderstroom uiteenlopen",
        "scan_no_signals": "Scan en gesprekken wijzen per bouwsteen dezelfde kant op; er is geen signaal van uiteenlopen.",
        "scan_advice": "Advies per bouwsteen",
        "scan_reliability": "Betrouwbaarheid van de scan",
        "scan_reliability_lead": ("Per bouwsteen: het aantal invullers met een score, Cronbachs α, McDonalds ω (één factor), "
                                  "het aandeel ontbrekende antwoorden en de ICC's over alle organisaties (ICC(1): hoeveel "
                                  "van de verschillen tussen mensen tussen organisaties ligt; ICC(2): hoe betrouwbaar een "
                                  "organisatiegemiddelde is)."),
        "col_missing": "% ontbrekend",
        "scan_weak_items": "Vragen die weinig samenhangen met de rest van hun bouwsteen (item-rest-correlatie onder 0,30): {items}.",
        "scan_too_few": ("Met {n} ingevulde scans is de groep kleiner dan {min_size}: om de privacy van de invullers te "
                         "beschermen staan hier geen scores."),
        "kind_value": "Impliciete waarden: wat hier goed werk is",
        "kind_incident": "Voorvallen die men zich herinnert",
        "kind_say_do": "Zeggen en doen",
        "kind_generation": "Generaties en tradities",
        "kind_learning": "Hoe hier geleerd wordt",
        "kind_block": "De bouwstenen van de leercultuur",
        "kind_life": "Gebeurtenissen uit de levensverhalen",
        "lead_life": "De gedateerde gebeurtenissen uit de levensverhalen; elk levensverhaal is dat van één persoon.",
        "side_life": "",
        "lead_value": "Uitspraken over hoe het hoort (‘bij ons…’, ‘dat noem ik geen…’) die twee of meer mensen delen, en wie er anders over denkt.",
        "lead_incident": "Gebeurtenissen die meerdere mensen vertellen, met ieders datering en wat het hen leerde.",
        "lead_say_do": "Wat beleid en leiding uitdragen tegenover wat medewerkers uit de praktijk vertellen.",
        "lead_generation": "Verschillen tussen wie hier al lang werkt en wie net binnen is, en wat wordt doorgegeven.",
        "lead_learning": "Hoe mensen hun vak leren, welke kennis niet in een boek staat en wat het leren hindert.",
        "lead_block": "Per bouwsteen van de leercultuurscan: steunende tegenover hinderende uitspraken, naar functie.",
        "strength": "Berust op {n} {people_word}: {roles}{generations}. Zekerheid: {confidence}.",
        "person": "persoon", "people": "mensen",
        "generations": "; geboren in de {generations}",
        "confidence_high": "hoog", "confidence_medium": "middel", "confidence_low": "laag (één persoon)",
        "side_holds": "", "side_contests": "anders denkend", "side_mention": "", "side_lesson": "wat het leerde",
        "side_espoused": "gezegd", "side_lived": "in de praktijk", "side_supports": "steunt", "side_hinders": "hindert",
        "said": "Wat gezegd wordt", "done": "Wat men in de praktijk vertelt",
        "each_dating": "Ieders datering", "who": "Wie", "dating": "Datering",
        "block_table": "Steunend en hinderend per functie", "col_supports": "Steunend", "col_hinders": "Hinderend",
        "passage": "fragment",
        "generic_manager": "leidinggevende", "generic_staff": "medewerker werkvloer", "policy": "beleidsstuk",
        "about_intake": ("Over dit verslag: de bevindingen zijn automatisch uit de gesprekken gehaald en vormen een "
                         "startpunt voor het gesprek, geen eindoordeel. Namen zijn pseudoniemen; een functie die maar "
                         "één persoon heeft, staat er algemeen."),
        "title_intake": "Intakeverslag {name}",
        "about": "Over dit verslag",
        "appendix": "Bijlage",
        "methods": "Methode en betrouwbaarheid",
        "methods_lead": ("De gesprekken zijn ingelezen met behoud van de exacte tekst; elke zin, codering en elk citaat wijst "
                         "naar tekenposities in de brontekst. De codeboeken zijn automatisch toegepast met regels die "
                         "ontkenning, tegenstelling en ‘zoals het hoort’-spraak lezen; de bevindingen bundelen uitspraken "
                         "die twee of meer mensen delen."),
        "methods_codings": ("{auto} automatische coderingen en {human} coderingen door {coders} onderzoeker(s). "
                            "Automatische coderingen zijn een voorstel; alleen wat een onderzoeker bevestigde, geldt als "
                            "menselijk oordeel."),
        "codebooks_used": "Gebruikte codeboeken", "version": "Versie",
        "methods_limits": ("Grenzen: regels missen uitspraken die anders geformuleerd zijn en zien soms verbanden die er "
                           "niet zijn; dateringen van voorvallen kunnen aan het verkeerde voorval hangen; een bevinding is "
                           "zo sterk als het aantal mensen waarop ze rust. Lees de citaten."),
        "stamp": "Reproduceerbaarheid", "stamp_lead": "Met deze versies, dit zaadgetal en deze invoer komen dezelfde getallen terug.",
        "run_id": "Run", "seed": "Zaadgetal (topics)", "checksum": "SHA-256",
        "title": "Casusrapport {name}",
        "n_cases": "{n} casussen",
        "n_organisations": "{n} organisaties",
        "subtitle": "Onderstroom van het informeel leren — {organisation}",
        "generated": "Gemaakt met undercurrent {version} op {date}.",
        "case": "De casus",
        "organisation": "Organisatie", "sector": "Sector", "period": "Periode van de interviews",
        "no_description": "Geen beschrijving opgegeven in case.toml.",
        "participants": "Deelnemers",
        "participants_lead": "Alle namen zijn pseudoniemen.",
        "pseudonym": "Pseudoniem", "role": "Functie", "department": "Afdeling", "born": "Geboren",
        "since": "In dienst sinds", "kind": "Soort gesprek", "date": "Datum", "words": "Woorden",
        "turns": "Beurten", "share": "Aandeel", "words_per_turn": "Woorden per beurt",
        "documents": "Documenten", "document": "Document", "format": "Formaat",
        "corpus": "Het materiaal",
        "corpus_lead": ("{conversations} gesprekken met {turns} spreekbeurten en {words} woorden, "
                        "waarvan {respondent_words} woorden van respondenten. Transcriptietekens zoals "
                        "[lacht] en (...) tellen niet als woord."),
        "other_documents": "Overige documenten (beleid, veldnotities): {other_documents}, samen {other_document_words} woorden.",
        "by_speaker_role": "Woorden per sprekersrol", "by_job_role": "Respondenten naar functie",
        "by_document": "Documenten",
        "fig_words_by_role": "Woorden van respondenten per functie",
        "fig_words_by_role_caption": "Aantal woorden dat respondenten spraken, per functie; n = aantal deelnemers.",
        "participants_count": "Deelnemers",
        "openings": "Hoe de gesprekken beginnen",
        "openings_lead": "De eerste beurten van elk document, met de plaats in de brontekst (tekenposities).",
        "problems": "Aandachtspunten bij het inlezen",
        "interviewer": "Interviewer", "respondent": "Respondent", "other": "Anders",
        "interview": "interview", "life_history": "levensverhaal", "document_kind": "document",
        "field_note": "veldnotitie", "unknown": "(onbekend)",
        "chars": "tekens",
        "coding": "Wat de codeboeken vinden",
        "coding_lead": ("Gecodeerd met de codeboeken hieronder: de codes die onderzoekers zelf toekenden, en "
                        "automatische codes (regels op lemma's en woordvormen, per zin, met ontkenning, "
                        "tegenstelling en citaten van anderen meegewogen) vanaf een zekerheid van {threshold}. "
                        "Die zekerheid is gekalibreerd op een goudstandaard die los van de regels is gemaakt{measured}. "
                        "Telling: aantal gecodeerde zinnen en aantal deelnemers bij wie de code voorkomt. Bij elk "
                        "citaat staat of het van een onderzoeker of van de regels komt. Automatische codes zijn een "
                        "startpunt voor het lezen, geen eindoordeel."),
        "coding_measured": "; bij de laatste meting op ongeziene tekst was {precision} van zulke coderingen juist ({n} coderingen)",
        "by_rules": "regels, zekerheid {confidence}", "by_person": "gecodeerd door een onderzoeker",
        "der_explicit": "expliciet", "der_age": "leeftijd", "der_relative": "relatief",
        "der_named_period": "bekende periode", "der_anchored": "verankerd",
        "stance_espoused": "uitgedragen, niet per se gedaan", "stance_reported": "van horen zeggen",
        "codebook": "Codeboek", "code": "Code", "codings": "Gecodeerd", "participants_n": "Deelnemers",
        "direction": "Richting", "supports": "steunt leren", "hinders": "hindert leren",
        "fig_code_role": "{codebook}: automatisch gecodeerde zinnen per deelnemer, per code en functie.",
        "fig_code_role_human": "{codebook}: door onderzoekers gecodeerde passages per deelnemer, per code en functie.",
        "per_participant": "per deelnemer",
        "no_codings": "Geen gecodeerde passages voor dit codeboek.",
        "quotes_for": "Citaten: {label}",
        "topics": "Thema's in wat respondenten vertellen",
        "topics_lead": ("Onderwerpmodel (BERTopic, offline, vast zaadgetal {seed}) op {n} beurten van respondenten, "
                        "na weglaten van stopwoorden, stopwoordjes als 'eh' en 'zeg maar', namen en "
                        "transcriptietekens. Een thema is een groep beurten die dezelfde woorden delen; het label "
                        "zijn de meest kenmerkende woorden."),
        "topics_outliers": ("{share} van de beurten viel eerst buiten elk thema; die beurten zijn bij het "
                            "thema ingedeeld waarvan de woorden het best passen (c-TF-IDF)."),
        "topics_nmf": ("Met {n} beurten is het materiaal te klein voor BERTopic; de thema's komen uit een "
                       "eenvoudiger model (NMF). Lees ze als een eerste indeling."),
        "timeline": "Wat de organisatie zich herinnert",
        "timeline_lead": ("Gebeurtenissen die meerdere deelnemers noemen, met hoe ieder ze dateert. Een datum komt "
                          "uit de tekst zelf (een jaartal, een maand, een leeftijd bij het geboortejaar); waar mensen "
                          "verschillen, staan hun dateringen naast elkaar. Tussen haakjes: aantal deelnemers."),
        "fig_org_timeline": "Gedeelde gebeurtenissen en hoe deelnemers ze dateren",
        "incident": "Gebeurtenis", "mentioned_by": "Genoemd door", "datings": "Dateringen", "agree": "Eens?",
        "yes": "ja", "no": "nee", "incident_quotes": "Zo vertellen ze het: {incident}",
        "life_histories": "Levenslopen",
        "life_histories_lead": ("Gedateerde gebeurtenissen uit de levensverhalen, per levensdomein. Lichte balken zijn "
                                "benaderingen (een leeftijd geeft twee mogelijke jaren)."),
        "fig_life_history": "Levensloop van {name}",
        "domain_organisation": "organisatie", "domain_technology": "technologie", "domain_work": "werk",
        "domain_education": "opleiding", "domain_family": "familie", "domain_other": "overig",
        "topic": "Thema", "topic_words": "Kenmerkende woorden", "size": "Beurten", "fig_topic_terms": "Kenmerkende woorden per thema",
        "fig_topic_roles": "Aandeel van elk thema in de beurten per functie",
        "topic_quotes": "Typerende citaten per thema",
        "keyness": "Werkvloer en leiding: wie zegt wat?",
        "keyness_lead": ("Woorden die significant vaker voorkomen bij de werkvloer ({target}) dan bij "
                         "leiding en kantoor ({reference}), en omgekeerd. Log-likelihood G² (p < 0,05) en log "
                         "ratio (verschil in verhouding, 1 = twee keer zo vaak)."),
        "operators": "werkvloer", "management": "leiding en kantoor", "term": "Woord",
        "g2": "G²", "log_ratio": "Log ratio", "freq_target": "Werkvloer", "freq_reference": "Leiding",
        "fig_keyness": "Kenmerkende woorden: werkvloer tegenover leiding",
        "more_target": "Vaker bij de werkvloer", "more_reference": "Vaker bij leiding en kantoor",
    },
    "en": {
        "summary": "Summary",
        "summary_lead": ("This report describes the undercurrent of learning at {organisation}: what people see as good "
                         "work, which incidents they remember, where what is said and what is done part ways, and how "
                         "people really learn. It rests on {conversations} conversations with {people} people. Each "
                         "finding says how many people it rests on and carries a verbatim quote."),
        "summary_none": "No findings are shared by two or more people.",
        "scan": "The learning culture scan beside the undercurrent",
        "scan_none": "No scan scores were given for this case (scan/responses.csv); the undercurrent stands on its own here.",
        "scan_lead": ("{organisation}: {n} employees filled in the scan. For each building block the mean score (1–5) stands "
                      "beside those of {others} other organisations, and beside what people tell in the conversations. "
                      "Where the two part ways, a signal shows the quotes it rests on."),
        "scan_illustrative": ("Note: how the questions are allocated to building blocks is illustrative (the official map and "
                              "norms are not public); do not compare these scores with the official benchmark."),
        "fig_scan": "Scores per building block: this organisation (dot) among the other organisations (grey)",
        "fig_scan_caption": ("Each grey tick is another organisation; the box runs from the 25th to the 75th percentile. "
                             "Groups of fewer than {min_size} people are left out."),
        "scan_table": "Scan and undercurrent per building block",
        "col_block": "Building block", "col_score": "Score", "col_percentile": "Percentile",
        "col_told": "In the conversations", "col_signal": "Signal",
        "told_balance": "{supports} supporting, {hinders} hindering",
        "told_none": "not discussed",
        "signal_scan_higher": "scan more positive",
        "signal_scan_lower": "scan more negative",
        "divergence_scan_higher": ("{block}: the scan scores high ({mean}; percentile {percentile}), but in the conversations "
                                   "{n} people mostly tell what hinders learning here{gaps_text}."),
        "divergence_scan_lower": ("{block}: the scan scores low ({mean}; percentile {percentile}), but {n} people mostly tell "
                                  "in the conversations what supports learning here."),
        "advice_scan_higher": "Do not take the high score at face value: first discuss what people tell.",
        "advice_scan_lower": "The score is lower than the stories: ask what people had in mind when they answered.",
        "advice_stories_hinder": "In the conversations, what hinders learning here prevails.",
        "scan_signals": "Where the scan and the undercurrent part ways",
        "scan_no_signals": "Scan and conversations point the same way for every building block; no signal of parting ways.",
        "scan_advice": "Advice per building block",
        "scan_reliability": "Reliability of the scan",
        "scan_reliability_lead": ("Per building block: the respondents with a score, Cronbach's α, McDonald's ω (one factor), "
                                  "the share of missing answers and the ICCs across all organisations (ICC(1): how much of "
                                  "the differences between people lies between organisations; ICC(2): how reliable an "
                                  "organisation's mean is)."),
        "col_missing": "% missing",
        "scan_weak_items": "Questions that hang together little with the rest of their block (item-rest correlation under .30): {items}.",
        "scan_too_few": ("With {n} completed scans the group is smaller than {min_size}: to protect those who answered, "
                         "no scores are shown."),
        "kind_value": "Implicit values: what good work is here",
        "kind_incident": "Incidents people remember",
        "kind_say_do": "Saying and doing",
        "kind_generation": "Generations and traditions",
        "kind_learning": "How people learn here",
        "kind_block": "The building blocks of the learning culture",
        "kind_life": "Events from the life histories",
        "lead_life": "The dated events of the life histories; each life history is one person's.",
        "side_life": "",
        "lead_value": "Statements of how things ought to be (‘around here…’, ‘that's no…’) that two or more people share, and who thinks otherwise.",
        "lead_incident": "Events several people tell, with each person's dating and what it taught them.",
        "lead_say_do": "What policy and management espouse against what staff tell from practice.",
        "lead_generation": "Differences between those who have worked here long and the newcomers, and what is handed down.",
        "lead_learning": "How people learn their trade, which knowledge is not in a book and what hinders learning.",
        "lead_block": "Per building block of the learning-culture scan: supporting against hindering statements, by role.",
        "strength": "Rests on {n} {people_word}: {roles}{generations}. Confidence: {confidence}.",
        "person": "person", "people": "people",
        "generations": "; born in the {generations}",
        "confidence_high": "high", "confidence_medium": "medium", "confidence_low": "low (one person)",
        "side_holds": "", "side_contests": "thinks otherwise", "side_mention": "", "side_lesson": "what it taught",
        "side_espoused": "said", "side_lived": "in practice", "side_supports": "supports", "side_hinders": "hinders",
        "said": "What is said", "done": "What people tell from practice",
        "each_dating": "Each person's dating", "who": "Who", "dating": "Dating",
        "block_table": "Supporting and hindering by role", "col_supports": "Supporting", "col_hinders": "Hindering",
        "passage": "passage",
        "generic_manager": "manager", "generic_staff": "shop-floor employee", "policy": "policy document",
        "about_intake": ("About this report: the findings were drawn from the conversations automatically; they are a "
                         "starting point for a conversation, not a verdict. Names are pseudonyms; a role only one "
                         "person holds is given in general terms."),
        "title_intake": "Intake report {name}",
        "about": "About this report",
        "appendix": "Appendix",
        "methods": "Methods and reliability",
        "methods_lead": ("The conversations were read keeping their exact text; every sentence, coding and quote points to "
                         "character offsets in the source text. The codebooks were applied automatically by rules that "
                         "read negation, contrast and talk of how things ought to be; the findings gather statements "
                         "that two or more people share."),
        "methods_codings": ("{auto} automatic codings and {human} codings by {coders} researcher(s). Automatic codings "
                            "are suggestions; only what a researcher confirmed counts as human judgement."),
        "codebooks_used": "Codebooks used", "version": "Version",
        "methods_limits": ("Limits: rules miss statements worded otherwise and sometimes see links that are not there; "
                           "datings of incidents can hang on the wrong incident; a finding is as strong as the number "
                           "of people it rests on. Read the quotes."),
        "stamp": "Reproducibility", "stamp_lead": "These versions, this seed and these inputs give the same numbers again.",
        "run_id": "Run", "seed": "Seed (topics)", "checksum": "SHA-256",
        "title": "Case report {name}",
        "n_cases": "{n} cases",
        "n_organisations": "{n} organisations",
        "subtitle": "The undercurrent of informal learning — {organisation}",
        "generated": "Made with undercurrent {version} on {date}.",
        "case": "The case",
        "organisation": "Organisation", "sector": "Sector", "period": "Interview period",
        "no_description": "No description given in case.toml.",
        "participants": "Participants",
        "participants_lead": "All names are pseudonyms.",
        "pseudonym": "Pseudonym", "role": "Role", "department": "Department", "born": "Born",
        "since": "Employed since", "kind": "Kind of conversation", "date": "Date", "words": "Words",
        "turns": "Turns", "share": "Share", "words_per_turn": "Words per turn",
        "documents": "Documents", "document": "Document", "format": "Format",
        "corpus": "The material",
        "corpus_lead": ("{conversations} conversations with {turns} speaker turns and {words} words, "
                        "{respondent_words} of them spoken by respondents. Transcription marks such as "
                        "[laughs] and (...) do not count as words."),
        "other_documents": "Other documents (policy, field notes): {other_documents}, {other_document_words} words in all.",
        "by_speaker_role": "Words by speaker role", "by_job_role": "Respondents by role",
        "by_document": "Documents",
        "fig_words_by_role": "Respondent words by role",
        "fig_words_by_role_caption": "Number of words respondents spoke, by role; n = number of participants.",
        "participants_count": "Participants",
        "openings": "How the conversations open",
        "openings_lead": "The first turns of each document, with their place in the source text (character offsets).",
        "problems": "Notes from reading the sources",
        "interviewer": "Interviewer", "respondent": "Respondent", "other": "Other",
        "interview": "interview", "life_history": "life history", "document_kind": "document",
        "field_note": "field note", "unknown": "(unknown)",
        "chars": "characters",
        "coding": "What the codebooks find",
        "coding_lead": ("Coded with the codebooks below: the codes researchers assigned themselves, and automatic "
                        "codes (rules on lemmas and word forms, per sentence, reading negation, contrast and other "
                        "people's words) from a confidence of {threshold}. That confidence is calibrated on gold "
                        "labels made apart from the rules{measured}. Counts: coded sentences and the number of "
                        "participants in whose interview the code occurs. Each quote says whether a researcher or "
                        "the rules coded it. Automatic codes are a starting point for reading, not a verdict."),
        "coding_measured": "; at the last measurement on unseen text {precision} of such codings were right ({n} codings)",
        "by_rules": "rules, confidence {confidence}", "by_person": "coded by a researcher",
        "der_explicit": "explicit", "der_age": "age", "der_relative": "relative",
        "der_named_period": "named period", "der_anchored": "anchored",
        "stance_espoused": "espoused, not necessarily done", "stance_reported": "hearsay",
        "codebook": "Codebook", "code": "Code", "codings": "Coded", "participants_n": "Participants",
        "direction": "Direction", "supports": "supports learning", "hinders": "hinders learning",
        "fig_code_role": "{codebook}: sentences coded by the rules per participant, by code and role.",
        "fig_code_role_human": "{codebook}: passages coded by researchers per participant, by code and role.",
        "per_participant": "per participant",
        "no_codings": "No coded passages for this codebook.",
        "quotes_for": "Quotes: {label}",
        "topics": "Themes in what respondents say",
        "topics_lead": ("Topic model (BERTopic, offline, fixed seed {seed}) on {n} respondent turns, after removing "
                        "stop words, fillers such as 'eh' and 'zeg maar', names and transcription marks. A theme "
                        "is a group of turns sharing words; its label is its most distinctive words."),
        "topics_outliers": ("{share} of the turns first fell outside every theme; they were assigned to the theme "
                            "whose words fit them best (c-TF-IDF)."),
        "topics_nmf": ("With {n} turns the material is too small for BERTopic; the themes come from a simpler "
                       "model (NMF). Read them as a first sorting."),
        "timeline": "What the organisation remembers",
        "timeline_lead": ("Events that several participants mention, with how each dates them. A date comes from the "
                          "text itself (a year, a month, an age with the birth year); where people differ, their "
                          "datings stand side by side. In brackets: number of participants."),
        "fig_org_timeline": "Shared events and how participants date them",
        "incident": "Event", "mentioned_by": "Mentioned by", "datings": "Datings", "agree": "Agree?",
        "yes": "yes", "no": "no", "incident_quotes": "How they tell it: {incident}",
        "life_histories": "Life histories",
        "life_histories_lead": ("Dated events from the life histories, by domain of life. Pale bars are approximate "
                                "(an age gives two possible years)."),
        "fig_life_history": "Life history of {name}",
        "domain_organisation": "organisation", "domain_technology": "technology", "domain_work": "work",
        "domain_education": "education", "domain_family": "family", "domain_other": "other",
        "topic": "Theme", "topic_words": "Distinctive words", "size": "Turns", "fig_topic_terms": "Distinctive words per theme",
        "fig_topic_roles": "Share of each theme in the turns of each role",
        "topic_quotes": "Typical quotes per theme",
        "keyness": "Work floor and management: who says what?",
        "keyness_lead": ("Words significantly more frequent on the work floor ({target}) than among management "
                         "and office ({reference}), and the other way round. Log-likelihood G² (p < 0.05) and log "
                         "ratio (difference in proportion, 1 = twice as often)."),
        "operators": "work floor", "management": "management and office", "term": "Word",
        "g2": "G²", "log_ratio": "Log ratio", "freq_target": "Work floor", "freq_reference": "Management",
        "fig_keyness": "Distinctive words: work floor against management",
        "more_target": "More on the work floor", "more_reference": "More among management and office",
    },
}


def translator(lang: str):
    if lang not in LANGUAGES:
        raise ValueError(f"report language {lang!r} is not available; use one of {LANGUAGES}")
    table = TEXT[lang]

    def t(key: str, **values) -> str:
        return table[key].format(**values) if values else table[key]
    return t


def thousands(value, lang: str = "nl") -> str:
    """An integer with the thousands separator of the report language (1.234 / 1,234)."""
    text = f"{int(value):,}"
    return text.replace(",", ".") if lang == "nl" else text


def decimal(value: float, digits: int, lang: str = "nl") -> str:
    text = f"{float(value):.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text
