"""Every turn convention of DESIGN §4, with offsets checked against the stored text."""
import pytest

from undercurrent.corpus.readers import SourceText
from undercurrent.corpus.segment import assign_roles, detect_turns, segment_source


def turns_of(text: str, paragraph_break="blank_line"):
    seg = segment_source(SourceText(text, "txt", paragraph_break=paragraph_break))
    return seg, [r for r in seg.rows if r["kind"] == "turn"]


def spoken(text, turns):
    return [(t["speaker"], text[t["start"]:t["end"]]) for t in turns]


CONVENTIONS = {
    "I/R": ("I: Hoe ging dat toen?\nR: Nou, eh, gewoon. Op gevoel.\n\nI: Ja?\nR: Ja [lacht].\n",
            [("I", "Hoe ging dat toen?"), ("R", "Nou, eh, gewoon. Op gevoel."), ("I", "Ja?"), ("R", "Ja [lacht].")],
            None),
    "Interviewer/Respondent": ("Interviewer: Vertel.\nRespondent: Ik begon in 1981.\nInterviewer: En toen?\n"
                               "Respondent: Toen kwam de brand.\n",
                               [("Interviewer", "Vertel."), ("Respondent", "Ik begon in 1981."),
                                ("Interviewer", "En toen?"), ("Respondent", "Toen kwam de brand.")], None),
    "Name:": ("Marloes: Hoe lang werk je hier al?\nJeroen: Sinds '98. Hij zei: nou, kom maar.\n"
              "Marloes: Oké.\nJeroen: Ja.\n",
              [("Marloes", "Hoe lang werk je hier al?"), ("Jeroen", "Sinds '98. Hij zei: nou, kom maar."),
               ("Marloes", "Oké."), ("Jeroen", "Ja.")], None),
    "[ts] Name:": ("[00:00:03] Marloes: Vertel eens.\n[00:00:05] Kevin: In Almelo.\n[00:12:31] Marloes: Ja.\n",
                   [("Marloes", "Vertel eens."), ("Kevin", "In Almelo."), ("Marloes", "Ja.")], [3000, 5000, 751000]),
    "Name (ts):": ("Marco (00:00:01): Ja, de cobot.\nMarloes (00:01:02): Hoe ging dat?\nMarco (01:02:03): Zelf uitgezocht.\n",
                   [("Marco", "Ja, de cobot."), ("Marloes", "Hoe ging dat?"), ("Marco", "Zelf uitgezocht.")],
                   [1000, 62000, 3723000]),
    "Otter": ("Marloes  0:00\nZo, hij loopt.\n\nSandra  0:13\nIk ben planner.\nTweede regel.\n\nMarloes  1:02:05\nDank je.\n",
              [("Marloes", "Zo, hij loopt."), ("Sandra", "Ik ben planner.\nTweede regel."), ("Marloes", "Dank je.")],
              [0, 13000, 3725000]),
    "[id]": ("[id1] hello, I like the course.\n\n[id2] I am struggling [laughs].\n\n[id1] yes.\n\n[id2] ok\n",
             [("id1", "hello, I like the course."), ("id2", "I am struggling [laughs]."), ("id1", "yes."), ("id2", "ok")],
             None),
    "markdown bold": ("# Interview\n\n**I:** Hoe was dat?\n\n**R:** Mooi.\n\n**I:** En nu?\n\n**R:** Ook.\n",
                      [("I", "Hoe was dat?"), ("R", "Mooi."), ("I", "En nu?"), ("R", "Ook.")], None),
}


@pytest.mark.parametrize("name", CONVENTIONS)
def test_turn_conventions_recognised_with_exact_offsets(name):
    text, expected, times = CONVENTIONS[name]
    seg, turns = turns_of(text)
    assert spoken(text, turns) == expected
    if times:
        assert [t["t_start_ms"] for t in turns] == times


@pytest.mark.parametrize("name", CONVENTIONS)
def test_crlf_keeps_offsets_exact(name):
    text, expected, _ = CONVENTIONS[name]
    crlf = text.replace("\n", "\r\n")
    _, turns = turns_of(crlf)
    assert spoken(crlf, turns) == [(s, t.replace("\n", "\r\n")) for s, t in expected]


def test_preamble_and_single_colon_lines_are_not_turns():
    text = "Interview 4\nDatum: 21 september 2026\n\nI: Vraag?\nR: Antwoord.\nLet op: dit hoort bij R.\nI: Ok.\n"
    _, turns = turns_of(text)
    assert spoken(text, turns) == [("I", "Vraag?"), ("R", "Antwoord.\nLet op: dit hoort bij R."), ("I", "Ok.")]


def test_transcription_mark_at_line_start_is_not_a_speaker():
    text = "[id1] hallo\n\n[lacht] echt\n\n[id2] ja\n\n[id1] nee\n\n[lacht] ha\n\n[id2] nou\n"
    _, turns = turns_of(text)
    assert [t["speaker"] for t in turns] == ["id1", "id2", "id1", "id2"]
    assert text[turns[0]["start"]:turns[0]["end"]] == "hallo\n\n[lacht] echt"


def test_unlabelled_text_gives_one_turn_per_paragraph():
    text = "Eerste alinea.\nNog een regel.\n\nTweede alinea."
    seg, turns = turns_of(text)
    assert seg.unlabelled and seg.convention is None
    assert spoken(text, turns) == [(None, "Eerste alinea.\nNog een regel."), (None, "Tweede alinea.")]


def test_paragraphs_and_sentences_nest_inside_turns():
    text = "I: Vraag?\nR: Ik had pijn aan mijn hand. Toen ging ik naar huis.\n\nDe bel. Toen was het goed.\n"
    seg, turns = turns_of(text)
    paras = [r for r in seg.rows if r["kind"] == "paragraph"]
    sents = [r for r in seg.rows if r["kind"] == "sentence"]
    assert [text[p["start"]:p["end"]] for p in paras] == [
        "Vraag?", "Ik had pijn aan mijn hand. Toen ging ik naar huis.", "De bel. Toen was het goed."]
    # abbreviation-like words ("hand.", "bel.") do not glue sentences together
    assert [text[s["start"]:s["end"]] for s in sents] == [
        "Vraag?", "Ik had pijn aan mijn hand.", "Toen ging ik naar huis.", "De bel.", "Toen was het goed."]
    for s in sents:
        parent = paras[s["parent"][1]]
        assert parent["start"] <= s["start"] < s["end"] <= parent["end"]
    assert sum(s["n_words"] for s in sents) == turns[0]["n_words"] + turns[1]["n_words"]


def test_real_abbreviations_keep_their_sentence():
    text = "R: Dat was bijv. bij dhr. Kampman, o.a. in de hal. Klaar.\nI: Ok.\nR: Ja."
    seg, _ = turns_of(text)
    sents = [text[r["start"]:r["end"]] for r in seg.rows if r["kind"] == "sentence"]
    assert sents[:2] == ["Dat was bijv. bij dhr. Kampman, o.a. in de hal.", "Klaar."]


def test_transcription_marks_are_not_words():
    text = "R: Ja [lacht] nou (...) eh [onverstaanbaar] goed.\nI: Ok.\nR: Ja."
    _, turns = turns_of(text)
    assert turns[0]["n_words"] == 4  # Ja, nou, eh, goed


def test_roles_from_labels_names_and_questions():
    text = "A: Hoe ging het?\nB: Goed.\nA: Waarom?\nB: Daarom.\n"
    turns, _ = detect_turns(text)
    rows = [dict(speaker=t.speaker, start=t.start, end=t.end) for t in turns]
    roles, note = assign_roles(rows, text)
    assert roles["A"] == "respondent"  # "A" is a respondent label (Antwoord)
    text2 = "Els: Hoe ging het?\nPiet: Goed.\nEls: Waarom?\nPiet: Daarom.\n"
    turns2, _ = detect_turns(text2)
    rows2 = [dict(speaker=t.speaker, start=t.start, end=t.end) for t in turns2]
    roles2, note2 = assign_roles(rows2, text2)
    assert roles2 == {None: "respondent", "Els": "interviewer", "Piet": "respondent"}
    assert "Els" in note2
    roles3, note3 = assign_roles(rows2, text2, interviewers=["Piet"])
    assert roles3["Piet"] == "interviewer" and roles3["Els"] == "respondent" and note3 is None
    roles4, _ = assign_roles(rows2, text2, respondent_names=["Piet de Vries"])
    assert roles4["Piet"] == "respondent"
