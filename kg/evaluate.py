"""Score competency-question answers (CSV files) against gold answers.

This is the project's own implementation of the contract in
``spec/competency-questions.md`` (the rules of ``eval/score.py``):

* cells are compared after Unicode NFKC and removal of all white space;
* a village (the ``village`` column of *villages* and *assignments*) matches
  with or without a final 村;
* ``amount_yuan`` matches as a number, within 0.5 yuan (text that is not a
  number is compared as text);
* a measure matches when, without quote and title marks, one name contains
  the other and the shorter has two characters or more;
* a predicted row matches a gold row when all key columns match; matching is
  greedy and one to one, predicted rows in file order, each taking the unused
  gold row that agrees on most non-key columns (the first on a tie);
* non-key columns are scored as the share of matched pairs whose cells
  contain one another (two empty cells agree);
* precision, recall and F1 per question; a question with neither gold nor
  predicted rows scores 1, a missing predicted CSV scores 0; the macro F1 is
  the plain mean of the six F1 values.

>>> key_match("villages", "village", "石门", "石门村")
True
>>> key_match("funds", "amount_yuan", "30000000", "3.0e7")
True
>>> key_match("measures", "measure", "九个一工作机制", "“九个一”")
True
>>> key_match("measures", "measure", "一", "一村一品")   # shorter than 2 characters
False
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["QUESTIONS", "QuestionScore", "Report", "normalise", "key_match", "agree",
           "read_answers", "score_rows", "score_dirs", "ArticleResult", "CorpusResult",
           "evaluate_corpus"]

#: name -> (CSV header, key columns): the contract's table.
QUESTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "officials": (("name", "post", "organization"), ("name", "post")),
    "villages": (("village", "township", "county"), ("village", "county")),
    "assignments": (("assignee", "village", "dispatching_unit"), ("village", "dispatching_unit")),
    "funds": (("amount_yuan", "purpose", "provider", "recipient"), ("amount_yuan",)),
    "measures": (("measure", "adopter"), ("measure",)),
    "events": (("date", "event", "agent", "place"), ("date",)),
}

_SPACE = re.compile(r"\s+")
# Quote and title marks a measure may or may not carry (“九个一” = 九个一).
_MARKS = re.compile("[“”‘’「」『』《》\"']")
_TOLERANCE = 0.5        # yuan; amounts are whole numbers or halves at most
_VILLAGE = "村"


def normalise(cell: str | None) -> str:
    """NFKC, then drop every white-space character.

    >>> normalise(" 李 明华\\u3000")
    '李明华'
    >>> normalise("ＡＢ１")
    'AB1'
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", cell or ""))


def _as_number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def key_match(question: str, column: str, gold: str, pred: str) -> bool:
    """Whether a key cell of a predicted row matches the gold cell."""
    g, p = normalise(gold), normalise(pred)
    if column == "amount_yuan":
        gn, pn = _as_number(g), _as_number(p)
        if gn is None or pn is None:
            return g == p          # not numbers: compare as text
        return abs(gn - pn) <= _TOLERANCE
    if column == "village" and question in ("villages", "assignments"):
        # 范村 and 范村村 are both legitimate spellings of a village.
        return g == p or g + _VILLAGE == p or p + _VILLAGE == g
    if column == "measure":
        g, p = _MARKS.sub("", g), _MARKS.sub("", p)
        shorter, longer = (g, p) if len(g) <= len(p) else (p, g)
        return len(shorter) >= 2 and shorter in longer
    return g == p


def agree(gold: str, pred: str) -> bool:
    """Non-key agreement: one cell contains the other; two empty cells agree.

    >>> agree("市委", "焦作市委"), agree("", ""), agree("", "市委")
    (True, True, False)
    """
    g, p = normalise(gold), normalise(pred)
    if g and p:
        return g in p or p in g
    return g == p


def read_answers(path: str | Path, header: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of an answer CSV as dicts; ``InputError`` if its header is wrong.

    Blank rows are skipped, short rows padded with empty cells.
    """
    from kg.errors import InputError

    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    found = tuple(c.strip() for c in rows[0]) if rows else ()
    if found != tuple(header):
        raise InputError(f"wrong header {','.join(found) or '(empty file)'!r}, "
                         f"expected {','.join(header)!r}", path=str(path), code="E121")
    padding = [""] * len(header)
    return [dict(zip(header, row + padding)) for row in rows[1:] if any(c.strip() for c in row)]


@dataclass
class QuestionScore:
    """The score of one competency question."""
    question: str
    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float
    agreement: dict[str, float | None] = field(default_factory=dict)
    missing: bool = False           # the predicted CSV did not exist


def _prf(matched: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    if not n_pred and not n_gold:
        return 1.0, 1.0, 1.0        # nothing to find and nothing found: perfect
    precision = matched / n_pred if n_pred else 0.0
    recall = matched / n_gold if n_gold else 0.0
    total = precision + recall
    return precision, recall, (2 * precision * recall / total if total else 0.0)


def score_rows(question: str, gold: list[dict], pred: list[dict]) -> QuestionScore:
    """Match predicted rows to gold rows one to one and score them.

    >>> gold = [{"measure": "村企对接", "adopter": "沁阳市"}]
    >>> pred = [{"measure": "“村企对接”", "adopter": ""}, {"measure": "村企对接", "adopter": "沁阳市"}]
    >>> s = score_rows("measures", gold, pred)
    >>> s.matched, round(s.precision, 2), s.recall, s.agreement
    (1, 0.5, 1.0, {'adopter': 0.0})
    """
    header, keys = QUESTIONS[question]
    others = [c for c in header if c not in keys]
    free = list(range(len(gold)))          # gold rows not yet taken, in file order
    pairs: list[tuple[dict, dict]] = []
    for p in pred:
        best, best_n = None, -1
        for i in free:
            g = gold[i]
            if all(key_match(question, k, g.get(k, ""), p.get(k, "")) for k in keys):
                n = sum(agree(g.get(c, ""), p.get(c, "")) for c in others)
                if n > best_n:             # strict: the first gold row wins a tie
                    best, best_n = i, n
        if best is not None:
            free.remove(best)
            pairs.append((gold[best], p))
    m = len(pairs)
    precision, recall, f1 = _prf(m, len(pred), len(gold))
    agreement = {c: (sum(agree(g.get(c, ""), p.get(c, "")) for g, p in pairs) / m if m else None)
                 for c in others}
    return QuestionScore(question, len(gold), len(pred), m, precision, recall, f1, agreement)


@dataclass
class Report:
    """Scores of the six questions for one article, and their macro F1."""
    questions: dict[str, QuestionScore]

    @property
    def macro_f1(self) -> float:
        return sum(q.f1 for q in self.questions.values()) / len(self.questions)

    def to_dict(self) -> dict:
        return {"questions": {name: {k: v for k, v in vars(q).items() if k != "question"}
                              for name, q in self.questions.items()},
                "macro_f1": self.macro_f1}

    def render(self) -> str:
        """A fixed-width table, one line per question, then the macro F1."""
        row = "{:<12}{:>6}{:>6}{:>6}{:>7}{:>7}{:>7}  {}"
        lines = [row.format("question", "gold", "pred", "match", "prec", "rec", "f1",
                            "non-key agreement")]
        for name, q in self.questions.items():
            notes = " ".join(f"{c}={'-' if v is None else f'{v:.3f}'}"
                             for c, v in q.agreement.items())
            if q.missing:
                notes += " (predicted file missing)"
            lines.append(row.format(name, q.gold, q.predicted, q.matched, f"{q.precision:.3f}",
                                    f"{q.recall:.3f}", f"{q.f1:.3f}", notes))
        lines.append(f"macro_f1 {self.macro_f1:.3f}")
        return "\n".join(lines)


def score_dirs(gold_dir: str | Path, pred_dir: str | Path) -> Report:
    """Score the six CSVs of ``pred_dir`` against those of ``gold_dir``.

    Raises ``InputError`` for a missing folder, a missing gold CSV, or a CSV
    with the wrong header.
    """
    from kg.errors import InputError

    gold_dir, pred_dir = Path(gold_dir), Path(pred_dir)
    for what, folder in (("gold", gold_dir), ("predicted", pred_dir)):
        if not folder.is_dir():
            raise InputError(f"{what} folder not found", path=str(folder), code="E120")
    scores = {}
    for name, (header, _) in QUESTIONS.items():
        gold_csv, pred_csv = gold_dir / f"{name}.csv", pred_dir / f"{name}.csv"
        if not gold_csv.is_file():
            raise InputError("gold file missing", path=str(gold_csv), code="E122")
        gold = read_answers(gold_csv, header)
        if pred_csv.is_file():
            scores[name] = score_rows(name, gold, read_answers(pred_csv, header))
        else:
            s = score_rows(name, gold, [])
            s.precision = s.recall = s.f1 = 0.0    # no answer at all is never right
            s.missing = True
            scores[name] = s
    return Report(scores)


# --- a corpus of articles ---------------------------------------------------

@dataclass
class ArticleResult:
    """The score of one article of a corpus (``report`` None if it did not build)."""
    article: str                    # as the corpus file gives it
    gold: str
    date: str | None
    report: Report | None = None
    error: str = ""                 # why it did not build (it then scores 0)

    @property
    def macro_f1(self) -> float:
        return self.report.macro_f1 if self.report else 0.0


@dataclass
class CorpusResult:
    """The scores of every article of a corpus and their mean macro F1."""
    corpus: str
    articles: list[ArticleResult]

    @property
    def mean_macro_f1(self) -> float:
        return sum(a.macro_f1 for a in self.articles) / len(self.articles) if self.articles else 0.0

    def to_dict(self) -> dict:
        return {"corpus": self.corpus,
                "articles": [{"article": a.article, "gold": a.gold, "date": a.date,
                              "macro_f1": a.macro_f1, "error": a.error or None,
                              "questions": a.report.to_dict()["questions"] if a.report else {}}
                             for a in self.articles],
                "mean_macro_f1": self.mean_macro_f1}

    def render(self) -> str:
        """One table per article, then the mean macro F1."""
        parts = []
        for a in self.articles:
            head = f"== {a.article}" + (f" ({a.date})" if a.date else "")
            body = a.report.render() if a.report else f"not built: {a.error}\nmacro_f1 0.000"
            parts.append(f"{head}\n{body}")
        n = len(self.articles)
        parts.append(f"mean macro_f1 {self.mean_macro_f1:.3f} over {n} article{'s' if n != 1 else ''}")
        return "\n\n".join(parts)


def _entries(corpus: Path) -> list[dict]:
    import json

    from kg.errors import InputError

    if not corpus.is_file():
        raise InputError("corpus file not found (give CORPUS_JSON)", path=str(corpus), code="E123")
    try:
        data = json.loads(corpus.read_text(encoding="utf-8"))
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 ({e.reason})", path=str(corpus), code="E124") from e
    except json.JSONDecodeError as e:
        raise InputError(f"not JSON: {e.msg} at line {e.lineno}, column {e.colno}",
                         path=str(corpus), code="E124") from e
    if isinstance(data, dict):
        data = data.get("articles")
    if not isinstance(data, list) or not all(
            isinstance(d, dict) and isinstance(d.get("article"), str) and isinstance(d.get("gold"), str)
            for d in data):
        raise InputError('expected a list of {"article": PATH, "gold": DIR, "date": …}',
                         path=str(corpus), code="E124")
    return data


def _gold_folder(gold: str, base: Path, gold_root: str | Path | None) -> Path:
    if gold_root is None:
        return base / gold
    root = Path(gold_root)
    # DIR may be the folder the corpus's relative gold paths start from, or
    # the folder that holds the per-article gold folders themselves.
    return root / gold if (root / gold).is_dir() else root / Path(gold).name


def _keep_name(article: str, i: int) -> str:
    """The folder name under ``--keep`` of an article: its file stem, never a
    path (names come from the corpus file: ``..`` or ``/`` must not lead out).

    >>> _keep_name("articles/a.txt", 0), _keep_name("x/..", 3), _keep_name("../../etc/passwd", 1)
    ('a', 'article-0003', 'passwd')
    """
    stem = Path(article.replace("\\", "/")).stem
    if stem in ("", ".", "..") or "/" in stem or "\\" in stem or "\0" in stem:
        return f"article-{i:04d}"
    return stem


def evaluate_corpus(corpus: str | Path, *, gold_root: str | Path | None = None,
                    keep: str | Path | None = None) -> CorpusResult:
    """Build every article of ``corpus`` alone, answer the six questions and
    score each against its gold folder.

    ``corpus`` is a JSON list of ``{"article": PATH, "gold": DIR, "date":
    "YYYY-MM-DD" | null}``, paths relative to the file's folder.  An article
    that cannot be built scores 0 (its error is kept); a missing gold folder
    is an ``InputError``.  ``keep`` keeps the predicted CSVs in
    ``keep/<article stem>/``.
    """
    import tempfile

    from kg.errors import InputError
    from kg.graph.store import atomic_write, load
    from kg.pipeline import build
    from kg.query import run_query

    corpus = Path(corpus)
    base = corpus.parent
    results = []
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as tmp:
        for i, entry in enumerate(_entries(corpus)):
            gold = _gold_folder(entry["gold"], base, gold_root)
            if not gold.is_dir():
                raise InputError("gold folder not found", path=str(gold), code="E120")
            date = entry.get("date") or None
            result = ArticleResult(entry["article"], entry["gold"], date)
            work = Path(tmp) / f"{i:04d}"
            try:
                build([base / entry["article"]], work / "out", date=date, html=False)
            except InputError as e:
                result.error = str(e)
                results.append(result)
                continue
            graph = load(work / "out")
            pred = Path(keep) / _keep_name(entry["article"], i) if keep else work / "pred"
            try:
                pred.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                from kg.errors import OutputError
                raise OutputError(f"cannot write: {e.strerror or e}", path=str(pred), code="E501") from e
            for name in QUESTIONS:
                atomic_write(pred / f"{name}.csv", run_query(graph, name).to_csv().encode("utf-8"))
            result.report = score_dirs(gold, pred)
            results.append(result)
    return CorpusResult(str(corpus), results)
