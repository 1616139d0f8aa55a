"""A seeded synthetic study of any size, for scale benchmarks: case folders of realistic Dutch
interviews made from the demo's transcripts, varied rather than copied.

    python -m benchmarks.scale_corpus OUT_DIR --words 1000000 [--cases 20] [--seed 7]

Each interview alternates the interviewer's questions and one respondent's answers, both drawn
from the demo's turns; every answer is varied (sentences dropped, reordered and joined with
answers of other people, numbers and years shifted), so no two documents are the same and word
frequencies stay those of real talk. The same seed gives the same corpus.
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo" / "transcripts"
_LABEL = re.compile(r"^(?P<who>[A-Z][\w .'-]{0,30}):\s+(?P<text>\S.*)$")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[])")
_NUMBER = re.compile(r"\b(19[5-9]\d|20[0-2]\d|\d{1,2})\b")
FIRST = ["Anouk", "Bas", "Chantal", "Dirk", "Esther", "Frank", "Gerda", "Hans", "Ilse", "Joost", "Karin", "Luuk",
         "Marieke", "Niels", "Olga", "Peter", "Quinten", "Rianne", "Sander", "Tessa", "Ugur", "Vera", "Wim", "Yara"]
ROLES = ["lasser", "plaatwerker", "werkvoorbereider", "planner", "teamleider", "operator", "monteur", "leerling",
         "kwaliteitsmedewerker", "inkoper"]


def demo_turns() -> tuple[list[str], list[str]]:
    """(interviewer questions, respondent answers) of the demo's plain-text transcripts."""
    questions, answers = [], []
    for path in sorted(DEMO.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            m = _LABEL.match(line.strip())
            if not m:
                continue
            (questions if m["who"] == "Marloes" else answers).append(m["text"])
    return questions, answers


def _vary(answer: str, pool: list[str], rng: random.Random) -> str:
    sentences = _SENTENCE.split(answer)
    if len(sentences) > 2 and rng.random() < 0.5:
        sentences = rng.sample(sentences, k=rng.randint(2, len(sentences)))
    if rng.random() < 0.3:
        sentences += _SENTENCE.split(rng.choice(pool))[:2]
    text = " ".join(sentences)
    return _NUMBER.sub(lambda m: str(int(m.group()) + rng.randint(-3, 3)) if len(m.group()) == 4
                       else str(max(1, int(m.group()) + rng.randint(-2, 2))), text)


def interview(name: str, words: int, questions, answers, rng: random.Random) -> str:
    lines, count = [f"Interview {name}", ""], 0
    while count < words:
        q, a = rng.choice(questions), _vary(rng.choice(answers), answers, rng)
        lines += [f"Interviewer: {q}", "", f"{name}: {a}", ""]
        count += len(q.split()) + len(a.split())
    return "\n".join(lines)


def write_study(out: Path, words: int, cases: int = 10, per_interview: int = 2300, seed: int = 7) -> Path:
    """Write ``cases`` case folders holding about ``words`` words in all; return ``out``."""
    rng = random.Random(seed)
    questions, answers = demo_turns()
    n_docs = max(1, round(words / per_interview))
    out.mkdir(parents=True, exist_ok=True)
    for c in range(cases):
        case = out / f"bedrijf_{c + 1:03d}"
        (case / "transcripts").mkdir(parents=True, exist_ok=True)
        (case / "case.toml").write_text(f'name = "Bedrijf {c + 1}"\nlanguage = "nl"\ninterviewers = ["Interviewer"]\n',
                                        encoding="utf-8")
        rows = ["participant_id,pseudonym,role,birth_year,start_year,file"]
        docs = range(c, n_docs, cases)
        for k, d in enumerate(docs):
            name = f"{FIRST[d % len(FIRST)]}{'' if d < len(FIRST) else d // len(FIRST)}"
            file = f"{k + 1:03d}_interview.txt"
            (case / "transcripts" / file).write_text(
                interview(name, rng.randint(per_interview // 2, per_interview * 3 // 2), questions, answers, rng),
                encoding="utf-8")
            rows.append(f"P{k + 1:03d},{name},{rng.choice(ROLES)},{rng.randint(1958, 2004)},"
                        f"{rng.randint(1980, 2025)},{file}")
        (case / "participants.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    write_study(args.out, args.words, args.cases, seed=args.seed)
    total = sum(len(p.read_text(encoding="utf-8").split()) for p in args.out.glob("*/transcripts/*.txt"))
    print(f"{args.out}: {total:,} words in {len(list(args.out.glob('*/transcripts/*.txt')))} interviews")


if __name__ == "__main__":
    main()
