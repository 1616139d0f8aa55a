"""The synthesis: findings with their evidence, never from one person unless they say so."""
import pytest

import undercurrent as uc
from undercurrent.synthesis import FINDING_COLUMNS, KINDS, Evidence, implicit_values, learning, say_do_gaps

from conftest import DEMO, coded_corpus

#: a vision document that espouses learning from mistakes
VISION = "Visie\n\nBij ons mag je fouten maken. Van fouten leren we.\n"
PEOPLE = ("participant_id,pseudonym,role,department,birth_year,start_year,interview_date,file\n"
          "P1,Henk,bakker,nacht,1961,1982,2026-03-01,a.txt\nP2,Ronald,ploegleider,nacht,1975,1994,2026-03-01,b.txt\n"
          "P3,Sanne,HR-adviseur,staf,1988,2019,2026-03-01,c.txt\nP4,Luuk,leerling,nacht,2006,2025,2026-03-01,d.txt\n")


@pytest.fixture(scope="module")
def demo_findings(tmp_path_factory):
    corpus = coded_corpus(DEMO, tmp_path_factory.mktemp("syn") / "s.sqlite")
    return corpus, uc.synthesis.synthesis(corpus)


def test_every_finding_carries_its_evidence(demo_findings):
    corpus, findings = demo_findings
    assert list(findings.columns) == FINDING_COLUMNS
    assert set(findings["kind"]) <= set(KINDS) and {"value", "incident", "learning", "block"} <= set(findings["kind"])
    for row in findings.itertuples():
        assert row.quotes, row.statement  # no finding without a quote
        assert row.n_people >= 2 or (row.single_person and "één persoon" in row.statement)
        assert row.confidence in ("high", "medium", "low")
        for q in row.quotes:  # offsets are sacred: every quote is the stored text at its offsets
            assert corpus.span(q["doc_id"], q["start"], q["end"]) == q["text"]
            assert q["pseudonym"]


def test_values_are_shared_and_say_who_thinks_otherwise(case_factory):
    texts = {
        "a.txt": "I: Wat is goed werk?\nR: Bij ons ga je niet naar huis zolang er nog een kar staat. Dat hoort zo.\n",
        "b.txt": "I: Wat is goed werk?\nR: Je laat je maten niet zitten. Als de laatste kar nog niet geladen is, "
                 "dan sta jij daar nog.\n",
        "c.txt": "I: En de cultuur?\nR: Er is een ongeschreven regel dat je pas naar huis gaat als de laatste kar weg is. "
                 "Die staat nergens. Ik vind dat eerlijk gezegd niet gezond.\n",
        "d.txt": "I: Hoe bevalt het?\nR: Ik snap dat ze dat raar vinden, maar ik vind het niet normaal dat je voor een kar "
                 "nog een uur gratis blijft staan.\n"}
    corpus = uc.load_corpus(case_factory(texts, PEOPLE))
    values = implicit_values(Evidence.of(corpus))
    kar = values[values["details"].map(lambda d: "kar" in d["words"])].iloc[0]
    assert set(kar["people"]) == {"Henk", "Ronald"}
    assert set(kar["details"]["contested_by"]) == {"Sanne", "Luuk"}
    assert {q["side"] for q in kar["quotes"]} == {"holds", "contests"}


def test_a_say_do_gap_sets_the_policy_beside_practice(case_factory, tmp_path):
    texts = {f"{k}.txt": f"I: Mag je hier fouten maken?\nR: {line}\n" for k, line in (
        ("a", "Als je een fout maakt, word je er op afgerekend, met naam op het bord."),
        ("b", "Wie een fout maakt, wordt afgestraft. Dus je durft niks te melden."),
        ("c", "Fouten maken mag hier, dat staat ook in onze visie."),
        ("d", "Ik ben bang om fouten te maken, want dan word je afgerekend."))}
    case = case_factory(texts, PEOPLE.replace("HR-adviseur", "directeur"), documents={"visie.txt": VISION})
    corpus = coded_corpus(case, tmp_path / "s.sqlite")
    gaps = say_do_gaps(Evidence.of(corpus))
    assert len(gaps)
    gap = gaps.iloc[0]
    sides = {q["side"] for q in gap["quotes"]}
    assert sides == {"espoused", "lived"}
    lived = {q["pseudonym"] for q in gap["quotes"] if q["side"] == "lived"}
    assert lived and "Sanne" not in lived  # the director is not practice
    assert gap["details"]["lived"] >= 2 and gap["details"]["espoused"] >= 2
    assert any(q["doc_id"].endswith("visie") for q in gap["quotes"] if q["side"] == "espoused")


def test_learning_forms_need_two_people_and_talk_of_learning(case_factory):
    texts = {"a.txt": "I: Hoe leerde je het vak?\nR: Ik heb het geleerd door mee te kijken bij Henk, en na te doen.\n",
             "b.txt": "I: En jij?\nR: Kijken, gewoon kijken, zo leer je het vak. Er is nooit tijd voor uitleg, geen tijd.\n",
             "c.txt": "I: Wat doe je?\nR: Ik kijk naar de cijfers en de planning.\n",
             "d.txt": "I: Lastig?\nR: Er is geen tijd, 's nachts. Ik durf niks te vragen.\n"}
    found = learning(Evidence.of(uc.load_corpus(case_factory(texts, PEOPLE))))
    watching = found[found["details"].map(lambda d: d.get("form") == "watching")].iloc[0]
    assert set(watching["people"]) == {"Henk", "Ronald"}  # "kijk naar de cijfers" is not about learning
    time = found[found["details"].map(lambda d: d.get("form") == "hindrance_time")].iloc[0]
    assert set(time["people"]) == {"Ronald", "Luuk"}
    assert not (found["details"].map(lambda d: d.get("form")) == "hindrance_fear").any()  # one person only


def test_english_statements(demo_findings):
    corpus, _ = demo_findings
    english = uc.synthesis.synthesis(corpus, lang="en")
    assert english["statement"].str.contains("people").mean() > 0.7
    assert not english["statement"].str.contains(r"mensen|Levensloop|Gedeelde|Berust").any()


def test_a_quote_says_what_its_finding_is_about(case_factory):
    """A quote names its finding's topic itself or with the sentence next to it, and is then
    quoted with that sentence; a sentence that only stands near the topic is not quoted."""
    import re

    texts = {"a.txt": "I: Wat is goed werk?\nR: De gast merkt nooit iets. Dat hoort zo. Maar goed, het weer was slecht.\n",
             "b.txt": "I: En jij?\nR: Dat hoort zo, zeggen ze. Ik fiets elke dag.\n",
             "c.txt": "I: Hoe is het?\nR: Goed.\n", "d.txt": "I: Hoe is het?\nR: Prima.\n"}
    corpus = uc.load_corpus(case_factory(texts, PEOPLE))
    ev = Evidence.of(corpus)
    rows = ev.sentences[ev.sentences["text"].str.startswith("Dat hoort zo")]
    guest = re.compile(r"\bgast", re.I)
    quotes = ev.representative(rows, 3, require=guest)
    assert [q["pseudonym"] for q in quotes] == ["Henk"]  # Ronald's sentence is not about the guest
    assert quotes[0]["text"] == "De gast merkt nooit iets. Dat hoort zo."
    assert corpus.span(quotes[0]["doc_id"], quotes[0]["start"], quotes[0]["end"]) == quotes[0]["text"]
    assert ev.about(rows.iloc[1], guest) is None


def test_an_incident_quote_names_the_incident(case_factory):
    """Each person's quote names the incident: a dating told in the next sentence of the same
    answer is quoted from the naming sentence on, and a dating alone is never the quote."""
    texts = {"a.txt": "I: Wat weet je nog?\nR: De stroomstoring. Dat vertelt iedereen. Winter 2006, grote bruiloft.\n",
             "b.txt": "I: En jij?\nR: Die stroomstoring, ja. Dat was in 2007, denk ik. Of 2005.\n",
             "c.txt": "I: En de stroomstoring?\nR: Die was in 2008, mijn eerste winter hier.\n",
             "d.txt": "I: Hoe is het?\nR: Prima, ik werk hier pas net.\n"}
    corpus = uc.load_corpus(case_factory(texts, PEOPLE))
    from undercurrent.synthesis import incidents

    found = incidents(Evidence.of(corpus))
    card = found[found["theme"].str.contains("stroomstoring")].iloc[0]
    by = {q["pseudonym"]: q["text"] for q in card["quotes"]}
    assert by["Henk"] == "De stroomstoring. Dat vertelt iedereen. Winter 2006, grote bruiloft."
    assert by["Ronald"].startswith("Die stroomstoring, ja.")
    assert "Sanne" not in by  # her dating answers the question that named it: alone it says nothing


@pytest.mark.parametrize("sentence, states_a_norm", [
    ("Bij ons gaat er geen auto de deur uit die niet goed is.", True),
    ("Melden wordt bij ons beloond, niet bestraft.", True),
    ("Nee, bij ons lever je geen half werk af.", True),
    ("Wim kwam met zijn auto bij ons langs voor een schade.", False),
    ("Een paar weken geleden heeft hij in de ochtendstart bij ons een fout op het scherm gezet.", False),
    ("En nu werkt zijn dochter ook weer bij ons, bij de micro.", False),
    ("Dat vind ik niet netjes. Dat doe je een klant niet aan.", True),
    ("Als iemand langer nodig heeft, dan doe je dat gewoon.", True),
    ("Dat is gewoon fatsoen. Zo gaat dat hier al zolang ik hier rondloop.", True),
])
def test_bij_ons_states_a_norm_only_as_one(sentence, states_a_norm):
    from undercurrent.synthesis.values import NORMATIVE

    assert bool(NORMATIVE["nl"].search(sentence)) is states_a_norm


@pytest.mark.parametrize("sentence, contests", [
    ("Maar sorry, normtijd is normtijd.", True),
    ("Ik snap het wel, maar ik vind dat pauze gewoon pauze is.", True),
    ("Die heldenverhalen over het weekend doorwerken, daar ben ik niet zo van.", True),
    ("Eerlijk is eerlijk, het is veel beter dan wat we hadden.", False),
    ("Dat is niet eerlijk tegenover hem.", False),
])
def test_dissent_in_its_own_words(sentence, contests):
    from undercurrent.synthesis.values import CONTESTING

    assert bool(CONTESTING["nl"].search(sentence)) is contests


def test_no_value_theme_from_a_name_a_number_or_erbij(case_factory):
    texts = {k: f"I: Wat is goed werk?\nR: {line}\n" for k, line in (
        ("a.txt", "Bij ons werken mensen al dertig jaar, dat hoort erbij. Ik werk met Dennis samen. Dennis is goed."),
        ("b.txt", "Bij ons werken ze al dertig, veertig jaar, dat hoort erbij. Dennis is zo binnengekomen."),
        ("c.txt", "Ik vind het hier fijn."), ("d.txt", "Prima."))}
    values = implicit_values(Evidence.of(uc.load_corpus(case_factory(texts, PEOPLE))))
    words = {w for d in values["details"] for w in d["words"]}
    assert not words & {"dertig", "veertig", "erbij", "dennis"}


def test_staff_telling_what_is_claimed_but_otherwise_are_the_lived_side(case_factory, tmp_path):
    texts = {f"{k}.txt": f"I: Mag je hier fouten maken?\nR: {line}\n" for k, line in (
        ("a", "Ze zeggen hier dat je fouten mag maken, het hangt zelfs op een poster, maar als je het meldt, sta je "
              "op maandag op de tv."),
        ("b", "Ik werk hier graag, de sfeer is goed."),
        ("c", "Fouten maken mag hier, dat staat ook in onze visie."),
        ("d", "Hier zeggen ze dat fouten mogen, maar ik ga niet op dat scherm staan in mijn eerste half jaar."))}
    case = case_factory(texts, PEOPLE.replace("HR-adviseur", "directeur"), documents={"visie.txt": VISION})
    corpus = coded_corpus(case, tmp_path / "s.sqlite")
    gaps = say_do_gaps(Evidence.of(corpus))
    assert len(gaps) == 1  # one theme, one gap, however many codes it has
    lived = {q["pseudonym"] for q in gaps.iloc[0]["quotes"] if q["side"] == "lived"}
    assert lived == {"Henk", "Luuk"}


def test_a_life_history_quotes_the_narrators_own_life(case_factory):
    from undercurrent.synthesis import life_histories

    text = ("I: Vertel eens.\nR: Ik ben geboren in 1960, in een klein huis aan de dijk. De ouwe Gerrit, die was in "
            "'62 begonnen met fietsen en brommers. In 1976 ben ik hier begonnen, als leerling in de werkplaats. In 1979 "
            "moest ik in dienst, veertien maanden lang. In 1985 ben ik getrouwd, met Petra uit het dorp.\n")
    people = PEOPLE.replace("2026-03-01,a.txt", "2026-03-01,a.txt,life_history").replace(
        "interview_date,file", "interview_date,file,kind")
    corpus = uc.load_corpus(case_factory({"a.txt": text}, people))
    life = life_histories(Evidence.of(corpus), quotes=3)
    quoted = " ".join(q["text"] for q in life.iloc[0]["quotes"])
    assert "Gerrit" not in quoted and "1960" in quoted


def test_a_short_quote_that_points_back_takes_its_sentence_before(case_factory):
    text = "I: En je buddy?\nR: Kevin is mijn buddy, dat staat op papier. Maar hij heeft er geen tijd voor.\n"
    ev = Evidence.of(uc.load_corpus(case_factory({"a.txt": text}, PEOPLE)))
    row = ev.sentences[ev.sentences["text"].str.startswith("Maar")].iloc[0]
    assert ev.quote(row)["text"] == "Kevin is mijn buddy, dat staat op papier. Maar hij heeft er geen tijd voor."


def test_how_a_machine_was_learned_from_the_question_it_answers(case_factory):
    from undercurrent.synthesis import learning as learning_findings

    texts = {"a.txt": "I: Je noemde de sorteerlijn. Hoe heb je daarmee leren werken?\nR: Niemand heeft het me echt "
                      "uitgelegd. Ik heb het geleerd door op knoppen te drukken.\n",
             "b.txt": "I: Er is een nieuwe sorteerlijn gekomen. Hoe ging dat leren?\nR: Ik heb het geleerd van "
                      "Agnieszka, zij had een briefje gemaakt.\n",
             "c.txt": "I: Hoe leerde je het vak?\nR: Ik heb het geleerd van mijn vader.\n"}
    found = learning_findings(Evidence.of(uc.load_corpus(case_factory(texts, PEOPLE))))
    tech = found[found["details"].map(lambda d: d.get("form") == "technology")]
    assert len(tech) == 1 and set(tech.iloc[0]["people"]) == {"Henk", "Ronald"}


def test_the_quote_model_keeps_evidence_and_drops_what_readers_judged_off_topic():
    from undercurrent.synthesis.relevance import keep_on_topic, on_topic

    quotes = [{"text": "Dat kun je niet opschrijven, dat zit in je handen. Je hoort het aan de machine.", "side": "tacit"},
              {"text": "(lacht) Ja.", "side": "tacit"}]
    p = on_topic("tacit", [q["text"] for q in quotes])
    assert p[0] > 0.5 > p[1]
    assert keep_on_topic(quotes, "learning", {"form": "tacit"}) == quotes[:1]
    # every side keeps its likeliest quote: a gap keeps both its sides, a finding its evidence
    sides = [{"text": "(lacht) Ja.", "side": "espoused"}, {"text": "Enfin.", "side": "lived"}]
    assert keep_on_topic(sides, "say_do") == sides


def test_the_quote_model_is_measured_on_cases_it_has_not_read():
    from undercurrent.synthesis.relevance import model

    full, without = model(), model("bakkerij")
    assert len(without[0].vocabulary_) < len(full[0].vocabulary_)


@pytest.mark.parametrize("sentence, what", [
    ("Er zijn leeruren ingepland, maar die vallen bijna altijd weg als het druk is.", "time"),
    ("Je ziet iedereen met een headset op, dan ga je niet storen.", "fear"),
    ("Dus ik vraag het niet meer zo vaak. Ik wil hem niet ophouden.", "fear"),
])
def test_hindrances_in_other_words(sentence, what):
    import re

    from undercurrent.synthesis.learning import HINDRANCES

    assert re.search(HINDRANCES["nl"][what], sentence, re.I)
