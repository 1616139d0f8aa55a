"""One test per reader, offsets checked: text[start:end] is what was said."""
from undercurrent.corpus.readers import read_source, supported_suffixes
from undercurrent.corpus.segment import segment_source

from helpers import make_docx, make_odt


def turns(source, lang="nl"):
    seg = segment_source(source, lang)
    return [(r["speaker"], source.text[r["start"]:r["end"]], r["t_start_ms"], r["t_end_ms"])
            for r in seg.rows if r["kind"] == "turn"]


def test_supported_formats():
    assert {".txt", ".md", ".docx", ".odt", ".vtt", ".srt"} <= set(supported_suffixes())


def test_txt_and_md(tmp_path):
    p = tmp_path / "a.md"
    p.write_bytes("**Interviewer:** Wat leer je hier?\n\n**Ben:** Alles, op gevoel.\n\n"
                  "**Interviewer:** Van wie?\n\n**Ben:** Van de ouwe rotten.\n".encode())
    src = read_source(p)
    assert src.format == "md"
    assert [(s, t) for s, t, *_ in turns(src)] == [
        ("Interviewer", "Wat leer je hier?"), ("Ben", "Alles, op gevoel."),
        ("Interviewer", "Van wie?"), ("Ben", "Van de ouwe rotten.")]


VTT = """WEBVTT
Kind: captions

NOTE made by Teams

a1b2-1
00:00:01.000 --> 00:00:04.500
<v Marloes de Boer>Hoe lang werk je hier al?</v>

a1b2-2
00:00:05.000 --> 00:00:09.250
<v Henk Kampman>Sinds 1993. Eh, in de jaren negentig
ben ik hier begonnen.</v>

00:01:10.000 --> 01:00:11.000
<v.loud Henk Kampman>Ja.
"""


def test_vtt_voice_tags_timestamps_and_offsets(tmp_path):
    p = tmp_path / "teams.vtt"
    p.write_bytes(VTT.encode())
    src = read_source(p)
    assert src.text == VTT
    # consecutive cues of one speaker are one turn: first cue's start, last cue's end
    assert turns(src) == [
        ("Marloes de Boer", "Hoe lang werk je hier al?", 1000, 4500),
        ("Henk Kampman", "Sinds 1993. Eh, in de jaren negentig\nben ik hier begonnen.</v>\n\n"
                         "00:01:10.000 --> 01:00:11.000\n<v.loud Henk Kampman>Ja.", 5000, 3611000)]
    paras = [src.text[r["start"]:r["end"]] for r in segment_source(src).rows if r["kind"] == "paragraph"]
    assert paras[1:] == ["Sinds 1993. Eh, in de jaren negentig\nben ik hier begonnen.", "Ja."]


SRT = """1
00:00:01,000 --> 00:00:03,000
Marloes: Vertel eens.

2
00:00:03,500 --> 00:00:06,000
Daan: Mijn vader werkte hier.
Hij zei: kijken.

3
00:00:06,500 --> 00:00:07,000
Marloes: En toen?

4
00:00:07,500 --> 00:00:09,000
Daan: Toen mocht ik.
"""


def test_srt_cue_labels_and_offsets(tmp_path):
    p = tmp_path / "daan.srt"
    p.write_bytes(SRT.replace("\n", "\r\n").encode())
    src = read_source(p)
    got = turns(src)
    assert [(s, t) for s, t, *_ in got] == [
        ("Marloes", "Vertel eens."), ("Daan", "Mijn vader werkte hier.\r\nHij zei: kijken."),
        ("Marloes", "En toen?"), ("Daan", "Toen mocht ik.")]
    assert [g[2] for g in got] == [1000, 3500, 6500, 7500]


def test_srt_without_speakers_keeps_cues_as_turns(tmp_path):
    p = tmp_path / "x.srt"
    p.write_bytes(b"1\n00:00:01,000 --> 00:00:02,000\nHallo daar.\n\n2\n00:00:03,000 --> 00:00:04,000\nJa.\n")
    assert [(s, t) for s, t, *_ in turns(read_source(p))] == [(None, "Hallo daar."), (None, "Ja.")]


def test_docx_bold_speaker_labels(tmp_path):
    p = tmp_path / "ria.docx"
    p.write_bytes(make_docx(["Interview P&O — 15 september 2026",
                             ("Marloes:", " Hoe ben je hier gekomen?"),
                             ("Ria", ": Via een vacature. In 2015."),
                             "Daarvoor werkte ik in Hengelo.",
                             ("Marloes:", " En toen?"),
                             ("Ria:", " Toen begon het.")]))
    src = read_source(p)
    assert src.format == "docx" and src.paragraph_break == "newline"
    assert [(s, t) for s, t, *_ in turns(src)] == [
        ("Marloes", "Hoe ben je hier gekomen?"),
        ("Ria", "Via een vacature. In 2015.\nDaarvoor werkte ik in Hengelo."),
        ("Marloes", "En toen?"), ("Ria", "Toen begon het.")]
    seg = segment_source(src)
    paras = [src.text[r["start"]:r["end"]] for r in seg.rows if r["kind"] == "paragraph"]
    assert "Daarvoor werkte ik in Hengelo." in paras


def test_docx_bold_first_word_is_not_a_label(tmp_path):
    p = tmp_path / "x.docx"
    p.write_bytes(make_docx([("Belangrijk", " is dat je kijkt."), ("Belangrijk", " ook dit.")]))
    src = read_source(p)
    assert src.turns is None  # no colon: these are emphasised words, not speakers


def test_docx_plain_labels_and_tables(tmp_path):
    p = tmp_path / "plain.docx"
    p.write_bytes(make_docx(["I: Wat doe je?", "R: Lassen.", "I: Sinds wanneer?", "R: Sinds '81."]))
    src = read_source(p)
    assert [(s, t) for s, t, *_ in turns(src)] == [
        ("I", "Wat doe je?"), ("R", "Lassen."), ("I", "Sinds wanneer?"), ("R", "Sinds '81.")]
    q = tmp_path / "table.docx"
    q.write_bytes(make_docx([], table_rows=[["Interviewer", "Wat doe je?"], ["Kevin", "Zetten."],
                                            ["Interviewer", "Hoe lang?"], ["Kevin", "Al twintig jaar."]]))
    src = read_source(q)
    assert [(s, t) for s, t, *_ in turns(src)] == [
        ("Interviewer", "Wat doe je?"), ("Kevin", "Zetten."), ("Interviewer", "Hoe lang?"), ("Kevin", "Al twintig jaar.")]


def test_odt_paragraphs_spaces_and_labels(tmp_path):
    p = tmp_path / "a.odt"
    p.write_bytes(make_odt('<text:h>Interview</text:h><text:p>I: Hoe<text:s text:c="2"/>gaat het?</text:p>'
                           '<text:p>R: <text:span>Goed</text:span>,<text:tab/>dank je.</text:p>'
                           '<text:p>I: En verder?</text:p><text:p>R: Ook goed.<text:line-break/>Echt.</text:p>'))
    src = read_source(p)
    assert src.text.startswith("Interview\nI: Hoe  gaat het?\nR: Goed,\tdank je.")
    assert [(s, t) for s, t, *_ in turns(src)] == [
        ("I", "Hoe  gaat het?"), ("R", "Goed,\tdank je."), ("I", "En verder?"), ("R", "Ook goed.\nEcht.")]
