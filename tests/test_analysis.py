"""kg.analysis and QueryResult.to_dataframe: the analyst's tables and plots."""
import io
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")

import kg
from kg import analysis
from kg.errors import QueryError, UsageError
from kg.graph.store import load
from kg.query import QUERY_NAMES, run_query

ROOT = Path(__file__).resolve().parents[1]
FIRST = ROOT / "data" / "articles" / "jiaozuo-daily-2017-01-12-p03.txt"


@pytest.fixture(scope="module")
def built(first_built):
    return first_built


@pytest.fixture(scope="module")
def graph(first_graph):
    return first_graph


@pytest.fixture(scope="module")
def empty():
    from rdflib import Graph

    return Graph()


# --- to_dataframe ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", QUERY_NAMES)
def test_dataframe_of_each_question_matches_its_csv(graph, name):
    result = run_query(graph, name)
    plain = result.to_dataframe(typed=False)
    from_csv = pd.read_csv(io.StringIO(result.to_csv()), dtype=str, keep_default_na=False)
    assert list(plain.columns) == list(from_csv.columns)
    assert plain.values.tolist() == from_csv.values.tolist()
    typed = result.to_dataframe()
    assert list(typed.columns) == list(from_csv.columns) and len(typed) == len(from_csv)
    for col in typed.columns:
        values = typed[col]
        if values.dtype.kind == "M":
            text = values.dt.strftime("%Y-%m-%d").tolist()
        else:
            text = ["" if v is None else str(v) for v in values]
        assert text == from_csv[col].tolist(), col


def test_dataframe_types(graph):
    df = kg.query(graph, "SELECT ?e ?date WHERE { ?e a fp:Event ; schema:startDate ?date }"
                  ).to_dataframe()
    assert df["date"].dtype.kind == "M" and df["e"].dtype == object
    assert kg.query(graph, "events").to_dataframe()["date"].dtype == object   # STR() in the .rq
    counts = kg.query(graph, "SELECT ?c (COUNT(?f) AS ?n) (SUM(?a) AS ?total) WHERE "
                             "{ ?f a ?c ; schema:amount ?a } GROUP BY ?c").to_dataframe()
    assert counts["n"].dtype == "int64" and counts["total"].dtype == "float64"
    assert counts["total"].iloc[0] == float(analysis.funds(graph)["amount_yuan"].sum())
    opt = kg.query(graph, "SELECT ?f ?a WHERE { ?f a fp:Person OPTIONAL { ?f schema:amount ?a } }")
    df = opt.to_dataframe()
    assert df["a"].isna().all() and df["a"].dtype == object


def test_dataframe_of_ask_construct_and_empty(graph, empty):
    assert kg.query(graph, "ASK { ?s a fp:Fund }").to_dataframe()["boolean"].tolist() == [True]
    with pytest.raises(QueryError):
        kg.query(graph, "CONSTRUCT { ?s a fp:Fund } WHERE { ?s a fp:Fund }").to_dataframe()
    df = kg.query(empty, "funds").to_dataframe()
    assert df.empty and list(df.columns) == ["amount_yuan", "purpose", "provider", "recipient"]


# --- funds ---------------------------------------------------------------------------------------

def test_funds_one_row_per_fund_in_document_order(graph):
    df = analysis.funds(graph)
    q = kg.query(graph, "funds").to_dataframe()
    assert len(df) == len(q) >= 10
    assert df["amount_yuan"].tolist() == [float(a) for a in q["amount_yuan"]]
    assert df["purpose"].tolist() == [p or analysis.UNKNOWN for p in q["purpose"]]
    assert df["provider"].tolist() == [p or analysis.UNKNOWN for p in q["provider"]]
    assert df["fund"].is_unique
    xibei = df[df["recipient"] == "西碑村"].iloc[0]
    assert (xibei["county"], xibei["prefecture"]) == ("博爱县", "焦作市")
    assert set(df["kind"]) <= {k for k, _ in analysis.PURPOSE_KINDS} | {"其他", analysis.UNKNOWN}


def test_funds_by_county_and_purpose_add_up(graph):
    total = analysis.funds(graph)["amount_yuan"].sum()
    county = analysis.funds_by_county(graph)
    assert list(county.columns) == ["county", "prefecture", "funds", "amount_yuan"]
    assert county["amount_yuan"].sum() == total and county["funds"].sum() == len(analysis.funds(graph))
    assert "博爱县" in county["county"].tolist()
    for by in ("purpose", "kind"):
        table = analysis.funds_by_purpose(graph, by=by)
        assert list(table.columns) == [by, "funds", "amount_yuan"]
        assert table["amount_yuan"].sum() == total
        assert table["amount_yuan"].is_monotonic_decreasing
    q = kg.query(graph, "funds").to_dataframe()
    low = q[q["purpose"] == "低保金"]
    row = analysis.funds_by_purpose(graph).set_index("purpose").loc["低保金"]
    assert (row["funds"], row["amount_yuan"]) == (len(low), sum(map(float, low["amount_yuan"])))
    assert len(low) == 2
    with pytest.raises(UsageError):
        analysis.funds_by_purpose(graph, by="colour")


def test_example_graph_counties():
    df = analysis.funds_by_county(analysis.example_graph())
    assert df.to_dict("records") == [
        {"county": "青山县", "prefecture": "东湖市", "funds": 2, "amount_yuan": 250800000.0},
        {"county": "白沙县", "prefecture": "东湖市", "funds": 1, "amount_yuan": 1200000.0}]


# --- units, officials, events ----------------------------------------------------------------------

def test_villages_per_unit(graph):
    df = analysis.villages_per_unit(graph)
    q = kg.query(graph, "assignments").to_dataframe()
    assert sorted(df["dispatching_unit"]) == sorted(set(q["dispatching_unit"]))
    row = df.set_index("dispatching_unit").loc["市总工会"]
    assert (row["villages"], row["village_list"], row["assignees"], row["counties"]) == \
        (1, "范村", "孔亚平", "沁阳市")


def test_officials_by_links(graph):
    df = analysis.officials_by_links(graph)
    officials = kg.query(graph, "officials").to_dataframe()
    assert sorted(df["name"]) == sorted(set(officials["name"]))
    assert list(df.columns) == ["name", "post", "degree", "facts", "betweenness"]
    assert df["degree"].is_monotonic_decreasing
    top = df.iloc[0]
    assert top["name"] in ("王小平", "徐衣显") and top["betweenness"] > 0
    assert ((df["betweenness"] >= 0) & (df["betweenness"] <= 1)).all()
    # the same from a networkx graph, and estimated betweenness runs
    same = analysis.officials_by_links(kg.to_networkx(graph))
    assert same.equals(df)
    assert len(analysis.officials_by_links(graph, k=10)) == len(df)


def test_timeline(graph):
    df = analysis.timeline(graph)
    assert list(df.columns) == ["date", "event", "agents", "places", "article"]
    events = kg.query(graph, "SELECT DISTINCT ?e WHERE { ?e a fp:Event }")
    assert len(df) == len(events) >= 8 and df["date"].is_monotonic_increasing
    assert df["date"].dtype.kind == "M"
    visit = df[df["event"] == "暗访"].iloc[0]
    assert (visit["agents"], visit["places"]) == ("王小平", "修武县、武陟县")


@pytest.mark.parametrize("fn", [analysis.funds, analysis.funds_by_county, analysis.funds_by_purpose,
                                analysis.villages_per_unit, analysis.officials_by_links,
                                analysis.timeline])
def test_empty_graph_gives_empty_tables(empty, fn):
    df = fn(empty)
    assert df.empty and len(df.columns) >= 3


def test_paths_are_accepted(built):
    assert len(analysis.funds(built)) == len(kg.query(built, "funds"))
    assert len(analysis.timeline(str(built))) == len(analysis.timeline(load(built)))


# --- plots ------------------------------------------------------------------------------------------

def test_plots_render_to_png_without_pyplot(graph):
    pytest.importorskip("matplotlib")
    analysis.use_cjk_font()
    table = analysis.funds_by_purpose(graph)
    ax = analysis.plot_funds_by_purpose(table)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == table["purpose"].head(15).tolist()[::-1]      # the largest at the top
    assert labels[-1] == "社会救助"
    ax2 = analysis.plot_timeline(analysis.timeline(graph))
    assert len(ax2.get_yticklabels()) == len(analysis.timeline(graph))
    for a in (ax, ax2):
        buf = io.BytesIO()
        a.figure.savefig(buf, format="png")                     # Agg, no display needed
        assert buf.getvalue().startswith(b"\x89PNG") and len(buf.getvalue()) > 10_000
    assert analysis.plot_funds_by_purpose(graph).get_title()      # from the graph itself
    kinds = analysis.plot_funds_by_purpose(analysis.funds_by_purpose(graph, by="kind"))
    assert "社会保障" in [t.get_text() for t in kinds.get_yticklabels()]


def test_cjk_font_is_found_when_installed():
    pytest.importorskip("matplotlib")
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    found = analysis.use_cjk_font()
    if not installed & set(analysis.CJK_FONTS):
        assert found is None
        pytest.skip("no CJK font installed (fonts-wqy-microhei comes with .ci/install-browser.sh)")
    assert found in installed
    import matplotlib

    assert matplotlib.rcParams["font.sans-serif"][0] == found
