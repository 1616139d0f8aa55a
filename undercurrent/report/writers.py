"""Render a :class:`Report` to .docx (python-docx) and .html (Jinja2), figures to PNG and SVG."""
from __future__ import annotations

import base64
import io
import re
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from .. import __version__
from ..errors import OutputError
from ..store import atomic_write, os_problem
from .content import Figure, Paragraph, Quote, Report, Section, Table
from .figures import save_figure
from .i18n import decimal, thousands

_LOCALE = {"nl": "nl-NL", "en": "en-GB"}


def format_cell(value, kind: str | None, lang: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    try:
        if kind == "year":
            return str(int(value))
        if kind == "int":
            return thousands(value, lang)
        if kind == "pct":
            return decimal(float(value) * 100, 1, lang) + "%"
        if kind == "float":
            return decimal(value, 1, lang)
    except (TypeError, ValueError):
        pass
    return str(value)


def _rows(table: Table, lang: str) -> tuple[list[str], list[list[str]]]:
    cols = [str(c) for c in table.frame.columns]
    rows = [[format_cell(v, table.formats.get(c), lang) for c, v in zip(table.frame.columns, row)]
            for row in table.frame.itertuples(index=False)]
    return cols, rows


def _numeric(table: Table) -> list[bool]:
    return [table.formats.get(c) in ("int", "pct", "float", "year") for c in table.frame.columns]


def write_report(report: Report, out_dir: str | Path, *, formats=("docx", "html"), name: str = "report") -> dict[str, Path]:
    """Write <name>.docx / <name>.html and figures/*.png|svg into ``out_dir``; returns the paths."""
    out = Path(out_dir)
    written: dict[str, Path] = {}
    pngs: dict[str, bytes] = {}
    try:
        out.mkdir(parents=True, exist_ok=True)
        for fig in report.figures():
            png, _svg = save_figure(fig.figure, out / "figures" / fig.name)
            pngs[fig.name] = png.read_bytes()
            written[f"figure:{fig.name}"] = png
    except OSError as exc:
        raise OutputError(exc.filename or out, f"cannot be written: {os_problem(exc)}", fix=WRITE_FIX) from exc
    if "docx" in formats:
        written["docx"] = write_docx(report, out / f"{name}.docx", pngs)
    if "html" in formats:
        written["html"] = write_html(report, out / f"{name}.html", pngs)
    return written


#: what to do when a report file cannot be written (full disk, read-only folder)
WRITE_FIX = "free some space, or write to a folder you can write to: for a report, --out DIR"


# --- Word ---------------------------------------------------------------------------------

def write_docx(report: Report, path: Path, pngs: dict[str, bytes], *, landscape: bool = False) -> Path:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    if landscape:
        from docx.enum.section import WD_ORIENT

        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_height, section.page_width = Cm(21.0), Cm(29.7)
    text_width = (29.7 if landscape else 21.0) - 2 * 2.0
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(10.5)
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), _LOCALE.get(report.lang, "nl-NL"))
    styles["Normal"].element.get_or_add_rPr().append(lang_el)
    document.core_properties.title = report.title
    document.core_properties.subject = report.subtitle
    document.core_properties.author = f"undercurrent {__version__}"
    document.core_properties.language = _LOCALE.get(report.lang, "nl-NL")
    document.core_properties.created = datetime.now(timezone.utc).replace(microsecond=0)

    # page numbers in the footer
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = footer.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)

    def styled(text: str, size: float, grey: int | None = None, italic: bool = False, bold: bool = False):
        p = document.add_paragraph()
        run = p.add_run(text)
        run.font.size, run.italic, run.bold = Pt(size), italic, bold
        if grey is not None:
            run.font.color.rgb = RGBColor(grey, grey, grey)
        return p

    document.add_heading(report.title, level=0)
    if report.subtitle:
        styled(report.subtitle, 13)
    if report.generated_by:
        styled(report.generated_by, 8.5, grey=0x66)

    def add_section(sec: Section, level: int) -> None:
        document.add_heading(sec.heading, level=level)
        for block in sec.blocks:
            if isinstance(block, Paragraph):
                if block.style == "note":
                    styled(block.text, 9, grey=0x55)
                else:
                    styled(block.text, 11 if block.style == "lead" else 10.5)
            elif isinstance(block, Table):
                _docx_table(document, block, report.lang, text_width)
            elif isinstance(block, Quote):
                p = document.add_paragraph()
                p.paragraph_format.left_indent = Cm(0.8 if block.role != "respondent" else 0.4)
                p.paragraph_format.space_after = Pt(2)
                who = p.add_run(f"{block.speaker}: " if block.speaker else "")
                who.bold = True
                body = p.add_run(block.text)
                body.italic = block.role == "respondent"
                if block.role != "respondent":
                    for r in (who, body):
                        r.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
                src = styled(block.source, 8, grey=0x88)
                src.paragraph_format.left_indent = p.paragraph_format.left_indent
                src.paragraph_format.space_after = Pt(6)
            elif isinstance(block, Figure):
                document.add_picture(io.BytesIO(pngs[block.name]), width=Cm(block.width_cm))
                if block.caption:
                    styled(block.caption, 9, italic=True)
        for child in sec.subsections:
            add_section(child, min(level + 1, 4))

    _docx_contents(document, report)
    for sec in report.sections:
        add_section(sec, 1)
    with atomic_write(path, fix=WRITE_FIX) as tmp:  # an earlier report stays whole if this fails
        document.save(tmp)
    return path


def _docx_contents(document, report: Report) -> None:
    """A table of contents: a Word field (Word fills in page numbers when it opens the file) whose
    shown text already lists the chapters, so other readers see them too."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    heading = document.add_paragraph()
    heading.add_run({"nl": "Inhoud", "en": "Contents"}.get(report.lang, "Contents")).bold = True
    for k, sec in enumerate(report.sections):
        p = document.add_paragraph()
        if k == 0:
            begin = OxmlElement("w:fldChar")
            begin.set(qn("w:fldCharType"), "begin")
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = 'TOC \\o "1-1" \\h \\z \\u'
            separate = OxmlElement("w:fldChar")
            separate.set(qn("w:fldCharType"), "separate")
            run = p.add_run()
            for el in (begin, instr, separate):
                run._r.append(el)
        p.add_run(sec.heading)
        p.paragraph_format.space_after = 0
        if k == len(report.sections) - 1:
            end = OxmlElement("w:fldChar")
            end.set(qn("w:fldCharType"), "end")
            p.add_run()._r.append(end)


def _column_widths(cols: list[str], rows: list[list[str]], total_cm: float) -> list[float]:
    """Column widths in cm: no word is broken, the rest of the page goes to long cells."""
    char_cm, pad_cm = 0.17, 0.4  # Calibri 9 pt, bold header
    least, want = [], []
    for c, name in enumerate(cols):
        cells = [r[c] for r in rows] or [""]
        words = lambda v: re.split(r"(?<=[^\W\d]-)|\s+", v)  # noqa: E731  (break "directeur-eigenaar", not dates)
        longest_word = max([1.1 * len(w) for w in words(name)]  # bold header
                           + [len(w) for v in cells for w in words(v)])
        filled = sorted(len(v) for v in cells if v.strip()) or [0]  # an empty cell says nothing of the width needed
        typical = filled[round(0.8 * (len(filled) - 1))]
        least.append(longest_word * char_cm + pad_cm)
        want.append(max(least[-1], min(typical, 80) * 0.17 + pad_cm))
    spare = total_cm - sum(least)
    extra = [w - m for w, m in zip(want, least)]
    if spare <= 0 or sum(extra) == 0:
        scale = total_cm / sum(want)
        return [w * scale for w in want]
    grow = min(1.0, spare / sum(extra))
    widths = [m + e * grow for m, e in zip(least, extra)]
    rest = total_cm - sum(widths)
    return [w + rest * w / sum(widths) for w in widths]


def _docx_table(document, block: Table, lang: str, text_width_cm: float = 17.0) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    cols, rows = _rows(block, lang)
    numeric = _numeric(block)
    if block.caption:
        cap = document.add_paragraph(block.caption)
        cap.paragraph_format.keep_with_next = True
        cap.runs[0].bold = True
        cap.runs[0].font.size = Pt(9.5)
    has_header = any(c.strip() for c in cols)
    table = document.add_table(rows=len(rows) + (1 if has_header else 0), cols=len(cols))
    table.style = "Light List Accent 1" if has_header else "Table Grid"
    table.autofit = False
    widths = _column_widths(cols, rows, total_cm=text_width_cm)
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)  # the grid, which LibreOffice follows; Word follows the cells
    if has_header:  # the header row repeats on every page a table runs over
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(header)
    cells_rows = ([cols] if has_header else []) + rows
    # row by row: python-docx's table.cell(r, c) rebuilds the table's cell list on every call
    for row, values in zip(table.rows, cells_rows):
        cells = row.cells
        for c, value in enumerate(values):
            cell = cells[c]
            cell.width = Cm(widths[c])
            cell.text = value
            para = cell.paragraphs[0]
            if numeric[c]:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for run in para.runs:
                run.font.size = Pt(9)
    document.add_paragraph()


# --- HTML ---------------------------------------------------------------------------------

def write_html(report: Report, path: Path, pngs: dict[str, bytes]) -> Path:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("undercurrent.report", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)

    def table_view(block: Table):
        cols, rows = _rows(block, report.lang)
        return {"caption": block.caption, "cols": cols, "rows": rows, "numeric": _numeric(block),
                "header": any(c.strip() for c in cols)}

    def figure_src(block: Figure) -> str:
        return "data:image/png;base64," + base64.b64encode(pngs[block.name]).decode("ascii")

    html = env.get_template("report.html").render(
        report=report, table_view=table_view, figure_src=figure_src,
        is_paragraph=lambda b: isinstance(b, Paragraph), is_table=lambda b: isinstance(b, Table),
        is_quote=lambda b: isinstance(b, Quote), is_figure=lambda b: isinstance(b, Figure),
        html_lang=report.lang)
    with atomic_write(path, fix=WRITE_FIX) as tmp:
        tmp.write_text(html, encoding="utf-8")
    return path
