"""Temporal tagger, resolution, events, recurring incidents and the gold sets."""
import json
import warnings
from datetime import date

import pytest

import undercurrent as uc
from undercurrent.timeline.events import events, incident_mentions, life_history, recurring_incidents
from undercurrent.timeline.numbers import parse_number
from undercurrent.timeline.resolve import resolve_sequence
from undercurrent.timeline.tagger import tag

from conftest import DEMO, shared_path

INTERVIEW = date(2026, 9, 14)


def resolved(text, birth_year=1965, lang="nl"):
    exprs = tag(text, lang)
    return [(e.type, e.text, r.value, r.derivation)
            for e, r in zip(exprs, resolve_sequence(exprs, interview_date=INTERVIEW, birth_year=birth_year))]


@pytest.mark.parametrize("word, value", [("zestien", 16), ("drieëntwintig", 23), ("drieëntwintigste", 23),
                                          ("23e", 23), ("derde", 3), ("tweede", 2), ("twintigste", 20),
                                          ("eenenveertig", 41), ("twenty-three", 23), ("tafel", None)])
def test_number_words(word, value):
    assert parse_number(word) == value


@pytest.mark.parametrize("text, expected", [
    ("Ik begon hier in 1981.", ("year", "in 1981", "1981", "explicit")),
    ("Dat was op 4 november 2021.", ("date", "4 november 2021", "2021-11-04", "explicit")),
    ("Op 12-03-1998 begon het.", ("date", "12-03-1998", "1998-03-12", "explicit")),
    ("In de zomer van 1999 trouwden we.", ("month", "In de zomer van 1999", "1999-06/1999-08", "explicit")),
    ("Dat was in '85.", ("year", "in '85", "1985", "explicit")),
    ("Van 2010 tot 2014 zat ik daar.", ("range", "Van 2010 tot 2014", "2010/2014", "explicit")),
    ("In de jaren tachtig groeide het.", ("decade", "In de jaren tachtig", "198X", "explicit")),
    ("Begin jaren negentig was het stil.", ("decade", "Begin jaren negentig", "[1990..1993]", "explicit")),
    ("Dat komt uit de 19e eeuw.", ("century", "de 19e eeuw", "18XX", "explicit")),
    ("Toen ik zestien was, begon ik hier.", ("age", "Toen ik zestien was", "[1981..1982]", "age")),
    ("Op mijn 23e trouwde ik.", ("age", "Op mijn 23e", "[1988..1989]", "age")),
    ("Als jongen van vijftien stond ik hier al.", ("age", "Als jongen van vijftien", "[1980..1981]", "age")),
    ("Ik werk hier al twintig jaar.", ("duration", "al twintig jaar", "P20Y", "duration")),
    ("Vorig jaar kwam de cobot.", ("deictic", "Vorig jaar", "2025", "relative")),
    ("Twee jaar geleden kwamen de tablets.", ("deictic", "Twee jaar geleden", "2024", "relative")),
    ("In negentienhonderdtachtig begon ik.", ("yearword", "In negentienhonderdtachtig", "1980", "explicit")),
    ("Dat was negentien vierentachtig.", ("yearword", "negentien vierentachtig", "1984", "explicit")),
])
def test_expressions_are_found_and_resolved(text, expected):
    assert expected in resolved(text)


def test_narrative_relatives_hang_on_the_previous_date_and_anchors_wait():
    out = resolved("De brand was in februari 2008. Drie jaar later kwam de crisis. Na de brand bouwden we. Daarna niet.")
    assert out[0][2] == "2008-02"
    assert out[1] == ("narrative", "Drie jaar later", "2011", "relative")
    assert out[2][:2] == ("anchor", "Na de brand") and out[2][2] is None  # dated only from the corpus
    assert out[3][2] == "2011/.."  # "daarna": after the last dated event


def test_not_times():
    assert tag("Volgens Sennett (2008) en Vos et al. (2020) is dat zo.") == []
    assert tag("Dat kost 1985 euro en we waren met elf mensen.") == []
    assert tag("Die is nu negentien, die speelt zelf niet meer.") == []  # an age, not 1900
    assert resolved("Toen ik dertig werd, kreeg ik dit werk.")[0][2] == "1995"


def test_english_expressions():
    out = resolved("When I was sixteen I started. In the eighties it grew; two years ago it changed. "
                   "Three years later came the merger.", lang="en")
    kinds = [o[0] for o in out]
    assert kinds == ["age", "decade", "deictic", "narrative"]
    assert out[0][2] == "[1981..1982]" and out[1][2] == "198X" and out[2][2] == "2024"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return uc.load_corpus(DEMO, store_path=tmp_path_factory.mktemp("tl") / "s.sqlite")


def test_demo_events_and_recurring_incidents(demo):
    ev = events(demo)
    assert len(ev) > 150 and {"age", "year", "decade", "narrative", "anchor", "deictic"} <= set(ev["type"])
    for row in ev.itertuples():
        assert demo.text(row.doc_id)[row.start:row.end] == row.expression
        assert row.sentence_start <= row.start < row.end <= row.sentence_end
    inc = recurring_incidents(incident_mentions(demo), ev).set_index("incident")
    assert {"brand", "crisis", "eerste robot"} <= set(inc.index)
    fire = inc.loc["brand"]
    assert fire["participants"] >= 5 and not fire["agree"]
    assert {v[:4] for v in fire["datings"].values()} >= {"2008"} and any("2009" in v for v in fire["datings"].values())
    anchored = ev[(ev["type"] == "anchor") & (ev["anchor"] == "brand")]
    assert anchored["value"].notna().all()  # "na de brand" is dated by those who date the fire
    ben = life_history(ev, "P01")
    assert ben["earliest"].is_monotonic_increasing and len(ben) >= 15  # his father started in 1962: family history counts


def test_gold_set_quality_holds():
    from benchmarks.temporal_quality import GOLD

    n_gold = found = right = total = 0
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        pred = tag(item["text"], "nl")
        res = resolve_sequence(pred, interview_date=date.fromisoformat(item["interview_date"]),
                               birth_year=item.get("birth_year"))
        for g in item["expressions"]:
            n_gold += 1
            hit = [k for k, p in enumerate(pred) if p.start < g["end"] and g["start"] < p.end]
            found += bool(hit)
            if hit:
                total += 1
                right += res[hit[0]].value == g["value"]
    assert n_gold >= 150
    assert found / n_gold >= 0.9 and right / total >= 0.75


def test_duckling_corpus_parses():
    from benchmarks.temporal_quality import duckling_examples

    examples = duckling_examples(shared_path("external", "temporal", "Corpus_NL.hs"))
    assert len(examples) > 100
    assert ("vandaag", date(2013, 2, 12), "Day") in examples


def test_timeline_command(tmp_path, capsys):
    import pandas as pd

    from undercurrent.cli import main

    assert main(["timeline", str(DEMO), "--store", str(tmp_path / "s.sqlite"), "--out", str(tmp_path / "ev.xlsx"),
                 "--figures", str(tmp_path / "figs")]) == 0
    out = capsys.readouterr().out
    assert "brand (" in out and "Incidents several people remember" in out
    assert set(pd.read_excel(tmp_path / "ev.xlsx", sheet_name=None)) == {"events", "incidents"}
    assert (tmp_path / "figs" / "organisation_timeline.svg").exists()
    assert (tmp_path / "figs" / "life_history_P01.png").exists()


STROOM = {
    "a.txt": "I: Wat is je bijgebleven?\nR: De stroomuitval, in 2015. Alles lag stil.\n\nI: En?\nR: Dat weet ik niet meer.\n",
    "b.txt": "I: Wat is je bijgebleven?\nR: Nou, de stroomuitval natuurlijk. Dat was in 2016, denk ik.\n\nI: Ok.\nR: Ja.\n",
    "c.txt": "I: Wat is je bijgebleven?\nR: De stroomuitval, een jaar of tien geleden. Sindsdien hebben we een aggregaat.\n",
    "d.txt": "I: En jij?\nR: Ik weet niks van de stroomuitval. De keukenbrand in 2019, die weet ik nog.\n\nI: En?\n"
             "R: Die nacht met de rook, ja, in 2019.\n",
}
PEOPLE = ("participant_id,pseudonym,role,interview_date,file\nP1,An,lasser,2026-03-01,a.txt\n"
          "P2,Bo,lasser,2026-03-01,b.txt\nP3,Cas,planner,2026-03-01,c.txt\nP4,Dirk,lasser,2026-03-01,d.txt\n")


def test_incidents_are_found_from_the_data_with_everyones_dating(case_factory):
    from undercurrent.timeline.events import discover_incidents, timeline

    case = case_factory(STROOM, PEOPLE)
    corpus = uc.load_corpus(case)
    assert "stroomuitval" in set(discover_incidents(corpus)["incident"])  # on no list: found from the data
    _, inc = timeline(corpus)
    row = inc.set_index("incident").loc["stroomuitval"]
    assert row["participants"] == 4 and row["n_datings"] == 3
    assert row["datings"]["An"] == "2015 (explicit)" and row["datings"]["Bo"] == "2016 (explicit)"
    assert row["datings"]["Cas"].endswith("(relative)")
    assert row["agree"] is not None and not row["agree"]  # the datings differ
    assert row["spread_years"] >= 1
    # "de keukenbrand" is the fire (a known incident it ends in); one person only: never "agree"
    assert "brand" not in set(inc["incident"])


SALE = {  # one takeover in four wordings, a system known by its name, a person who is no incident
    "a.txt": "I: Wat is er gebeurd?\nR: In 2015 heeft de familie de zaak verkocht aan Mediagroep Noord. "
             "In 2019 kwam PrintVision, en dat was vanaf dag één een ramp.\n",
    "b.txt": "I: Wat is er gebeurd?\nR: De overname door Noord was in 2016, in de zomer. "
             "Zes jaar geleden moesten we over op PrintVision.\n",
    "c.txt": "I: Wat is er gebeurd?\nR: Dat was een jaar of negen geleden, dat Noord ons overnam. "
             "Met PrintVision was er soms dagen niks te doen.\n",
    "d.txt": "I: En jij?\nR: Ik ben hier gekomen met de overname, Bo zat hier toen al. "
             "Bo weet daar meer van.\n",
}
SALE_PEOPLE = ("participant_id,pseudonym,role,interview_date,file\nP1,An,drukker,2025-11-04,a.txt\n"
               "P2,Bo,planner,2025-11-05,b.txt\nP3,Cas,dtp,2025-11-06,c.txt\nP4,Dirk,directeur,2025-11-12,d.txt\n")


def test_one_incident_under_several_names_and_systems_by_their_name(case_factory):
    from undercurrent.timeline.events import discover_incidents, timeline

    corpus = uc.load_corpus(case_factory(SALE, SALE_PEOPLE, case_toml='name = "Drukkerij Kroon"\n'))
    found = discover_incidents(corpus).set_index("incident")
    # "de overname", "dat Noord ons overnam" and "verkocht aan Mediagroep Noord": one incident
    sale = next(i for i, names in found["names"].items() if "overname" in names)
    assert {"overname", "Noord"} <= set(found.at[sale, "names"])
    assert "PrintVision" in found.index  # a system on no list, named by three people, dated by two
    assert not {"Bo", "Dirk", "Kroon"} & set(found.index)  # participants and the organisation are no incidents
    _, inc = timeline(corpus)
    row = inc.set_index("incident").loc[sale]
    assert row["participants"] == 4
    assert row["datings"]["An"] == "2015 (explicit)" and "2016-06/2016-08" in row["datings"]["Bo"]  # the summer of 2016
    assert "(relative)" in row["datings"]["Cas"] and row["agree"] is not None and not row["agree"]
    # a case's [incidents] name renames what was found under every one of its names
    _, inc = timeline(corpus, incidents={"de overname": "Overname door Noord"})
    assert inc.set_index("incident").at["Overname door Noord", "participants"] == 4


def test_a_dating_just_before_the_first_mention_dates_it(case_factory):
    from undercurrent.timeline.events import timeline

    texts = {"a.txt": "I: Wat weet je nog?\nR: Dat was in 2014. Toen hadden we een stroomstoring, alles lag plat.\n",
             "b.txt": "I: Wat weet je nog?\nR: Nou, de stroomstoring in 2015, die vergeet ik niet.\n"}
    people = ("participant_id,pseudonym,role,interview_date,file\nP1,An,lasser,2026-03-01,a.txt\n"
              "P2,Bo,lasser,2026-03-01,b.txt\n")
    _, inc = timeline(uc.load_corpus(case_factory(texts, people)))
    row = inc.set_index("incident").loc["stroomstoring"]  # "een stroomstoring": a known word after "een"
    assert row["datings"] == {"An": "2014 (explicit)", "Bo": "2015 (explicit)"}
    assert row["agree"] is not None and not row["agree"]


@pytest.mark.parametrize("word, lemma, past", [("verkocht", "verkopen", True), ("overnam", "overnemen", True),
                                               ("gestaakt", "staken", True), ("verkopen", "verkopen", False),
                                               ("verkoopt", "verkopen", False), ("verhuist", "verhuizen", False),
                                               ("verhuisd", "verhuizen", True)])
def test_only_past_verb_forms_recount_an_incident(word, lemma, past):
    from undercurrent.timeline.events import _past_form

    assert _past_form(word, lemma, "nl") is past


def test_case_toml_incidents_name_merge_and_ignore(case_factory):
    from undercurrent.timeline.events import timeline

    toml = ('name = "T"\n[incidents]\nbrand = ["keukenbrand", "die nacht met de rook"]\n'
            'ignore = ["stroomuitval"]\n')
    case = case_factory(STROOM, PEOPLE, case_toml=toml)
    _, inc = timeline(uc.load_corpus(case))
    assert "stroomuitval" not in set(inc["incident"])
    corpus = uc.load_corpus(case)
    from undercurrent.timeline.events import incident_config, incident_mentions

    aliases, ignore = incident_config([case])
    named = incident_mentions(corpus, incidents=aliases, ignore=ignore)
    dirk = named[(named["pseudonym"] == "Dirk") & ~named["linked"]]
    # "de keukenbrand" and "die nacht met de rook" are the same incident, named "brand"
    assert set(dirk["incident"]) == {"brand"} and len(dirk) == 2
    _, inc = timeline(corpus, ignore=["stroomuitval"], incidents={"de rook": "brand"})
    assert "brand" not in set(inc["incident"])  # one person names it twice: a shared incident needs two people


def test_broken_incidents_table_is_a_clear_error(tmp_path):
    from undercurrent.corpus.case import read_case_config
    from undercurrent.errors import InputError

    (tmp_path / "case.toml").write_text('[incidents]\nbrand = 3\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"\[incidents\] brand must be a list"):
        read_case_config(tmp_path)
    (tmp_path / "case.toml").write_text('incidents = "brand"\n', encoding="utf-8")
    with pytest.raises(InputError, match="must be a table"):
        read_case_config(tmp_path)


@pytest.mark.parametrize("text, lang, expected_text, value", [
    ("Een jaar of tien geleden was dat.", "nl", "Een jaar of tien geleden", "[2014..2018]"),
    ("Zes, zeven jaar terug.", "nl", "Zes, zeven jaar terug", "[2019..2020]"),
    ("Over twee jaar stop ik.", "nl", "Over twee jaar", "2028"),
    ("In negentienachtenzeventig begon ik.", "nl", "In negentienachtenzeventig", "1978"),
    ("In de tweede lockdown was het stil.", "nl", "In de tweede lockdown", "2020/2021"),
    ("Voordat ik hier kwam, was het anders.", "nl", "Voordat ik hier kwam", "../1995"),
    ("In mijn derde jaar hier ging het mis.", "nl", "In mijn derde jaar hier", "[1997..1998]"),
    ("Vanochtend om drie uur ging de bel.", "nl", "Vanochtend om drie uur", "2026-03-10"),
    ("Het derde kwartaal van 2019 was slecht.", "nl", "Het derde kwartaal van 2019", "2019-07/2019-09"),
    ("Twee weken geleden.", "nl", "Twee weken geleden", "2026-02-24"),
    ("Na veertig jaar ga ik met pensioen.", "nl", "Na veertig jaar", None),
    ("I was eighteen when I came here.", "en", "I was eighteen", "[1988..1989]"),
    ("Last September we moved.", "en", "Last September", "2025-09"),
    ("About a decade ago.", "en", "About a decade ago", "[2014..2018]"),
    ("during the financial crisis", "en", "during the financial crisis", "2008/2009"),
    ("De overname was in 2016, in de zomer.", "nl", "in de zomer", "2016-06/2016-08"),
    ("Vorig jaar in maart zijn we gehackt.", "nl", "in maart", "2025-03"),
    ("In de zomer zijn we gehackt.", "nl", "In de zomer", "2025-06/2025-08"),
    ("In 2019 begon ik, sinds maart werk ik thuis.", "nl", "sinds maart", "2026-03/.."),
    ("Zaakwijzer ging in 2024 live, en die eerste maanden waren zwaar.", "nl", "die eerste maanden", "2024/2025"),
    ("Mijn eerste maanden waren zwaar.", "nl", "Mijn eerste maanden", "[1995..1996]"),
    ("Toen ik hier net werkte was er een ontslagronde.", "nl", "Toen ik hier net werkte", "[1995..1996]"),
    ("De herindeling was ver voor mijn tijd.", "nl", "ver voor mijn tijd", "../1995"),
    ("We zijn vlak voor corona verhuisd.", "nl", "vlak voor corona", "[2019..2020]"),
    ("Vlak voordat ik hier kwam was de reorganisatie.", "nl", "Vlak voordat ik hier kwam", "[1994..1995]"),
    ("Shortly after the pandemic we moved.", "en", "Shortly after the pandemic", "[2022..2023]"),
    # time served, one's own seasons, the year one turned N, a holiday with its year
    ("Ik was er net anderhalf jaar toen de fusie rond was.", "nl", "Ik was er net anderhalf jaar", "[1996..1997]"),
    ("Dat was mijn tweede zomer hier.", "nl", "mijn tweede zomer hier", "[1996..1997]"),
    ("In het jaar dat ik vijfentwintig jaar in dienst was.", "nl",
     "In het jaar dat ik vijfentwintig jaar in dienst was", "2020"),
    ("It was the year I turned forty-eight.", "en", "the year I turned forty-eight", "[2018..2019]"),
    ("My third Christmas here, that was.", "en", "My third Christmas here", "[1997..1998]"),
    ("By then I'd been here two years.", "en", "I'd been here two years", "1997"),
    ("Boxing Day 2015, I'll never forget it.", "en", "Boxing Day 2015", "2015-12"),
    ("That was summer 2019.", "en", "summer 2019", "2019-06/2019-08"),
    # life phases, parts of a year or century, a year as words, clauses dated by their own year
    ("Op de lagere school was ik al bezig.", "nl", "Op de lagere school", "1976/1982"),
    ("In mijn tienerjaren werkte ik al.", "nl", "In mijn tienerjaren", "1983/1989"),
    ("Begin vorig jaar ging het mis.", "nl", "Begin vorig jaar", "2025-01/2025-04"),
    ("Dat was begin deze eeuw.", "nl", "begin deze eeuw", "[2000..2010]"),
    ("Volgende week maandag begin ik.", "nl", "Volgende week maandag", "2026-03-16"),
    ("Een half jaar geleden.", "nl", "Een half jaar geleden", "2025-09"),
    ("It was ninety-seven, ninety-eight, I think.", "en", "ninety-seven, ninety-eight", "1997/1998"),
    ("After Mum died in ninety-one I left.", "en", "After Mum died in ninety-one", "1991/.."),
    ("Early last year we moved.", "en", "Early last year", "2025-01/2025-04"),
    ("The year before last.", "en", "The year before last", "2024"),
    ("Dat was in januari achttien.", "nl", "in januari achttien", "2018-01"),
    ("Ik was net tweeënveertig geworden.", "nl", "Ik was net tweeënveertig geworden", "[2012..2013]"),
    ("Just before Covid, that was.", "en", "Just before Covid", "[2019..2020]"),
    ("De laatste tien jaar is het anders.", "nl", "De laatste tien jaar", "2016/2026"),
    ("Volgend kwartaal beginnen we.", "nl", "Volgend kwartaal", "2026-Q2"),
    ("The summer before last was hot.", "en", "The summer before last", "2024-06/2024-08"),
    ("It was since two thousand twenty-two.", "en", "since two thousand twenty-two", "2022"),
    ("In het jaar dat ik hier begon.", "nl", "In het jaar dat ik hier begon", "[1995..1996]"),
    ("Zaterdag kwam hij langs.", "nl", "Zaterdag", "2026-03-07"),
    ("Elke zaterdag gingen we vissen.", "nl", "Elke zaterdag", None),
    ("It was the second of December 2019.", "en", "the second of December 2019", "2019-12-02"),
    ("During the winter of discontent.", "en", "During the winter of discontent", "1978/1979"),
    ("Met de varkenspest lag alles stil.", "nl", "Met de varkenspest", "1997/1998"),
    ("Eh... eind 2014, of begin 2015.", "nl", "eind 2014", "2014-09/2014-12"),
    ("Six or seven years back now.", "en", "Six or seven years back", "[2019..2020]"),
    ("We take them to Cumbria every Easter.", "en", "every Easter", None),
    ("Op 4 oktober '86. Een zaterdag, het regende.", "nl", "Een zaterdag", "1986-10-04"),
    ("Het gebeurde op een zaterdag.", "nl", "op een zaterdag", None),
    ("Het was midden in de kredietcrisis.", "nl", "midden in de kredietcrisis", "2008/2009"),
    ("Dat was de zomer dat ik vijftig werd.", "nl", "de zomer dat ik vijftig werd", "2020"),
    ("Dat was de tweede coronazomer.", "nl", "de tweede coronazomer", "2021"),
    ("Ik werkte hier nog geen half jaar toen het gebeurde.", "nl", "Ik werkte hier nog geen half jaar", "[1995..1996]"),
])
def test_narrative_expressions_resolve(text, lang, expected_text, value):
    found = tag(text, lang)
    res = resolve_sequence(found, interview_date=date(2026, 3, 10), birth_year=1970, start_year=1995,
                           contexts=[text] * len(found))
    hit = [(e, r) for e, r in zip(found, res) if e.text == expected_text]
    assert hit, [e.text for e in found]
    assert hit[0][1].value == value


@pytest.mark.parametrize("text, lang, clause", [
    ("En toen Tata kwam ging het mis.", "nl", "toen Tata kwam"),
    ("Toen we Corus werden, was alles anders.", "nl", "Toen we Corus werden"),
    ("That was when old Mr Hebden retired.", "en", "when old Mr Hebden retired"),
])
def test_events_told_as_clauses_are_found(text, lang, clause):
    assert [(e.text, e.type) for e in tag(text, lang)] == [(clause, "clause")]


def test_then_is_no_clause_and_an_anchor_is_no_clause():
    assert tag("Toen ging ik naar huis.", "nl") == []
    assert [e.type for e in tag("Sinds de nieuwe cao is het anders.", "nl")] == ["anchor"]


@pytest.mark.parametrize("text, lang", [
    ("(Jansen, 2019: 45) laat dat zien.", "nl"), ("Zie doi:10.1000/2019.123 en https://x.nl/2019.", "nl"),
    ("We hebben 100s of 1000s of posts.", "en"), ("Mail naar jan2019@voorbeeld.nl.", "nl"),
    ("We had ninety-one people in ninety-one rooms.", "en"),
])
def test_citations_links_and_counts_are_not_dates(text, lang):
    assert not [e for e in tag(text, lang) if e.type in ("year", "date", "decade")]


def test_biographical_headers_are_dates():
    found = tag("(Zwolle 3-5-1902 – Utrecht 11-9-1971)", "nl")
    assert [e.text for e in found] == ["3-5-1902", "11-9-1971"]


def test_life_history_events_are_labelled_by_what_happened():
    from undercurrent.timeline.events import event_clause

    text = "In 1981 ben ik hier begonnen, als jongen van vijftien."
    assert event_clause(text, 0, 7) == "ben ik hier begonnen"
    assert event_clause("Toen ik zestien was, eh, ging ik van school af.", 0, 19) == "ging ik van school af"


def test_offsets_from_an_event_the_speaker_dates():
    text = "De overname was in 2014. Twee jaar na de overname ging het mis."
    found = tag(text)
    res = resolve_sequence(found, interview_date=date(2026, 3, 10), contexts=[text] * len(found))
    assert [(e.text, r.value) for e, r in zip(found, res)] == [("in 2014", "2014"), ("Twee jaar na de overname", "2016")]
    english = "The merger was in 2009. Two years after the merger we moved."
    found = tag(english, "en")
    res = resolve_sequence(found, interview_date=date(2026, 3, 10), contexts=[english] * len(found))
    assert res[-1].value == "2011" and res[-1].derivation == "anchored"


ZOO = {  # an escape known by the animal's name, a takeover by a buyer, a leak told as "het lek"
    "a.txt": "I: Wat is je bijgebleven?\nR: Bongo. Iedereen kent het verhaal van Bongo.\n\nI: Wanneer was dat?\n"
             "R: Ik was achtenveertig. Bongo is in 2019 overleden, hij was oud.\n\nI: En daarna?\n"
             "R: Parkland heeft ons toen gekocht. Dat was twee, drie jaar na Bongo.\n",
    "b.txt": "I: Wat is je bijgebleven?\nR: Bongo natuurlijk. Een jaar of vijftien geleden.\n\n"
             "I: En verder?\nR: De overname door Parkland was in 2016. We kochten toen ook een nieuwe bus.\n",
    "c.txt": "I: Wat is je bijgebleven?\nR: Het lek, natuurlijk. Het ammoniaklek.\n\nI: Vertel.\n"
             "R: Dat was in de zomer van 2013, denk ik. Het gedoe met Bongo was daarvoor.\n",
    "d.txt": "I: Wat is je bijgebleven?\nR: Het ammoniaklek. Een jaar of twaalf geleden.\n",
}
ZOO_PEOPLE = ("participant_id,pseudonym,role,birth_year,start_year,interview_date,file\n"
              "P1,An,verzorger,1963,1990,2026-03-01,a.txt\nP2,Bo,technicus,1970,2000,2026-03-01,b.txt\n"
              "P3,Cas,laborant,1980,2010,2026-03-01,c.txt\nP4,Dirk,operator,1975,2005,2026-03-01,d.txt\n")


def test_incidents_found_by_a_name_a_sentence_starts_with_a_compound_and_a_question(case_factory):
    from undercurrent.timeline.events import discover_incidents, timeline

    corpus = uc.load_corpus(case_factory(ZOO, ZOO_PEOPLE))
    found = discover_incidents(corpus).set_index("incident")
    # "Bongo natuurlijk." starts a sentence, but Bongo is a name inside others; "Wanneer was dat?"
    # asks after Bongo, so "Ik was achtenveertig" dates it
    assert "Bongo" in found.index
    # "het lek" and "het ammoniaklek" are one incident, shown by the compound most people use
    assert "ammoniaklek" in found.index and {"lek", "ammoniaklek"} <= set(found.at["ammoniaklek", "names"])
    # "Parkland heeft ons toen gekocht" is the takeover; "we kochten een bus" is no incident
    takeover = next(i for i, names in found["names"].items() if "overname" in names)
    events_frame, inc = timeline(corpus)
    row = inc.set_index("incident").loc[takeover]
    assert row["participants"] == 2
    # "twee, drie jaar na Bongo" counts from An's own first dating of Bongo (aged 48: 2011-2012),
    # not from "Bongo is in 2019 overleden" nor from everyone's
    an = row["dating_rows"][row["dating_rows"]["pseudonym"] == "An"]
    assert list(an["value"]) == ["[2013..2015]"]
    assert inc.set_index("incident").at["Bongo", "datings"]["An"].startswith("[2011..2012] (age)")


def test_english_incidents_keep_english_names_and_appositions_merge(case_factory):
    from undercurrent.timeline.events import timeline

    texts = {"a.txt": "I: What stands out?\nR: The takeover. Harbour. That was summer 2019.\n",
             "b.txt": "I: What stands out?\nR: The takeover, obviously. Just before Covid, that was. "
                      "Then Harbour came, in 2019.\n",
             "c.txt": "I: What stands out?\nR: The flood. Boxing Day 2015.\n\nI: And then?\n"
                      "R: The takeover. That was maybe two years after the flood.\n",
             "d.txt": "I: What stands out?\nR: The flood was in 2014, I think.\n"}
    people = ("participant_id,pseudonym,role,interview_date,file\nP1,An,clerk,2026-03-01,a.txt\n"
              "P2,Bo,analyst,2026-03-01,b.txt\nP3,Cas,facilities,2026-03-01,c.txt\nP4,Dee,clerk,2026-03-01,d.txt\n")
    corpus = uc.load_corpus(case_factory(texts, people, case_toml='name = "Northgate"\nlanguage = "en"\n'))
    _, inc = timeline(corpus)
    inc = inc.set_index("incident")
    assert "takeover" in inc.index and "overname" not in inc.index
    assert "Harbour" not in inc.index  # "The takeover. Harbour.": one incident
    assert inc.at["takeover", "datings"]["Cas"] == "2017 (anchored)"  # two years after Cas's own flood
    assert inc.at["flood", "datings"] == {"Cas": "2015-12 (explicit)", "Dee": "2014 (explicit)"}


NURSERY = {  # a founder's departure told three ways, a hailstorm under three compounds, a date beside a lockdown
    "a.txt": "I: Wat is je bijgebleven?\nR: Het vertrek van Kees senior. Dat was eind 2012.\n\n"
             "I: En verder?\nR: De hagelbui, op 23 juni 2016.\n\nI: Nog iets?\nR: De ransomware-aanval. "
             "Dat was in februari 2021, midden in de lockdown.\n",
    "b.txt": "I: Wat is je bijgebleven?\nR: Toen Kees stopte, dat was in 2013.\n\n"
             "I: En verder?\nR: De hagel, in 2016 was dat.\n\nI: Nog iets?\nR: Die aanval op onze systemen. "
             "In maart 2021, denk ik.\n",
    "c.txt": "I: Wat is je bijgebleven?\nR: Het afscheid van meneer Kees, in 2012.\n\n"
             "I: En verder?\nR: De hagelschade was in 2017, denk ik.\n",
}
NURSERY_PEOPLE = ("participant_id,pseudonym,role,interview_date,file\nP1,An,directeur,2026-03-01,a.txt\n"
                  "P2,Bo,teler,2026-03-01,b.txt\nP3,Cas,verkoper,2026-03-01,c.txt\n")


def test_incidents_that_happened_to_a_person_compounds_and_datings_beside_a_period(case_factory):
    from undercurrent.timeline.events import discover_incidents, timeline

    corpus = uc.load_corpus(case_factory(NURSERY, NURSERY_PEOPLE))
    found = discover_incidents(corpus).set_index("incident")
    # "het vertrek van Kees", "toen Kees stopte", "het afscheid van meneer Kees": one departure
    assert found.at["vertrek van Kees", "participants"] == 3
    # "de hagelbui", "de hagel", "de hagelschade": one hailstorm, under the word most people use
    hail = next(i for i, names in found["names"].items() if "hagel" in names)
    assert {"hagelbui", "hagelschade"} <= set(found.at[hail, "names"]) and found.at[hail, "participants"] == 3
    _, inc = timeline(corpus)
    inc = inc.set_index("incident")
    assert inc.at["vertrek van Kees", "datings"] == {"An": "2012-09/2012-12 (explicit)", "Bo": "2013 (explicit)",
                                                     "Cas": "2012 (explicit)"}
    assert not inc.at["vertrek van Kees", "agree"]
    # "in februari 2021, midden in de lockdown" dates the attack, not corona
    attack = inc.loc[[i for i in inc.index if "aanval" in i][0]]
    assert set(attack["datings"]) == {"An", "Bo"} and attack["datings"]["An"].startswith("2021-02")
    assert "corona" not in inc.index


def test_a_noun_dated_by_two_people_is_no_incident_unless_something_happened(case_factory):
    from undercurrent.timeline.events import discover_incidents

    texts = {"a.txt": "I: Hoe zit het met opleiding?\nR: De loonsom, daar gaat sinds 2024 twee procent van naar "
                      "opleiding. Het lek was in 2016.\n",
             "b.txt": "I: Hoe zit het met opleiding?\nR: De loonsom is in 2024 verhoogd. Na het lek, in 2017, "
                      "kwam er een nieuwe leiding.\n"}
    people = ("participant_id,pseudonym,role,interview_date,file\nP1,An,p&o,2026-03-01,a.txt\n"
              "P2,Bo,directeur,2026-03-01,b.txt\n")
    found = set(discover_incidents(uc.load_corpus(case_factory(texts, people)))["incident"])
    assert "lek" in found  # an event noun on no list: a leak
    assert "loonsom" not in found  # a wage bill, dated by both, but nothing that happened


def test_a_story_or_a_bare_name_asked_for_is_told_as_an_event(case_factory):
    from undercurrent.timeline.events import discover_incidents

    # "het wiel" has no event noun's form: what makes it one is being told as a story, or named
    # alone when asked what happened; the dating beside the story dates the telling, not the wheel
    texts = {"a.txt": "I: Welke verhalen hoorde je?\nR: In mijn eerste week vertelde Henk het verhaal van het wiel. "
                      "Een klant verloor rond 2010 een wiel op de dijk.\n",
             "b.txt": "I: Zijn er gebeurtenissen die je zijn bijgebleven?\nR: Het wiel. Dat kent iedereen. Dat was in "
                      "2011.\n",
             "c.txt": "I: Hoe gaat het met de banden?\nR: Het wiel zit vast. Dat was in 2024 nieuw. Het wiel draait in "
                      "2025 weer.\n"}
    people = ("participant_id,pseudonym,role,start_year,interview_date,file\nP1,An,directeur,2020,2026-03-01,a.txt\n"
              "P2,Bo,spuiter,1994,2026-03-01,b.txt\nP3,Cas,monteur,2015,2026-03-01,c.txt\n")
    found = discover_incidents(uc.load_corpus(case_factory(texts, people))).set_index("incident")
    assert found.at["wiel", "participants"] == 3 and found.at["wiel", "dated_mentions"] >= 2
    texts["b.txt"] = "I: Hoe gaat het?\nR: Het wiel. Dat kent iedereen. Dat was in 2011.\n"
    texts["a.txt"] = texts["a.txt"].replace("het verhaal van het wiel", "over het wiel")
    assert "wiel" not in set(discover_incidents(uc.load_corpus(case_factory(texts, people)))["incident"])


def test_two_names_two_people_use_in_one_answer_are_one_incident(case_factory):
    from undercurrent.timeline.events import discover_incidents

    texts = {"a.txt": "I: Wat veranderde er?\nR: In 2017 kwam de zelfsturing. Die reorganisatie was zwaar.\n",
             "b.txt": "I: Wat veranderde er?\nR: De reorganisatie, in 2017. De zelfsturing werkte niet.\n",
             "c.txt": "I: Wat veranderde er?\nR: De zelfsturing begon in 2018, denk ik.\n"}
    people = ("participant_id,pseudonym,role,interview_date,file\nP1,An,zorg,2026-03-01,a.txt\n"
              "P2,Bo,zorg,2026-03-01,b.txt\nP3,Cas,zorg,2026-03-01,c.txt\n")
    found = discover_incidents(uc.load_corpus(case_factory(texts, people)))
    row = found[found["names"].map(lambda names: "zelfsturing" in names)].iloc[0]
    assert "reorganisatie" in row["names"] and row["participants"] == 3


def test_family_clauses_are_dated_by_the_births_the_speaker_tells(case_factory):
    from undercurrent.timeline.events import timeline

    people = "participant_id,pseudonym,role,interview_date,file\nP1,An,drukker,2026-03-01,a.txt\n"
    dutch = {"a.txt": "I: Wat weet je nog?\nR: De ontslagen kwamen toen mijn dochter net geboren was. "
                      "Mijn dochter is van 2012, ze zit nu op de havo.\n"}
    english = {"a.txt": "I: What do you remember?\nR: The redundancies were the time I was pregnant with Arjun. "
                        "Our daughter was born in 2014, and our son, Arjun, in January 2020.\n"}
    value = {}
    for texts, toml in ((dutch, 'name = "D"\n'), (english, 'name = "E"\nlanguage = "en"\n')):
        events_frame, _ = timeline(uc.load_corpus(case_factory(texts, people, case_toml=toml)))
        value.update(zip(events_frame["expression"], events_frame["value"]))
    assert value["toen mijn dochter net geboren was"] == "2012"
    assert value["the time I was pregnant with Arjun"] == "[2019..2020]"


def test_a_wedding_clause_is_dated_by_the_wedding_told_elsewhere(case_factory):
    from undercurrent.timeline.events import timeline

    people = "participant_id,pseudonym,role,interview_date,file\nP1,An,roeier,2025-10-01,a.txt\n"
    texts = {"a.txt": "I: Wanneer was de black-out?\nR: Het jaar dat ik getrouwd ben. Dat weet ik zeker.\n\n"
                      "I: En thuis?\nR: Getrouwd met Lisa, in 2018, dat zei ik al.\n"}
    events_frame, _ = timeline(uc.load_corpus(case_factory(texts, people)))
    values = dict(zip(events_frame["expression"], events_frame["value"]))
    assert values["Het jaar dat ik getrouwd"] == "2018"


def test_a_dating_that_opens_an_answer_dates_what_it_then_tells(case_factory):
    from undercurrent.timeline.events import discover_incidents

    texts = {f"{k}.txt": f"I: Wat bedoelde je met het huis?\nR: Ja. Juli '21. {k} weet het nog. "
                         "Toen de kelder onderliep, dat was echt een ramp.\n" for k in "ab"}
    people = ("participant_id,pseudonym,role,interview_date,file\nP1,An,brouwer,2026-02-01,a.txt\n"
              "P2,Bo,brouwer,2026-02-01,b.txt\n")
    found = discover_incidents(uc.load_corpus(case_factory(texts, people))).set_index("incident")
    assert found.at["kelder", "dated_mentions"] == 2


def test_exclamations_are_no_incidents(case_factory):
    from undercurrent.timeline.events import discover_incidents

    texts = {f"{k}.txt": "I: What do you remember?\nR: The fire, in 2019. We lost the lab to God knows what. "
                         "Thank God, nobody died, it was in 2019.\n" for k in "ab"}
    people = ("participant_id,pseudonym,role,interview_date,file\nP1,An,lecturer,2025-06-01,a.txt\n"
              "P2,Bo,lecturer,2025-06-01,b.txt\n")
    found = discover_incidents(uc.load_corpus(case_factory(texts, people, case_toml='name = "E"\nlanguage = "en"\n')))
    assert "fire" in set(found["incident"]) and not any("God" in names for names in found["names"])


def test_one_name_dated_decades_apart_is_two_events(case_factory):
    from undercurrent.timeline.events import timeline

    texts = {"a.txt": "I: Wat weet je nog?\nR: In 1984 was de overname door mijn vader. Later ging ik hier werken.\n",
             "b.txt": "I: Wat weet je nog?\nR: De overname, dat was in 1984.\n",
             "c.txt": "I: Wat weet je nog?\nR: De overname door Henk was in 2016. In 1984, bij de vorige overname, "
                      "was ik er niet.\n"}
    people = ("participant_id,pseudonym,role,interview_date,file\nP1,An,lasser,2026-03-01,a.txt\n"
              "P2,Bo,planner,2026-03-01,b.txt\nP3,Cas,p&o,2026-03-01,c.txt\n")
    _, inc = timeline(uc.load_corpus(case_factory(texts, people)))
    shown = inc.set_index("incident")
    # Cas dates it 2016 and 1984: her own dating is the one someone else gives too
    assert shown.at["overname", "participants"] == 3 and shown.at["overname", "agree"]
    assert set(inc["name"]) == {"overname"}


def test_a_name_for_two_events_is_shown_as_two(case_factory):
    from undercurrent.timeline.events import timeline

    texts = {"a.txt": "I: Wat weet je nog?\nR: In 1984 was de overname door mijn vader.\n",
             "b.txt": "I: Wat weet je nog?\nR: De overname, dat was in 1984.\n",
             "c.txt": "I: Wat weet je nog?\nR: De overname door Henk was in 2016.\n"}
    people = ("participant_id,pseudonym,role,interview_date,file\nP1,An,lasser,2026-03-01,a.txt\n"
              "P2,Bo,planner,2026-03-01,b.txt\nP3,Cas,p&o,2026-03-01,c.txt\n")
    _, inc = timeline(uc.load_corpus(case_factory(texts, people)))
    shown = inc.set_index("incident")
    assert shown.at["overname (1984)", "participants"] == 2 and shown.at["overname (1984)", "agree"]
    assert shown.at["overname (2016)", "participants"] == 1  # one person: it says so
    assert set(inc["name"]) == {"overname"}


def test_tagging_shortcuts_change_nothing(monkeypatch):
    """Every rule's gate (the words a sentence needs before the rule is tried) and matching on
    lower-cased text change nothing: the gold passages tag the same with both off."""
    from pathlib import Path

    import undercurrent.timeline.tagger as tagger

    root = Path(__file__).resolve().parents[1] / "benchmarks" / "data"
    texts = [(r["text"], r.get("lang", "nl")) for path in sorted(root.glob("temporal_gold*/*.jsonl"))
             for r in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if r]
    assert len(texts) > 100
    gated = [tagger._tagged.__wrapped__(t, lang, ()) for t, lang in texts]
    assert any(rule[4] is not None for rule in tagger._rule_index("nl", ())[2])
    rules = tagger._compiled.__wrapped__
    monkeypatch.setattr(tagger, "_compiled", lambda lang: [(k, p, pr, ()) for k, p, pr, _ in rules(lang)])
    monkeypatch.setattr(tagger, "_case_free", lambda pattern: None)
    tagger._rule_index.cache_clear()
    try:
        assert [tagger._tagged.__wrapped__(t, lang, ()) for t, lang in texts] == gated
    finally:
        tagger._rule_index.cache_clear()
    assert tagger._required_words(r"\b(?:(?P<mod>vlak|kort)\s+)?(?P<rel>na|voor)\s+de") == ({"na", "voor"},)
    assert tagger._required_words(r"\b(?P<w>jaar(?:en)?|maand)\b") == ()  # "jaren" is another word
    assert tagger._required_words(r"\b(?:toen|het\s+jaar\s+dat)\s+(?:ik|hij)\s+(?P<n>\d+)\s+was\b") \
        == ({"toen", "jaar"}, {"ik", "hij"}, {"was"})
    assert tagger._required_words(r"(?:zeven|negen)(?:en|ën)twintig\b") == ()


@pytest.mark.parametrize("sentence, found", [
    ("Toen Parkland ons kocht, in 2019.", [("overname", 18)]),
    ("Sinds toen Van Riet ons kocht, een jaar of tien geleden.", [("overname", 24)]),
    ("In 2020 hebben wij een huis gekocht.", []),  # a purchase, not a takeover
    ("We kochten een nieuwe pers.", []),
])
def test_buying_is_a_takeover_only_of_us(sentence, found):
    from undercurrent.timeline.events import _verb_mentions

    assert _verb_mentions(sentence, "nl") == found


def test_a_matter_of_the_day_and_a_storm_of_letters_are_no_incidents(case_factory):
    from undercurrent.timeline.events import discover_incidents

    texts = {"a.txt": "I: Wat speelt er?\nR: De huisvesting, dat is nu het grote ding. Dit jaar nog erger.\n",
             "b.txt": "I: Wat speelt er?\nR: De huisvesting van de Polen, vorig jaar was dat al zo. En toen kregen we "
                      "een storm aan sollicitaties, in 2025.\n",
             "c.txt": "I: Wat speelt er?\nR: De huisvesting, dit jaar. Ook een storm aan klachten, in 2025.\n"}
    people = ("participant_id,pseudonym,role,interview_date,file\nP1,An,teler,2026-03-01,a.txt\n"
              "P2,Bo,teler,2026-03-01,b.txt\nP3,Cas,hr,2026-03-01,c.txt\n")
    found = set(discover_incidents(uc.load_corpus(case_factory(texts, people)))["incident"])
    assert not found & {"huisvesting", "storm"}


@pytest.mark.parametrize("sentence", ["Het gaat bijna altijd over geld.", "Ik kan precies zien waar het misgaat.",
                                      "Dat staat er nog."])
def test_a_verb_after_het_or_dat_names_nothing(sentence):
    from undercurrent.timeline.events import _candidate_names

    assert _candidate_names(sentence, "nl", frozenset(), set()) == []
