"""The `undercurrent` command: wires the Python API for coaches and batch runs."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import UndercurrentError

DESCRIPTION = """\
undercurrent maps the informal side of learning at work (the 'onderstroom') from interview
transcripts and life histories, and writes a case report next to the leercultuurscan.

A case is a folder with case.toml, participants.csv and a transcripts/ folder
(see corpora/demo for a complete example). Typical use:

  undercurrent run corpora/demo              read everything and write the report
  undercurrent info corpora/demo             show what has been read so far
"""

EPILOG = "Exit status: 0 when all went well, 1 when some files could not be read, 2 on a fatal error."


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_dir", type=Path, metavar="CASE_DIR",
                   help="the case folder (or a folder of case folders)")
    p.add_argument("--store", type=Path, metavar="FILE",
                   help="where the project store lives (default: CASE_DIR/.undercurrent/store.sqlite)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="undercurrent", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"undercurrent {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", help="read the transcripts of a case into its store",
                       description="Read every transcript and document of the case into the project store. "
                                   "Unchanged files are skipped; changed files are reported and read again.")
    _add_common(p)
    p.add_argument("--max-file-mb", type=float, metavar="MB",
                   help="refuse source files larger than this (default 25, or max_file_mb in case.toml)")
    p.add_argument("--quiet", action="store_true", help="no progress bars")

    p = sub.add_parser("run", help="read the case and write the case report (Word and HTML)",
                       description="Read the case, run the analyses and write report.docx and report.html.")
    _add_common(p)
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="where the report goes (default: exports/<case folder name>)")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="report language (default: nl, Dutch)")
    p.add_argument("--max-file-mb", type=float, metavar="MB", help="refuse source files larger than this")
    p.add_argument("--quiet", action="store_true", help="no progress bars")

    p = sub.add_parser("info", help="show what the store of a case holds",
                       description="Show the cases, documents and speaker turns in the project store.")
    _add_common(p)
    return parser


def _print_problems(problems) -> None:
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return _dispatch(args)
    except UndercurrentError as err:
        print(f"undercurrent: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("undercurrent: interrupted; what was stored so far is kept", file=sys.stderr)
        return 130


def _dispatch(args) -> int:
    from .project import Project, run_pipeline

    show = False if getattr(args, "quiet", False) else None
    if args.command == "ingest":
        with Project(args.case_dir, args.store) as project:
            report = project.ingest(max_file_mb=args.max_file_mb, show_progress=show)
            print(report)
            _print_problems(report.problems)
            print(f"Store: {project.store_path}")
        return 1 if report.errors else 0
    if args.command == "run":
        out = args.out or Path("exports") / args.case_dir.resolve().name
        ingest, written = run_pipeline(args.case_dir, out, lang=args.lang, store_path=args.store,
                                       max_file_mb=args.max_file_mb, show_progress=show)
        print(ingest)
        _print_problems(ingest.problems)
        for kind in ("docx", "html"):
            if kind in written:
                print(f"Report ({kind}): {written[kind]}")
        return 1 if ingest.errors else 0
    if args.command == "info":
        return _info(args)
    raise AssertionError(args.command)


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
        runs = project.store.table("runs").tail(5)
        if len(runs):
            print("\nLast runs:")
            print(runs[["run_id", "command", "status", "finished_at"]].to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
