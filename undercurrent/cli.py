"""The `undercurrent` command: wires the Python API for coaches and batch runs."""
from __future__ import annotations

import argparse
import difflib
import math
import re
import sqlite3
import sys
from pathlib import Path

from . import __version__
from .errors import UndercurrentError

DESCRIPTION = """\
undercurrent maps the informal side of learning at work (the 'onderstroom') from interview
transcripts and life histories, and writes a case report next to the leercultuurscan.

A case is a folder with case.toml, participants.csv and a transcripts/ folder
(see corpora/demo for a complete example). Typical use:

  undercurrent new mijn_casus                start a case folder to fill in (explained in Dutch)
  undercurrent run corpora/demo              read, code and write the report
  undercurrent info corpora/demo             show what has been read and coded so far
  undercurrent topics corpora/demo           the themes respondents talk about
  undercurrent timeline corpora/demo         dated events and the incidents people share
  undercurrent code corpora/demo --export codings.csv
                                             code again and export all codings
  undercurrent agreement corpora/demo --coders marloes auto:rules/onderstroom@1.2
                                             how well two coders agree
"""

EPILOG = "Exit status: 0 when all went well, 1 when some files could not be read, 2 on a fatal error."


# --- checked option values: a wrong number stops at the command line, with what is allowed ----

def positive_int(text: str) -> int:
    """A whole number above 0 (argparse type)."""
    return _whole(text, 1, "a whole number above 0")


def at_least_two(text: str) -> int:
    """A whole number of 2 or more (argparse type): a number of themes."""
    return _whole(text, 2, "a whole number of at least 2")


def seed(text: str) -> int:
    """A random seed: a whole number from 0 to 2**32 - 1 (what numpy accepts)."""
    value = _whole(text, 0, "a whole number from 0 to 4294967295")
    if value > 2**32 - 1:
        raise argparse.ArgumentTypeError(f"must be a whole number from 0 to 4294967295, not {text!r}")
    return value


def positive_number(text: str) -> float:
    """A number above 0 (argparse type), e.g. a size in MB; a decimal comma is read as a point."""
    return _decimal(text, lambda v: v > 0 and math.isfinite(v), "a number above 0")


def probability(text: str) -> float:
    """A share above 0 and at most 1 (argparse type), e.g. 0.6; a decimal comma is read as a point."""
    return _decimal(text, lambda v: 0 < v <= 1, "a number above 0 and at most 1 (e.g. 0.6)")


def _decimal(text: str, ok, what: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = math.nan
    if not ok(value):
        raise argparse.ArgumentTypeError(f"must be {what}, not {text!r}")
    return value


def _whole(text: str, low: int, what: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be {what}, not {text!r}") from None
    if value < low:
        raise argparse.ArgumentTypeError(f"must be {what}, not {text!r}")
    return value


class Parser(argparse.ArgumentParser):
    """argparse with a suggestion for a mistyped command, choice or option ("did you mean 'run'?")."""

    def parse_known_args(self, args=None, namespace=None):
        self._argv = list(sys.argv[1:] if args is None else args)  # to tell which command an error is about
        return super().parse_known_args(args, namespace)

    def error(self, message: str):
        choice = re.search(r"invalid choice: (?P<q>['\"]?)(?P<value>.*?)(?P=q) \(choose from (?P<options>.*)\)$",
                           message, re.S)
        if choice:
            wrong = choice.group("value")
            options = [c.strip().strip("'\"") for c in choice.group("options").split(",")]
            close = _closest(wrong, options)
            hint = f": did you mean {close!r}?" if close else ""
            if message.startswith("argument COMMAND"):
                message = f"unknown command {wrong!r}{hint} (commands: {', '.join(options)})"
            else:
                message = f"{message[:choice.start()]}{wrong!r} is not one of {', '.join(options)}{hint}"
        elif message.startswith("unrecognized arguments:"):
            command, options = self._command_options()
            hints = []
            for arg in message.split(":", 1)[1].split():
                name = arg.split("=")[0]
                if not name.startswith("--"):
                    continue
                close = _closest(name, options)
                if close:
                    hints.append(f"did you mean {close!r} instead of {arg!r}?")
                elif command:
                    hints.append(f"{name} is not an option of `undercurrent {command}` (see "
                                 f"`undercurrent {command} --help`)")
            if hints:
                message += "; " + "; ".join(hints)
        super().error(message)

    def _command_options(self) -> tuple[str | None, list[str]]:
        """The command named on the command line (if any) and the long options it takes."""
        options = [o for a in self._actions for o in a.option_strings if o.startswith("--")]
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                command = next((a for a in getattr(self, "_argv", []) if a in action.choices), None)
                if command:
                    options += [o for a in action.choices[command]._actions for o in a.option_strings
                                if o.startswith("--")]
                    return command, options
        return None, options


def _closest(word: str, options: list[str]) -> str | None:
    """The option ``word`` was probably meant to be (upper/lower case aside), or None."""
    folded = {o.casefold(): o for o in options}
    if word.casefold() in folded:
        return folded[word.casefold()]
    found = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[found[0]] if found else None


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_dir", type=Path, metavar="CASE_DIR",
                   help="the case folder (or a folder of case folders)")
    p.add_argument("--store", type=Path, metavar="FILE",
                   help="where the project store lives (default: CASE_DIR/.undercurrent/store.sqlite)")


def _add_engine(p: argparse.ArgumentParser) -> None:
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: this machine (default; in --workers processes); dask: read, segment, code and "
                        "tag time on a Dask cluster (pip install 'undercurrent[scale]'), with the same results")
    p.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: a running scheduler, e.g. "
                                                          "tcp://10.0.0.5:8786 (default: a local cluster)")
    p.add_argument("--workers", type=positive_int, metavar="N",
                   help="worker processes: with --engine local, on this machine (default 1; Linux); with --engine "
                        "dask and no --scheduler, of the local cluster (default 2)")


def _engine(args):
    from .engine import Engine

    return Engine(getattr(args, "engine", "local"), scheduler=getattr(args, "scheduler", None),
                  workers=getattr(args, "workers", None))


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="undercurrent", description=DESCRIPTION, epilog=EPILOG,
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"undercurrent {__version__}",
                        help="show the version number and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                help="one of these (`undercurrent COMMAND --help` shows its options)")

    p = sub.add_parser("new", help="start a new case folder: case.toml, participants.csv, transcripts/ (explained "
                                   "in Dutch)",
                       description="Make a new case folder with case.toml (every setting explained in Dutch), a "
                                   "participants.csv with its column names, empty transcripts/, documents/ and "
                                   "codings/ folders and a LEESMIJ.md saying what goes where. An existing folder "
                                   "that is not empty is refused: nothing is ever overwritten.")
    p.add_argument("case_dir", type=Path, metavar="CASE_DIR", help="the folder to make (new, or empty)")
    p.add_argument("--name", help="the case's name in case.toml and the report (default: the folder name)")
    p.add_argument("--language", choices=("nl", "en"), default="nl",
                   help="language of the transcripts (default: nl, Dutch)")

    p = sub.add_parser("ingest", help="read the transcripts of a case into its store",
                       description="Read every transcript and document of the case into the project store. "
                                   "Unchanged files are skipped; changed files are reported and read again.")
    _add_common(p)
    p.add_argument("--max-file-mb", type=positive_number, metavar="MB",
                   help="refuse source files larger than this (default 25, or max_file_mb in case.toml)")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    _add_engine(p)

    p = sub.add_parser("run", help="read the case and write the case report (Word and HTML)",
                       description="Read the case, run the analyses and write report.docx and report.html.")
    _add_common(p)
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="where the report goes (default: exports/<case folder name>)")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="report language (default: nl, Dutch)")
    p.add_argument("--kind", choices=("case", "intake"), default="case",
                   help="case: everything, with methods and appendices, for a lector (report.docx); intake: the "
                        "findings in 8-15 plain pages, privacy-safe, for a coach (intake.docx)")
    p.add_argument("--max-file-mb", type=positive_number, metavar="MB",
                   help="refuse source files larger than this (default 25, or max_file_mb in case.toml)")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.add_argument("--force", action="store_true",
                   help="write the report even when nothing changed since the last run (which otherwise keeps it)")
    _add_engine(p)

    p = sub.add_parser("code", help="code the transcripts with the codebooks; import or export codings",
                       description="Apply the codebooks (case.toml `codebooks`, default: all shipped ones) to the "
                                   "respondents' sentences, reading negation, contrast and reported or espoused "
                                   "speech. Only this tool's own earlier automatic codings are replaced; codings "
                                   "made by people are never touched. With --learn-from, train code suggestions "
                                   "on a person's codings; with --suggest, pick sentences for that person to code "
                                   "next.")
    _add_common(p)
    p.add_argument("--unit", choices=("turn", "sentence"), default="sentence",
                   help="what one automatic coding spans (default: the sentence holding the evidence)")
    p.add_argument("--documents", action="store_true",
                   help="also code the texts in documents/ (policy, field notes); their codings are 'espoused'")
    p.add_argument("--learn-from", nargs="+", metavar="CODER",
                   help="train code suggestions on these people's codings, show their cross-validated "
                        "precision and recall per code, and code the uncoded documents with the codes that "
                        "reach --min-precision")
    p.add_argument("--min-precision", type=probability, default=0.6, metavar="P",
                   help="cross-validated precision a learned code needs before it is used (default 0.6)")
    p.add_argument("--suggest", type=positive_int, metavar="N",
                   help="with --learn-from: write the N sentences the model is least sure about to --out "
                        "(a codings CSV with the code column empty: fill it in and --import it)")
    p.add_argument("--out", type=Path, metavar="CSV", help="where --suggest writes (default: suggestions.csv)")
    p.add_argument("--import", dest="import_csv", type=Path, metavar="CSV",
                   help="import manual codings: columns document, start, end, quote, code, coder, memo")
    p.add_argument("--coder", help="coder name for imported rows that have none")
    p.add_argument("--export", type=Path, metavar="CSV", help="write all codings to this CSV file")
    p.add_argument("--no-auto", action="store_true", help="do not run the automatic coder")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    _add_engine(p)

    p = sub.add_parser("agreement", help="agreement between coders (percent, Cohen's κ, Krippendorff's α, Gwet's AC1)",
                       description="Compare two or more coders per code and overall, on turns/sentences or on "
                                   "characters (NVivo style), and list the passages where they differ.")
    _add_common(p)
    p.add_argument("--coders", nargs="+", required=True, metavar="CODER",
                   help="coder names as stored (see `undercurrent info`), e.g. anna auto:rules/onderstroom@1.2")
    p.add_argument("--level", choices=("segment", "character"), default="segment",
                   help="segment: each turn or sentence is coded or not (default); character: every character "
                        "counts, as NVivo does (two coders only)")
    p.add_argument("--unit", choices=("turn", "sentence"), default="turn",
                   help="with --level segment: compare per turn (default) or per sentence")
    p.add_argument("--out", type=Path, metavar="FILE.xlsx",
                   help="write the agreement table and the disagreements to a spreadsheet")

    p = sub.add_parser("topics", help="fit a topic model on the respondents' turns and show the themes",
                       description="Fit BERTopic (offline, seeded) on what respondents say and print the themes, "
                                   "their share per role and typical quotes. Small corpora get NMF, with a note.")
    _add_common(p)
    p.add_argument("--unit", choices=("turn", "paragraph", "sentence", "document"), default="turn",
                   help="what one text for the model is (default: a respondent's turn)")
    p.add_argument("--nr-topics", type=at_least_two, metavar="N",
                   help="reduce to N themes, at least 2 (default: as many as the data has)")
    p.add_argument("--method", choices=("auto", "bertopic", "nmf"), default="auto",
                   help="auto (default): BERTopic, or NMF when there are too few texts for it")
    p.add_argument("--window", type=positive_int, metavar="N",
                   help="group N consecutive units of a speaker into one text (short sentences leave many "
                        "without a theme)")
    p.add_argument("--seed", type=seed, default=42, help="random seed: same seed, same themes (default 42)")
    p.add_argument("--out", type=Path, metavar="FILE.xlsx", help="write themes, assignments and shares to a spreadsheet")
    p.add_argument("--save", type=Path, metavar="FILE.pkl", help="save the fitted model for later use in Python")

    p = sub.add_parser("timeline", help="dated events, the incidents people share, and how they date them",
                       description="Find dates, ages, decades and relative expressions ('drie jaar later', 'na de "
                                   "brand') in what respondents say, resolve them to years, and list the incidents "
                                   "several people remember, each with their own dating.")
    _add_common(p)
    p.add_argument("--out", type=Path, metavar="FILE.xlsx", help="write events and incidents to a spreadsheet")
    p.add_argument("--figures", type=Path, metavar="DIR", help="write the organisation timeline and life histories "
                                                                "as PNG and SVG into DIR")

    p = sub.add_parser("codebook", help="check a codebook file, list its codes, export it to Word/Excel",
                       description="Validate codebook YAML files (mistakes are reported with file, code and line), "
                                   "list the codes, export them for a methods appendix, or try them on a sentence.")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="codebook .yaml files")
    p.add_argument("--docx", type=Path, metavar="OUT", help="write the (first) codebook as a Word table")
    p.add_argument("--xlsx", type=Path, metavar="OUT", help="write the (first) codebook as a spreadsheet")
    p.add_argument("--qdc", type=Path, metavar="OUT", help="write the codebooks as one REFI-QDA codebook (.qdc) "
                                                           "for ATLAS.ti, NVivo, MAXQDA or QualCoder")
    p.add_argument("--lang", choices=("nl", "en"), default="nl",
                   help="language of labels and exports, and of the --try sentence (default nl)")
    p.add_argument("--try", dest="sentence", metavar="TEXT", help="show which codes TEXT gets, and why")

    p = sub.add_parser("scan", help="score the case's leercultuurscan and set it against the benchmark",
                       description="Score CASE_DIR/scan/responses.csv (CSV or XLSX) per building block: n, mean, SD, "
                                   "Cronbach's alpha, McDonald's omega, and the organisation against the other "
                                   "organisations in CASE_DIR/scan/benchmark.csv (percentile, difference with a 95% "
                                   "interval). Groups under the instrument's minimum size are not shown.")
    p.add_argument("case_dir", type=Path, metavar="CASE_DIR", help="the case folder")
    p.add_argument("--instrument", type=Path, metavar="FILE.yaml",
                   help="an instrument definition (default: CASE_DIR/scan/instrument.yaml, else the shipped, "
                        "illustrative leercultuurscan)")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of block names (default nl)")
    p.add_argument("--out", type=Path, metavar="FILE.xlsx", help="write scores, benchmark, departments, items and "
                                                                  "ICCs to a spreadsheet")

    p = sub.add_parser("info", help="show what the store of a case holds",
                       description="Show the cases, documents and speaker turns in the project store.")
    _add_common(p)

    p = sub.add_parser("export-refi", help="write the case as a REFI-QDA project (.qdpx) for ATLAS.ti, NVivo, "
                                           "MAXQDA or QualCoder",
                       description="Write sources, participants (as cases with variables), codes, codings with "
                                   "their coders, and memos as one .qdpx file. Real names are replaced by "
                                   "pseudonyms; selections follow the pseudonymised text.")
    _add_common(p)
    p.add_argument("--out", type=Path, metavar="FILE.qdpx",
                   help="where the project goes (default: exports/<case folder name>.qdpx)")
    p.add_argument("--origin", choices=("manual", "auto", "imported"),
                   help="only these codings (default: all)")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of code names (default nl)")

    p = sub.add_parser("import-refi", help="make a case from a REFI-QDA project (.qdpx, .qde) or QualCoder "
                                           "project (.qda), or a codebook from a .qdc",
                       description="A project becomes the new case folder CASE_DIR (transcripts, participants, "
                                   "codebook) with its codings and notes in the store; a .qdc codebook becomes "
                                   "YAML in CASE_DIR/codebooks/. A table says what was carried over, changed or "
                                   "dropped, and why.")
    p.add_argument("file", type=Path, metavar="FILE", help=".qdpx, .qde (with its sources/ folder), .qdc or .qda")
    p.add_argument("case_dir", type=Path, metavar="CASE_DIR", help="a new folder for the case")
    p.add_argument("--store", type=Path, metavar="FILE",
                   help="where the project store goes (default: CASE_DIR/.undercurrent/store.sqlite)")
    p.add_argument("--lang", choices=("nl", "en"), help="language of the texts (default: guessed)")
    p.add_argument("--summary", type=Path, metavar="FILE.csv", help="also write the import summary as CSV")
    return parser


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """{command name: its parser}."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _print_problems(problems) -> None:
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)


def _stop_if_a_case_is_unread(report) -> None:
    """A case whose case.toml or participants.csv cannot be used: print the other problems, then
    raise its InputError (main prints it once and exits 2)."""
    if report.case_errors:
        _print_problems(report.other_problems())
        report.raise_case_errors()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    if args.command == "code" and args.suggest and not args.learn_from:  # before any work is done
        subcommands(parser)["code"].error("--suggest needs --learn-from CODER (whose codings to learn from)")
    try:
        return _dispatch(args)
    except BrokenPipeError:  # output piped into `head` and closed early: not an error of ours
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except UndercurrentError as err:
        print(f"undercurrent: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("undercurrent: interrupted; what was stored so far is kept", file=sys.stderr)
        return 130
    except OSError as exc:  # a file we write (an export, a sheet) in a read-only folder or on a full disk
        from .store import os_problem

        where = exc.filename or "a file"
        print(f"undercurrent: {where}: cannot be read or written: {os_problem(exc)} (free some space, or choose "
              "a folder you can write to; the store has --store, reports --out)", file=sys.stderr)
        return 2
    except sqlite3.Error as exc:  # Store turns its own failures into StoreError; this is the net below
        print(f"undercurrent: the project store failed ({exc}); run again, and if it persists, move the store "
              "aside: a new one restores human codings and memos from the backup next to it", file=sys.stderr)
        return 2


def _dispatch(args) -> int:
    from .project import Project, run_pipeline

    show = False if getattr(args, "quiet", False) else None
    if args.command == "ingest":
        with _engine(args) as engine, Project(args.case_dir, args.store) as project:
            report = project.ingest(max_file_mb=args.max_file_mb, show_progress=show, engine=engine)
            _stop_if_a_case_is_unread(report)
            print(report)
            _print_coding_files(report, project.root)
            _print_problems(report.problems)
            print(f"Store: {project.store_path}")
        return 1 if report.errors else 0
    if args.command == "run":
        out = args.out or Path("exports") / args.case_dir.resolve().name
        ingest, written = run_pipeline(args.case_dir, out, lang=args.lang, kind=args.kind, store_path=args.store,
                                       max_file_mb=args.max_file_mb, show_progress=show, engine=args.engine,
                                       scheduler=args.scheduler, workers=args.workers, force=args.force)
        print(ingest)
        _print_coding_files(ingest, args.case_dir)
        _print_problems(ingest.problems)
        if written.unchanged:
            print("Nothing changed since the last run (sources, case files, codings, memos, codebooks, settings): "
                  "the report is up to date and was not written again (--force writes it anyway).")
        for kind in ("docx", "html"):
            if kind in written:
                print(f"Report ({kind}): {written[kind]}")
        return 1 if ingest.errors else 0
    if args.command == "info":
        return _info(args)
    if args.command == "new":
        return _new(args)
    if args.command == "code":
        return _code(args, show)
    if args.command == "agreement":
        return _agreement(args)
    if args.command == "codebook":
        return _codebook(args)
    if args.command == "topics":
        return _topics(args)
    if args.command == "timeline":
        return _timeline(args)
    if args.command == "scan":
        return _scan(args)
    if args.command == "export-refi":
        return _export_refi(args)
    if args.command == "import-refi":
        return _import_refi(args)
    raise AssertionError(args.command)


def _shown(path, root) -> str:
    """A path as short as it can be shown: relative to the project folder when it is inside it."""
    path, root = Path(path), Path(root)
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _print_coding_files(report, root) -> None:
    """How many human codings each codings/*.csv of the case gave (they are read at every ingest)."""
    for row in report.coding_files:
        where = _shown(row["path"], root)
        if not row["read"]:
            print(f"Human codings: {where} could not be read (see below)")
        else:
            coders = f" by {', '.join(row['coders'])}" if row["coders"] else ""
            print(f"Human codings: {row['codings']} from {where}{coders}")


def _print_coding_file_status(project, corpus, case_arg) -> None:
    """For `info`: the human codings in the store, and for each codings/*.csv of the case folder how
    many codings it holds and whether they are all in the store (they are imported at every ingest)."""
    from .coding.manual import read_codings_csv
    from .errors import InputError

    human = corpus.codings[corpus.codings["origin"] != "auto"]
    by_coder = human.groupby("coder").size()
    print(f"\nHuman codings in the store: {len(human)}"
          + (f" ({', '.join(f'{c} {n}' for c, n in by_coder.items())})" if len(by_coder) else ""))
    files = [f for d in project.case_dirs if (d / "codings").is_dir() for f in sorted((d / "codings").glob("*.csv"))]
    if not files:
        print("  no codings/*.csv in the case folder (CSV files put there are imported at every ingest)")
        return
    stored_ids = set(corpus.codings["coding_id"])
    stored_spans = set(zip(human["doc_id"], human["start"], human["end"], human["code_id"], human["coder"]))
    for path in files:
        where = _shown(path, project.root)
        try:
            found = read_codings_csv(path, corpus.documents, corpus.codes).codings
        except InputError as err:
            print(f"  {where}: cannot be read: {err.problem} (`undercurrent ingest {case_arg}` says more)")
            continue
        missing = sum(cid not in stored_ids and span not in stored_spans for cid, span in zip(
            found["coding_id"], zip(found["doc_id"], found["start"], found["end"], found["code_id"], found["coder"])))
        coders = f" by {', '.join(sorted(set(found['coder'])))}" if len(found) else ""
        state = ("all in the store" if not missing else
                 f"{missing} not in the store yet: run `undercurrent ingest {case_arg}`")
        print(f"  {where}: {len(found)} codings{coders}; {state}")


def _new(args) -> int:
    from .corpus.scaffold import new_case

    made = new_case(args.case_dir, name=args.name, language=args.language)
    print(f"New case folder: {args.case_dir}")
    for path in made:
        print(f"  {path.name}{'/' if path.is_dir() else ''}")
    print(f"Next: put transcripts in {args.case_dir / 'transcripts'}, one row per participant in participants.csv "
          f"(see LEESMIJ.md), then `undercurrent ingest {args.case_dir}` and `undercurrent run {args.case_dir}`.")
    return 0


def _export_refi(args) -> int:
    from .interop import export_qdpx
    from .project import Project

    out = args.out or Path("exports") / f"{args.case_dir.resolve().name}.qdpx"
    with Project(args.case_dir, args.store) as project:
        if not project.store_path.exists():
            project.ingest(show_progress=False)
        path = export_qdpx(project, out, origin=args.origin, lang=args.lang)
    print(f"REFI-QDA project: {path}")
    return 0


def _import_refi(args) -> int:
    from .interop import import_codebook, import_project

    if args.file.suffix.lower() == ".qdc":
        written, summary = import_codebook(args.file, args.case_dir / "codebooks", lang=args.lang)
        for path in written:
            print(f"Codebook: {path}  (name it in case.toml: codebooks = [..., \"codebooks/{path.name}\"])")
    else:
        summary = import_project(args.file, args.case_dir, store_path=args.store, lang=args.lang)
        print(f"Case folder: {args.case_dir}")
    print(summary)
    if args.summary:
        from .spreadsheet import write_csv

        print(f"Summary: {write_csv(summary.table, args.summary)}")
    return 0


def _code(args, show) -> int:
    from .project import Project

    with _engine(args) as engine, Project(args.case_dir, args.store) as project:
        report = project.ingest(show_progress=show, engine=engine)
        _stop_if_a_case_is_unread(report)
        _print_coding_files(report, project.root)
        _print_problems(report.problems)
        if args.import_csv:
            imported = project.import_codings(args.import_csv, coder=args.coder)
            print(f"Imported {len(imported.codings)} codings from {args.import_csv}")
            _print_problems(imported.problems)
            if imported.problems:
                report.problems.extend(imported.problems)
        if not args.no_auto:
            codings = project.autocode(unit=args.unit, documents=args.documents, show_progress=show, engine=engine)
            reused = " (nothing changed since the last run: the stored codings were kept)" \
                if codings.attrs.get("reused") else ""
            print(f"Automatic coding: {len(codings)} codings by {codings['coder'].nunique()} codebooks{reused}")
            for note in codings.attrs.get("notes", []):
                print(f"  note: {note}")
        if args.learn_from:
            if _learn(project, args) != 0:
                return 2
        corpus = project.corpus()
        summary = corpus.codings.groupby(["origin", "coder"]).size().rename("codings").reset_index()
        print(summary.to_string(index=False))
        if args.export:
            print(f"Codings written to {project.export_codings(args.export)}")
    return 1 if any(p.severity == "error" for p in report.problems) else 0


def _learn(project, args) -> int:
    import pandas as pd

    try:
        learned = project.learn(args.learn_from, min_precision=args.min_precision)
    except ValueError as exc:
        print(f"undercurrent: {exc}", file=sys.stderr)
        return 2
    table = learned.validation.assign(used=lambda v: v["code_id"].isin(learned.usable_codes).map({True: "yes",
                                                                                                  False: "no"}))
    print(f"Learned from {', '.join(learned.coders)}: {len(learned.trained_on)} sentences; cross-validated per code "
          f"(threshold 0.5; used when precision >= {args.min_precision}):")
    with pd.option_context("display.width", 200, "display.max_rows", 500, "display.float_format", "{:.2f}".format):
        print(table.to_string(index=False))
    if learned.model.skipped:
        print("  too few examples to learn: " + ", ".join(f"{c} ({n})" for c, n in sorted(learned.model.skipped.items())))
    if args.suggest:
        out = args.out or Path("suggestions.csv")
        corpus = project.corpus()
        rows = learned.suggest(corpus, args.suggest)
        from .coding.manual import write_csv

        write_csv(rows, out, pseudonymise=project.pseudonymiser(corpus))
        print(f"{len(rows)} sentences to code next written to {out} (fill in `code` and `coder`, then --import it)")
    return 0


def _agreement(args) -> int:
    from .coding.agreement import agreement, disagreements
    from .project import Project

    with Project(args.case_dir, args.store) as project:
        corpus = project.corpus()
        try:
            table = agreement(corpus, args.coders, level=args.level, unit=args.unit)
        except ValueError as exc:
            print(f"undercurrent: {exc}", file=sys.stderr)
            return 2
        import pandas as pd

        with pd.option_context("display.width", 200, "display.max_rows", 200, "display.float_format", "{:.3f}".format):
            print(table.to_string(index=False))
        if args.out:
            _write_sheets(args.out, {"agreement": table, "disagreements": disagreements(
                corpus, args.coders[0], args.coders[1], unit=args.unit)}, pseudonymise=project.pseudonymiser(corpus))
    return 0


def _ingested_corpus(args):
    """Bring the store up to date with the case folder, then read the corpus; returns the
    corpus and its pseudonymiser (for everything that is printed or written)."""
    from .project import Project

    with Project(args.case_dir, args.store) as project:
        _stop_if_a_case_is_unread(project.ingest(show_progress=False))
        corpus = project.corpus()
        return corpus, project.pseudonymiser(corpus)


def _write_sheets(path: Path, sheets: dict, pseudonymise=None) -> None:
    """Each frame on its own sheet (:func:`undercurrent.spreadsheet.write_xlsx`): every cell is
    data, a text that begins like a formula is stored as text; every text pseudonymised."""
    from .spreadsheet import write_xlsx

    write_xlsx(path, sheets, pseudonymise=pseudonymise)
    print(f"Written to {path}")


def _scan(args) -> int:
    from .scan import case_scan

    scan = case_scan(args.case_dir, instrument=args.instrument)
    if scan is None:
        print(f"{args.case_dir / 'scan' / 'responses.csv'}: no scan responses in this case")
        return 1
    ins = scan.instrument
    print(f"{ins.id} {ins.version}{' (illustrative item map)' if ins.illustrative else ''}: {scan.organisation}, "
          f"{scan.respondents} respondents; benchmark {scan.others} organisations")
    own = scan.own_scores.set_index("block")
    every = scan.benchmark[scan.benchmark["scope"] == "all"].set_index("block")
    for block in ins.blocks:
        row = own.loc[block.id]
        if row["suppressed"]:
            print(f"  {ins.label(block.id, args.lang)}: fewer than {ins.min_group_size} respondents, not shown")
            continue
        place = (f"; percentile {every.at[block.id, 'percentile']:.0f}, {every.at[block.id, 'difference']:+.2f} "
                 f"[{every.at[block.id, 'ci_low']:+.2f}, {every.at[block.id, 'ci_high']:+.2f}]"
                 if block.id in every.index else "")
        print(f"  {ins.label(block.id, args.lang)}: mean {row['mean']:.2f} (sd {row['sd']:.2f}, n {row['n']:.0f}, "
              f"alpha {row['alpha']:.2f}, omega {row['omega']:.2f}){place}")
    if args.out:
        _write_sheets(args.out, {"scores": scan.organisations, "benchmark": scan.benchmark,
                                 "departments": scan.departments, "items": scan.items, "icc": scan.icc},
                      pseudonymise=_case_pseudonymiser(args.case_dir))
    return 0


def _case_pseudonymiser(case_dir: Path):
    """The pseudonymiser of a case folder's participants.csv (none when it is no case folder)."""
    from .errors import InputError
    from .project import Project

    try:
        return Project(case_dir).pseudonymiser()
    except InputError:
        return None


def _topics(args) -> int:
    import warnings

    import pandas as pd

    from . import topics
    from .corpus.pseudonymise import pseudonymise_frame

    corpus, pseudonymise = _ingested_corpus(args)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", topics.TooFewUnits)
        warnings.simplefilter("ignore", topics.ManyOutliers)  # both are in the model's message, printed below
        model = topics.fit(corpus, unit=args.unit, nr_topics=args.nr_topics, method=args.method,
                           random_state=args.seed, window=args.window)
    print(pseudonymise(repr(model)))
    with pd.option_context("display.width", 200, "display.max_colwidth", 90):
        print(pseudonymise_frame(model.topics[["topic", "label", "size", "share"]], pseudonymise).to_string(index=False))
        print("\nShare of each theme per role:")
        print(pseudonymise_frame((model.shares(by="role") * 100).round(0).astype(int), pseudonymise).to_string())
    if args.out:
        _write_sheets(args.out, {"topics": model.topics.assign(terms=model.topics["terms"].map(", ".join)),
                                 "units": model.assignments.drop(columns=["parent_id"], errors="ignore"),
                                 "by_role": model.shares(by="role").reset_index(names="topic"),
                                 "quotes": model.quotes(3)}, pseudonymise=pseudonymise)
    if args.save:
        print(f"Model saved to {model.save(args.save)}")
    return 0


def _timeline(args) -> int:

    from .timeline.events import life_history, timeline

    corpus, pseudonymise = _ingested_corpus(args)
    found, incidents = timeline(corpus)
    dated = found["earliest"].notna().sum()
    print(f"{len(found)} temporal expressions, {dated} dated ({', '.join(f'{k} {v}' for k, v in found['derivation'].value_counts().items())})")
    print("\nIncidents several people remember:")
    for row in incidents.itertuples():
        datings = "; ".join(f"{p} {v}" for p, v in row.datings.items()) or "not dated"
        years = "year" if row.spread_years == 1 else "years"
        verdict = {True: "datings agree", False: f"datings differ (spread {row.spread_years} {years})",
                   None: "dated by fewer than two people"}[row.agree]
        print(pseudonymise(f"  {row.incident} ({row.participants} {'person' if row.participants == 1 else 'people'}; "
                           f"{verdict}): {datings}"))
    if args.out:
        _write_sheets(args.out, {"events": found.assign(codes=found["codes"].map(", ".join)),
                                 "incidents": incidents.drop(columns=["dating_rows", "own_datings"]).assign(
                                     datings=incidents["datings"].map(str),
                                                               quotes=incidents["quotes"].map(
                                                                   lambda q: " | ".join(f"{w}: {s}" for w, s, *_ in q)))},
                      pseudonymise=pseudonymise)
    if args.figures:
        from .report.figures import (life_history_figure, organisation_timeline_figure, pseudonymise_figure,
                                     save_figure)

        save_figure(pseudonymise_figure(organisation_timeline_figure(incidents), pseudonymise),
                    args.figures / "organisation_timeline")
        life = corpus.documents[corpus.documents["kind"] == "life_history"]
        several = corpus.cases["case_id"].nunique() > 1  # every case may have its own P01
        for case_id, pid in life[["case_id", "participant_id"]].dropna().drop_duplicates().itertuples(index=False):
            save_figure(pseudonymise_figure(life_history_figure(life_history(found, pid, case_id), title=pid),
                                            pseudonymise),
                        args.figures / (f"life_history_{case_id}_{pid}" if several else f"life_history_{pid}"))
        print(f"Figures in {args.figures}")
    return 0


def _codebook(args) -> int:
    from .coding.codebook import load_codebooks

    books = load_codebooks(args.files)
    for book in books:
        n_ind = sum(i.count() for c in book.codes for i in c.indicators.values())
        print(f"{book.path}: {book.id} {book.version}, {len(book)} codes, {n_ind} indicators: valid")
    if args.sentence:
        from .coding.autocode import RuleCoder

        for line in RuleCoder(books, lang=args.lang).explain(args.sentence):
            print(f"  {line}")
    elif not (args.docx or args.xlsx or args.qdc):
        for book in books:
            for code in book.codes:
                print(f"  {'  ' * code.depth}{code.code_id}  {code.text('label', args.lang)}")
    if args.docx:
        print(f"Word: {books[0].to_docx(args.docx, args.lang)}")
    if args.xlsx:
        print(f"Excel: {books[0].to_xlsx(args.xlsx, args.lang)}")
    if args.qdc:
        from .interop import export_qdc

        print(f"REFI-QDA codebook: {export_qdc(books, args.qdc, lang=args.lang)}")
    return 0


def _info(args) -> int:
    from .project import Project

    with Project(args.case_dir, args.store) as project:
        if not project.store_path.exists():
            print(f"No store yet at {project.store_path}; run `undercurrent ingest {args.case_dir}` first.")
            return 0
        corpus = project.corpus()
        print(f"Store: {project.store_path}")
        print(repr(corpus))
        if len(corpus.documents):
            from .stats import corpus_statistics

            stats = corpus_statistics(corpus)
            cols = ["doc_id", "pseudonym", "kind", "format", "turns", "respondent_words", "interviewer_words"]
            print(stats.by_document[cols].to_string(index=False))
        if len(corpus.codings):
            print("\nCodings:")
            print(corpus.codings.groupby(["origin", "coder"]).size().rename("codings").reset_index()
                  .to_string(index=False))
        _print_coding_file_status(project, corpus, args.case_dir)
        runs = project.store.table("runs").tail(5)
        if len(runs):
            print("\nLast runs:")
            print(runs[["run_id", "command", "status", "finished_at"]].to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
