"""kg.evaluate: the contract's scoring rules, checked against eval/score.py."""
import csv
import importlib.util
import json
import random
import shutil
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.evaluate import (QUESTIONS, agree, evaluate_corpus, key_match, normalise, score_dirs,
                         score_rows)

ROOT = Path(__file__).resolve().parents[1]
SCORE_PY = ROOT.parent / "shared" / "eval" / "score.py"
FIRST = "jiaozuo-daily-2017-01-12-p03"
GOLD = ROOT / "data" / "gold" / FIRST


def write(folder: Path, name: str, rows, header=None):
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header or QUESTIONS[name][0])
        w.writerows(rows)


def read(folder: Path, name: str) -> list[list[str]]:
    with open(folder / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))[1:]


# --- the rules ------------------------------------------------------------------

def test_cells_are_compared_after_nfkc_and_without_white_space():
    assert normalise("市委\u3000书记 ") == "市委书记"
    assert key_match("officials", "name", "王小平", "王 小平")
    assert key_match("officials", "post", "市委书记", "市委书记\n")
    assert not key_match("officials", "name", "王小平", "王小")


def test_village_suffix():
    assert key_match("villages", "village", "范村", "范村村")
    assert key_match("assignments", "village", "一斗水村", "一斗水")
    assert not key_match("villages", "county", "修武", "修武村")   # only village columns


def test_amounts_are_numbers():
    assert key_match("funds", "amount_yuan", "30000000", "30000000.0")
    assert key_match("funds", "amount_yuan", "93835000", "93835000.4")
    assert not key_match("funds", "amount_yuan", "93835000", "93835001")
    assert key_match("funds", "amount_yuan", "约三千万", "约三千万")   # text compares as text


def test_measures_contain_one_another_without_marks():
    assert key_match("measures", "measure", "“九个一”工作机制", "九个一")
    assert key_match("measures", "measure", "《焦作市社会保障脱贫实施方案》", "焦作市社会保障脱贫实施方案")
    assert not key_match("measures", "measure", "“一”", "一村一品")
    assert not key_match("measures", "measure", "村企对接", "回头看")


def test_non_key_agreement():
    assert agree("市委", "焦作市委") and agree("焦作市委", "市委")
    assert agree("", " ") and not agree("", "市委")


def test_greedy_matching_prefers_most_agreeing_gold_row():
    gold = [{"date": "2016-11-16", "event": "暗访", "agent": "王小平", "place": "修武县"},
            {"date": "2016-11-16", "event": "暗访", "agent": "王小平", "place": "武陟县"}]
    pred = [{"date": "2016-11-16", "event": "暗访", "agent": "王小平", "place": "武陟县"},
            {"date": "2016-11-16", "event": "暗访", "agent": "王小平", "place": "修武县"},
            {"date": "2016-11-16", "event": "暗访", "agent": "王小平", "place": "修武县"}]
    s = score_rows("events", gold, pred)
    assert (s.matched, s.predicted, s.gold) == (2, 3, 2)
    assert s.agreement["place"] == 1.0          # each pred took the gold row with its place
    assert s.precision == pytest.approx(2 / 3) and s.recall == 1.0


def test_no_rows_on_either_side_scores_one():
    assert score_rows("assignments", [], []).f1 == 1.0
    assert score_rows("assignments", [], [{"assignee": "x", "village": "y",
                                            "dispatching_unit": "z"}]).f1 == 0.0


def test_perfect_and_missing_predictions(tmp_path):
    shutil.copytree(GOLD, tmp_path / "pred")
    assert score_dirs(GOLD, tmp_path / "pred").macro_f1 == 1.0
    (tmp_path / "pred" / "funds.csv").unlink()
    report = score_dirs(GOLD, tmp_path / "pred")
    assert report.questions["funds"].missing and report.questions["funds"].f1 == 0.0
    assert report.macro_f1 == pytest.approx(5 / 6)
    assert "(predicted file missing)" in report.render()
    assert report.render().splitlines()[-1] == "macro_f1 0.833"


def test_wrong_header_and_missing_folders_are_input_errors(tmp_path):
    write(tmp_path / "pred", "officials", [["王小平", "市委书记", ""]], header=["name", "post"])
    with pytest.raises(InputError, match="wrong header"):
        score_dirs(GOLD, tmp_path / "pred")
    with pytest.raises(InputError, match="folder not found"):
        score_dirs(GOLD, tmp_path / "nowhere")


def test_bom_short_rows_and_blank_rows_are_tolerated(tmp_path):
    pred = tmp_path / "pred"
    shutil.copytree(GOLD, pred)
    text = (pred / "measures.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    # a BOM, a short row (adopter left off), blank lines
    lines[1] = lines[1].split(",")[0]
    (pred / "measures.csv").write_text("\ufeff" + "\n".join(lines) + "\n\n,\n", encoding="utf-8")
    q = score_dirs(GOLD, pred).questions["measures"]
    assert q.f1 == 1.0 and q.agreement["adopter"] < 1.0


# --- the same numbers as eval/score.py -------------------------------------------

def _mutations(rng: random.Random):
    """Ways a prediction goes wrong, each a function of (question, rows)."""
    def drop(q, rows):
        return [r for r in rows if rng.random() > 0.3]

    def duplicate(q, rows):
        return rows + [r for r in rows if rng.random() < 0.3]

    def shuffle(q, rows):
        rows = list(rows)
        rng.shuffle(rows)
        return rows

    def spaces(q, rows):
        return [[c[:1] + " " + c[1:] if c and rng.random() < 0.5 else c for c in r] for r in rows]

    def village_suffix(q, rows):
        header = QUESTIONS[q][0]
        if "village" not in header:
            return rows
        i = header.index("village")
        return [r[:i] + [r[i][:-1] if r[i].endswith("村") else r[i] + "村"] + r[i + 1:] for r in rows]

    def amounts(q, rows):
        if q != "funds":
            return rows
        out = []
        for r in rows:
            try:
                out.append([f"{float(r[0]) + rng.choice([0, 0.4, 0.6, -0.5, 1000])}"] + r[1:])
            except ValueError:             # already mangled by another mutation
                out.append(r)
        return out

    def quotes(q, rows):
        if q != "measures":
            return rows
        return [[rng.choice(["“{}”", "《{}》", "{}工作", "{}"]).format(r[0][:rng.randint(1, 6)])]
                + r[1:] for r in rows]

    def blank_non_keys(q, rows):
        header, keys = QUESTIONS[q]
        return [[c if h in keys or rng.random() < 0.5 else "" for h, c in zip(header, r)] for r in rows]

    def truncate_non_keys(q, rows):
        header, keys = QUESTIONS[q]
        return [[c if h in keys else c[: rng.randint(0, len(c))] for h, c in zip(header, r)] for r in rows]

    def noise(q, rows):
        n = len(QUESTIONS[q][0])
        return rows + [[rng.choice(["王小平", "2016-11-16", "九个一", "修武县", "30000000", ""])
                        for _ in range(n)] for _ in range(rng.randint(0, 3))]

    def empty(q, rows):
        return []

    return [drop, duplicate, shuffle, spaces, village_suffix, amounts, quotes, blank_non_keys,
            truncate_non_keys, noise, empty]


def _synthetic_predictions(base: Path, n: int = 25) -> list[Path]:
    rng = random.Random(20170112)
    mutations = _mutations(rng)
    folders = []
    for k in range(n):
        pred = base / f"pred{k}"
        for q in QUESTIONS:
            if k and rng.random() < 0.05:
                continue                                   # a missing file
            rows = read(GOLD, q)
            for m in rng.sample(mutations, rng.randint(1, 3)):
                rows = m(q, rows)
            write(pred, q, rows)
        folders.append(pred)
    return folders


@pytest.fixture(scope="module")
def score_py():
    if not SCORE_PY.is_file():
        pytest.skip(f"{SCORE_PY} not found (the shared folder sits beside the repository)")
    spec = importlib.util.spec_from_file_location("shared_score", SCORE_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_same_scores_as_score_py(tmp_path, score_py):
    for pred in _synthetic_predictions(tmp_path):
        theirs = score_py.score(GOLD, pred)
        mine = score_dirs(GOLD, pred)
        assert mine.macro_f1 == pytest.approx(theirs["macro_f1"], abs=1e-12), pred.name
        for q, r in theirs["questions"].items():
            m = mine.questions[q]
            assert (m.gold, m.predicted, m.matched) == (r["gold"], r["predicted"], r["matched"]), (pred, q)
            assert (m.precision, m.recall, m.f1) == pytest.approx((r["precision"], r["recall"], r["f1"]))
            assert m.agreement == pytest.approx(r["agreement"]), (pred, q)
        assert mine.render() == score_py.render(theirs)


def test_synthetic_predictions_cover_a_range_of_scores(tmp_path):
    scores = {round(score_dirs(GOLD, p).macro_f1, 3) for p in _synthetic_predictions(tmp_path)}
    assert len(scores) > 5 and min(scores) < 0.5 and max(scores) > 0.8


# --- a corpus -----------------------------------------------------------------------

def test_evaluate_corpus_builds_and_scores_each_article(tmp_path):
    shutil.copy(ROOT / "data" / "articles" / f"{FIRST}.txt", tmp_path / "a.txt")
    shutil.copytree(GOLD, tmp_path / "gold" / "a")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    corpus = tmp_path / "corpus.json"
    corpus.write_text(json.dumps([
        {"article": "a.txt", "gold": "gold/a", "date": None},
        {"article": "empty.txt", "gold": "gold/a", "date": "2017-01-12"},
    ]), encoding="utf-8")
    result = evaluate_corpus(corpus, keep=tmp_path / "kept")
    first, second = result.articles
    assert first.report is not None and first.macro_f1 > 0.5
    assert second.report is None and second.error.startswith("E103") and second.macro_f1 == 0.0
    assert result.mean_macro_f1 == pytest.approx(first.macro_f1 / 2)
    assert sorted(p.name for p in (tmp_path / "kept" / "a").iterdir()) == sorted(
        f"{q}.csv" for q in QUESTIONS)
    text = result.render()
    assert "== a.txt" in text and text.splitlines()[-1].startswith("mean macro_f1 ")
    assert json.loads(json.dumps(result.to_dict()))["articles"][1]["error"].startswith("E103")


def test_corpus_gold_root(tmp_path):
    shutil.copy(ROOT / "data" / "articles" / f"{FIRST}.txt", tmp_path / "a.txt")
    shutil.copytree(GOLD, tmp_path / "elsewhere" / FIRST)
    corpus = tmp_path / "corpus.json"
    corpus.write_text(json.dumps([{"article": "a.txt", "gold": f"gold/{FIRST}"}]), encoding="utf-8")
    with pytest.raises(InputError, match="gold folder not found"):
        evaluate_corpus(corpus)
    assert evaluate_corpus(corpus, gold_root=tmp_path / "elsewhere").articles[0].report


@pytest.mark.parametrize("text", ["", "{", '{"articles": 3}', '[{"article": "a.txt"}]'])
def test_bad_corpus_file(tmp_path, text):
    corpus = tmp_path / "corpus.json"
    corpus.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        evaluate_corpus(corpus)
    assert str(err.value).startswith("E124")
