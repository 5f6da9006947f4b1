"""Score extraction against gold annotations with the shared scorer.

The scorer (``score_extraction.py``) is imported by path from a tools directory, default
``../shared/tools`` beside the repository, so tipgraph measures itself exactly as it is judged.

Examples:
    >>> from graph.flows.evaluate import default_scorer_path
    >>> default_scorer_path().name
    'score_extraction.py'
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import yaml

from ..errors import InputError
from ..extract import extract
from ..loaders import load_report

__all__ = ["evaluate", "score_rows", "default_scorer_path", "load_scorer", "genre_of"]

_REPO = Path(__file__).resolve().parents[2]
# Genre by the publisher a gold file names: the four kinds of report whose language differs.
_GENRES = (("department of labor", "dol-findings"), ("department of state", "state-dept"),
           ("factbook", "factbook"), ("central intelligence", "factbook"))


def genre_of(gold: dict) -> str:
    """The genre of a gold file's report, from its publisher (news when none of the others).

    >>> genre_of({"report": {"publisher": "U.S. Department of State"}})
    'state-dept'
    >>> genre_of({"report": {"publisher": "Al Jazeera"}})
    'news'
    """
    publisher = ((gold.get("report") or {}).get("publisher") or "").casefold()
    return next((genre for cue, genre in _GENRES if cue in publisher), "news")


def default_scorer_path() -> Path:
    return _REPO.parent / "shared" / "tools" / "score_extraction.py"


def load_scorer(path: str | Path | None = None) -> ModuleType:
    path = Path(path) if path else default_scorer_path()
    if path.is_dir():
        path = path / "score_extraction.py"
    if not path.exists():
        raise InputError("scorer not found", path=str(path))
    spec = importlib.util.spec_from_file_location("tipgraph_shared_scorer", path)
    if spec is None or spec.loader is None:
        raise InputError("cannot import scorer", path=str(path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def evaluate(reports_dir: str | Path, gold_dir: str | Path, scorer: str | Path | None = None,
             *, suffix: str | None = None) -> dict:
    """Extract every report that has a gold file and score it. Returns ``{"sections": {name:
    {tp, fp, fn, precision, recall, f1}}, "overall": {precision, recall, f1, macro_f1},
    "genres": {genre: {precision, recall, f1, documents}}, "documents": {stem: {section: f1,
    "overall": f1, "genre": genre}}, "leaks": [...], "missing": [report paths that have a gold
    file but are not in ``reports_dir``]}``.

    ``suffix`` (``".pdf"``) scores another rendering of the same reports: the gold file's report
    name with that extension (the PDFs in ``reports/pdf`` against the same gold)."""
    module = load_scorer(scorer)
    reports_dir, gold_dir = Path(reports_dir), Path(gold_dir)
    gold_files = sorted(gold_dir.glob("*.yaml"))
    if not gold_files:
        raise InputError("no gold *.yaml files", path=str(gold_dir))
    broad = module.load_taxonomy()
    sections = module.SECTIONS
    totals = {s: [0, 0, 0] for s in sections}
    by_genre: dict[str, list[int]] = {}
    out: dict = {"documents": {}, "sections": {}, "genres": {}, "leaks": [], "missing": []}
    for g in gold_files:
        gold = yaml.safe_load(g.read_text(encoding="utf-8"))
        name = (gold.get("report") or {}).get("file") or g.stem + ".txt"
        path = reports_dir / name
        if suffix:
            path = path.with_suffix(suffix)
        if not path.exists():  # not a failed extraction: nothing to score (said, not counted as 0)
            out["missing"].append(str(path))
            continue
        ext = extract(load_report(path)).to_dict()
        per, leaks = module.score_one(gold, ext, broad)
        doc = [sum(v[i] for s, v in per.items() if s != "gaps_broad") for i in range(3)]
        genre = genre_of(gold)
        out["documents"][g.stem] = {**{s: module.prf(*v)[2] for s, v in per.items()},
                                    "overall": module.prf(*doc)[2], "genre": genre}
        counts = by_genre.setdefault(genre, [0, 0, 0, 0])
        for i in range(3):
            counts[i] += doc[i]
        counts[3] += 1
        out["leaks"] += leaks
        for s, v in per.items():
            for i in range(3):
                totals[s][i] += v[i]
    for s, (tp, fp, fn) in totals.items():
        p, r, f = module.prf(tp, fp, fn)
        out["sections"][s] = {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}
    for genre, (tp, fp, fn, n) in sorted(by_genre.items()):
        p, r, f = module.prf(tp, fp, fn)
        out["genres"][genre] = {"precision": p, "recall": r, "f1": f, "documents": n}
    tp, fp, fn = (sum(totals[s][i] for s in sections if s != "gaps_broad") for i in range(3))
    p, r, f = module.prf(tp, fp, fn)
    docs = out["documents"].values()
    if not docs:
        raise InputError(f"none of the {len(gold_files)} gold files has its report here", path=str(reports_dir))
    out["overall"] = {"precision": p, "recall": r, "f1": f, "macro_f1": sum(d["overall"] for d in docs) / len(docs)}
    return out


def score_rows(result: dict) -> list[dict]:
    """The scores of an :func:`evaluate` result as flat rows: one per section, genre and report,
    and one for the whole (``scope``: section, genre, report, overall)."""
    rows = [{"scope": "section", "name": name, **v} for name, v in result["sections"].items()]
    rows += [{"scope": "genre", "name": genre, **g} for genre, g in result["genres"].items()]
    rows += [{"scope": "report", "name": stem, "f1": d["overall"], "genre": d["genre"]}
             for stem, d in result["documents"].items()]
    rows.append({"scope": "overall", "name": "overall", **result["overall"],
                 "documents": len(result["documents"])})
    return rows
