"""Analysis of a built graph: plain functions that answer in pandas DataFrames.

Each takes an RDF graph (a ``Graph`` or ``Dataset``), a graph file or a
built folder; those over networkx also take a graph from
:func:`kg.to_networkx`.  They use SPARQL (:mod:`kg.query`) or networkx
(:mod:`kg.netx`) and return a ``pandas.DataFrame`` sorted so that the same
graph gives the same table.  pandas and matplotlib are imported when a
function is called (``pip install 'fupin-kg[analysis]'``).

============================  =====================================================
:func:`funds`                 every fund: amount, purpose, kind, provider, recipient, county
:func:`funds_by_county`       sums per county (recipient's county, else provider's)
:func:`funds_by_purpose`      sums per purpose as written, or per kind of purpose
:func:`villages_per_unit`     villages each dispatching unit sends people to
:func:`officials_by_links`    people by degree and betweenness in the "people" view
:func:`timeline`              events in date order with agents and places
:func:`plot_funds_by_purpose`, :func:`plot_timeline`, :func:`use_cjk_font`  matplotlib
:func:`example_graph`         a small invented article, for examples and doctests
============================  =====================================================

>>> g = example_graph()
>>> funds_by_county(g)
  county prefecture  funds  amount_yuan
0    青山县        东湖市      2  250800000.0
1    白沙县        东湖市      1    1200000.0
"""
from __future__ import annotations

__all__ = ["example_graph", "funds", "funds_by_county", "funds_by_purpose", "purpose_kind",
           "PURPOSE_KINDS", "villages_per_unit", "officials_by_links", "timeline",
           "use_cjk_font", "plot_funds_by_purpose", "plot_timeline", "UNKNOWN", "CJK_FONTS"]

#: Shown where a fund's county, purpose, provider … is not in the graph.
UNKNOWN = "（未注明）"

#: Kinds of purpose, tried in this order: (kind, words any of which marks it).
#: General words of the genre, no article's names.
PURPOSE_KINDS = (
    ("金融信贷", ("贷款", "贴息", "信贷", "担保", "保险金")),
    ("社会保障", ("低保", "救助", "兜底", "医疗", "养老", "救济", "保障", "补贴", "慰问")),
    ("教育", ("教育", "助学", "学生", "学校", "奖学", "资助")),
    ("就业培训", ("培训", "就业", "技能", "务工")),
    ("基础设施", ("道路", "修路", "整修", "饮水", "水利", "电网", "桥", "危房", "住房", "搬迁",
              "基础设施", "改造", "安居")),
    ("产业发展", ("产业", "种植", "养殖", "合作社", "项目", "增收", "旅游", "电商", "光伏")),
    ("综合扶贫", ("脱贫", "扶贫", "帮扶")),
)

#: Font families tried, in order, for Chinese text in plots.
CJK_FONTS = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC",
             "Source Han Sans SC", "Source Han Sans CN", "SimHei", "Microsoft YaHei",
             "PingFang SC", "Heiti SC", "STHeiti", "AR PL UMing CN", "AR PL UKai CN",
             "Droid Sans Fallback", "Arial Unicode MS")


def _rdf(graph):
    if isinstance(graph, (str, bytes)) or hasattr(graph, "__fspath__"):
        from kg.graph.store import load

        return load(graph)
    return graph


def _df(graph, sparql: str):
    from kg.query import run_query

    return run_query(_rdf(graph), sparql).to_dataframe()


# --- an example ----------------------------------------------------------------------------

_EXAMPLE_RAW = (
    "东湖日报\n\n东湖市扎实推进脱贫攻坚\n\n本报记者 周八\n\n"
    "3月5日，市委书记赵六到青山县石桥镇桃花村调研脱贫攻坚工作。"
    "市农业局派驻桃花村第一书记钱七带领村民发展种植。"
    "市交通局帮扶工作队进驻白沙县柳河乡李家庄村。"
    "市财政投入2.5亿元用于青山县产业扶贫，县扶贫办发放80万元帮助桃花村贫困户发展养殖。"
    "市民政局向白沙县拨付120万元低保金。"
    "3月12日，钱七在桃花村召开村民大会。青山县推行“三帮一”工作法。\n")


def example_graph():
    """A small invented article (东湖日报, 2018-03-20: 东湖市, 青山县, 赵六 …)
    as an RDF graph, made by the project's own emitter: three officials,
    two villages, two assignments, three funds, one measure, two events.
    For examples and doctests: it takes milliseconds.

    >>> g = example_graph()
    >>> from kg.query import run_query
    >>> print(run_query(g, "funds").to_csv(), end="")
    amount_yuan,purpose,provider,recipient
    250000000,产业扶贫,市财政,青山县
    800000,发展养殖,县扶贫办,桃花村
    1200000,低保金,市民政局,白沙县
    """
    import datetime as dt

    from kg.graph.emit import to_rdf
    from kg.model import Assignment, Event, Evidence, Facts, Fund, Measure, Official, VillageFact
    from kg.text import parse_text

    doc = parse_text(_EXAMPLE_RAW, source="east-lake-daily-2018-03-20.txt", date="2018-03-20")

    def ev(fragment: str) -> Evidence:
        at = doc.text.index(fragment)
        return Evidence(at, at + len(fragment))

    sent = "市农业局派驻桃花村第一书记钱七"
    team = "市交通局帮扶工作队进驻白沙县柳河乡李家庄村"
    facts = Facts(
        officials=[Official("周八", "本报记者", "东湖日报", ev("本报记者 周八")),
                   Official("赵六", "市委书记", "市委", ev("市委书记赵六"), full_title="市委书记"),
                   Official("钱七", "第一书记", "市农业局", ev(sent))],
        villages=[VillageFact("桃花村", "石桥镇", "青山县", ev("青山县石桥镇桃花村"), city="东湖市"),
                  VillageFact("李家庄村", "柳河乡", "白沙县", ev("白沙县柳河乡李家庄村"), city="东湖市")],
        assignments=[Assignment("钱七", "桃花村", "市农业局", ev(sent), role="第一书记"),
                     Assignment("帮扶工作队", "李家庄村", "市交通局", ev(team), role="帮扶工作队",
                                assignee_is_team=True)],
        funds=[Fund("250000000", "产业扶贫", "市财政", "青山县", ev("市财政投入2.5亿元用于青山县产业扶贫"),
                    amount_text="2.5亿元", flow="投入"),
               Fund("800000", "发展养殖", "县扶贫办", "桃花村",
                    ev("县扶贫办发放80万元帮助桃花村贫困户发展养殖"), amount_text="80万元", flow="发放"),
               Fund("1200000", "低保金", "市民政局", "白沙县", ev("市民政局向白沙县拨付120万元低保金"),
                    amount_text="120万元", flow="拨付")],
        measures=[Measure("三帮一工作法", "青山县", ev("青山县推行“三帮一”工作法"))],
        events=[Event(dt.date(2018, 3, 5), "调研脱贫攻坚工作", ["市委书记赵六"], ["青山县石桥镇桃花村"],
                      ev("3月5日，市委书记赵六到青山县石桥镇桃花村调研脱贫攻坚工作。")),
                Event(dt.date(2018, 3, 12), "召开村民大会", ["钱七"], ["桃花村"],
                      ev("3月12日，钱七在桃花村召开村民大会。"))],
    )
    return to_rdf(doc, facts)


# --- funds ---------------------------------------------------------------------------------

_FUNDS = """
SELECT ?fund ?amount ?purpose ?provider ?recipient ?rcounty ?pcounty ?rpref ?ppref ?article ?start
WHERE {
  ?fund a fp:Fund ; schema:amount ?amount .
  OPTIONAL { ?fund fp:purpose ?purpose }
  OPTIONAL { ?fund fp:provider/rdfs:label ?provider }
  OPTIONAL { ?fund fp:recipient/rdfs:label ?recipient }
  OPTIONAL { ?fund fp:recipient/schema:containedInPlace* ?rc . ?rc a fp:County ; rdfs:label ?rcounty }
  OPTIONAL { ?fund fp:provider/schema:containedInPlace* ?pc . ?pc a fp:County ; rdfs:label ?pcounty }
  OPTIONAL { ?fund fp:recipient/schema:containedInPlace* ?rp . ?rp a fp:Prefecture ; rdfs:label ?rpref }
  OPTIONAL { ?fund fp:provider/schema:containedInPlace* ?pp . ?pp a fp:Prefecture ; rdfs:label ?ppref }
  OPTIONAL { ?fund fp:evidence ?ev . ?ev oa:hasSource ?article ;
             oa:hasSelector/oa:start ?start }
}"""


def purpose_kind(purpose: str) -> str:
    """The kind of a fund's purpose, by the first of :data:`PURPOSE_KINDS`
    whose words it contains; ``其他`` if none, :data:`UNKNOWN` if empty.

    >>> [purpose_kind(p) for p in ("低保金", "修建村内道路", "贴息贷款", "脱贫攻坚", "协调", "")]
    ['社会保障', '基础设施', '金融信贷', '综合扶贫', '其他', '（未注明）']
    """
    if not purpose:
        return UNKNOWN
    for kind, words in PURPOSE_KINDS:
        if any(w in purpose for w in words):
            return kind
    return "其他"


def funds(graph):
    """Every fund, one row each, in document order: ``fund`` (IRI),
    ``amount_yuan`` (float), ``purpose``, ``kind`` (:func:`purpose_kind`),
    ``provider``, ``recipient``, ``county``, ``prefecture``, ``article``.

    The county is the first county up the recipient's
    ``schema:containedInPlace`` chain, else up the provider's, else
    :data:`UNKNOWN`; so are the prefecture (the county's) and other gaps.
    Sums in the genre overlap (a total and its parts are separate funds):
    add with care.

    >>> df = funds(example_graph())
    >>> df[["amount_yuan", "kind", "recipient", "county"]]
       amount_yuan  kind recipient county
    0  250000000.0  产业发展       青山县    青山县
    1     800000.0  产业发展       桃花村    青山县
    2    1200000.0  社会保障       白沙县    白沙县
    """
    import pandas as pd

    raw = _df(graph, _FUNDS)
    cols = ["fund", "amount_yuan", "purpose", "kind", "provider", "recipient", "county",
            "prefecture", "article"]
    if raw.empty:
        return pd.DataFrame(columns=cols)
    raw["start"] = pd.to_numeric(raw["start"], errors="coerce")
    # the recipient's county (prefecture), else the provider's
    raw["county"] = raw["rcounty"].where(raw["rcounty"].notna(), raw["pcounty"])
    raw["prefecture"] = raw["rpref"].where(raw["rpref"].notna(), raw["ppref"])
    raw = raw.sort_values(["article", "start", "fund", "county", "prefecture", "provider",
                           "recipient"], na_position="last", kind="stable")
    # One row per fund: several labels or evidence spans give several rows.
    df = raw.drop_duplicates("fund").copy()
    df["article"] = df["article"].map(lambda a: a.rstrip("/").rsplit("/", 1)[-1] if a else a)
    df = df.rename(columns={"amount": "amount_yuan"})
    df["amount_yuan"] = df["amount_yuan"].astype(float)
    df["kind"] = df["purpose"].map(lambda p: purpose_kind(p or ""))
    for c in ("purpose", "provider", "recipient", "county", "prefecture", "article"):
        df[c] = df[c].map(lambda v: v if v else UNKNOWN)
    return df[cols].reset_index(drop=True)


def _sums(df, by: list[str]):
    out = (df.groupby(by, sort=False, dropna=False)
             .agg(funds=("fund", "size"), amount_yuan=("amount_yuan", "sum"))
             .reset_index())
    return out.sort_values(["amount_yuan", *by], ascending=[False] + [True] * len(by),
                           kind="stable").reset_index(drop=True)


def funds_by_county(graph):
    """The funds summed per county: ``county``, ``prefecture``, ``funds``
    (how many), ``amount_yuan`` (their sum), largest first; funds with no
    county in the graph are one row :data:`UNKNOWN` (see :func:`funds`).

    >>> funds_by_county(example_graph())["county"].tolist()
    ['青山县', '白沙县']
    """
    return _sums(funds(graph), ["county", "prefecture"])


def funds_by_purpose(graph, *, by: str = "purpose"):
    """The funds summed per purpose: ``purpose`` as written (``by="purpose"``)
    or ``kind`` (``by="kind"``, :func:`purpose_kind`), then ``funds`` and
    ``amount_yuan``, largest first.

    >>> funds_by_purpose(example_graph())
      purpose  funds  amount_yuan
    0    产业扶贫      1  250000000.0
    1     低保金      1    1200000.0
    2    发展养殖      1     800000.0
    >>> funds_by_purpose(example_graph(), by="kind")["kind"].tolist()
    ['产业发展', '社会保障']
    """
    if by not in ("purpose", "kind"):
        from kg.errors import UsageError

        raise UsageError(f"funds_by_purpose: by must be 'purpose' or 'kind', not {by!r}",
                         code="E241")
    return _sums(funds(graph), [by])


# --- assignments -----------------------------------------------------------------------------

_UNITS = """
SELECT ?unit ?village ?assignee ?county WHERE {
  ?a a fp:Assignment ; fp:dispatchingUnit/rdfs:label ?unit ; fp:village ?v .
  ?v rdfs:label ?village .
  OPTIONAL { ?a fp:assignee/rdfs:label ?assignee }
  OPTIONAL { ?v schema:containedInPlace+ ?c . ?c a fp:County ; rdfs:label ?county }
}"""


def villages_per_unit(graph):
    """The villages each dispatching unit sends people or teams to:
    ``dispatching_unit``, ``villages`` (how many distinct), ``village_list``,
    ``assignees`` and ``counties`` (joined with ``、``), most villages first.

    >>> villages_per_unit(example_graph())
      dispatching_unit  villages village_list assignees counties
    0             市交通局         1         李家庄村     帮扶工作队      白沙县
    1             市农业局         1          桃花村        钱七      青山县
    """
    import pandas as pd

    df = _df(graph, _UNITS)
    cols = ["dispatching_unit", "villages", "village_list", "assignees", "counties"]
    if df.empty:
        return pd.DataFrame(columns=cols)

    def join(values) -> str:
        return "、".join(sorted({v for v in values if v}))

    out = (df.groupby("unit", sort=True)
             .agg(villages=("village", "nunique"), village_list=("village", join),
                  assignees=("assignee", join), counties=("county", join))
             .reset_index().rename(columns={"unit": "dispatching_unit"}))
    return out.sort_values(["villages", "dispatching_unit"], ascending=[False, True],
                           kind="stable").reset_index(drop=True)[cols]


# --- people ------------------------------------------------------------------------------------

def officials_by_links(graph, *, k: int | None = None, seed: int = 0):
    """People ranked by their links in the ``"people"`` view
    (:func:`kg.netx.people_view`: people, teams, bodies and places joined
    by posts, assignments and events): ``name``, ``post``, ``degree`` (how
    many others a person is linked to), ``facts`` (the facts behind those
    links), ``betweenness`` (normalised: how often the person lies on the
    shortest paths between others), most linked first.

    ``graph`` is an RDF graph or path, or a graph from :func:`kg.to_networkx`.
    Betweenness is exact unless ``k`` is given (then estimated from ``k``
    sampled sources, seeded by ``seed``: for graphs of many thousands of nodes).

    >>> officials_by_links(example_graph())
      name        post  degree  facts  betweenness
    0   赵六        市委书记       2      2     0.083333
    1   钱七  第一书记（市农业局）       2      4     0.000000
    2   周八  本报记者（东湖日报）       1      1     0.000000
    """
    import networkx as nx
    import pandas as pd

    from kg.netx import people_view, to_networkx

    G = graph if hasattr(graph, "adj") else to_networkx(_rdf(graph))
    P = people_view(G)
    between = nx.betweenness_centrality(P, k=min(k, len(P)) if k else None, seed=seed)
    rows = []
    for n, d in P.nodes(data=True):
        if d.get("class") != "Person":
            continue
        rows.append({"name": d.get("label", n), "post": d.get("post", ""), "degree": P.degree(n),
                     "facts": int(P.degree(n, weight="weight")), "betweenness": between[n],
                     "iri": n})
    cols = ["name", "post", "degree", "facts", "betweenness"]
    if not rows:
        return pd.DataFrame(columns=cols)
    df = pd.DataFrame(rows).sort_values(["degree", "betweenness", "facts", "name", "iri"],
                                        ascending=[False, False, False, True, True], kind="stable")
    return df[cols].reset_index(drop=True)


# --- events ------------------------------------------------------------------------------------

_EVENTS = """
SELECT ?event ?date ?label ?agent ?place ?article ?start WHERE {
  ?event a fp:Event ; schema:startDate ?date ; rdfs:label ?label .
  OPTIONAL { ?event prov:wasAssociatedWith/rdfs:label ?agent }
  OPTIONAL { ?event schema:location/rdfs:label ?place }
  OPTIONAL { ?event fp:evidence ?ev . ?ev oa:hasSource ?article ;
             oa:hasSelector/oa:start ?start }
}"""


def timeline(graph):
    """The events in date order (then document order): ``date``
    (datetime64), ``event``, ``agents``, ``places`` (joined with ``、``),
    ``article``.

    >>> timeline(example_graph())
            date     event agents places                     article
    0 2018-03-05  调研脱贫攻坚工作     赵六    桃花村  east-lake-daily-2018-03-20
    1 2018-03-12    召开村民大会     钱七    桃花村  east-lake-daily-2018-03-20
    """
    import pandas as pd

    df = _df(graph, _EVENTS)
    cols = ["date", "event", "agents", "places", "article"]
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype="datetime64[ns]" if c == "date" else object)
                             for c in cols})

    def join(values) -> str:
        return "、".join(sorted({v for v in values if isinstance(v, str) and v}))

    df["start"] = pd.to_numeric(df["start"], errors="coerce")
    df["article"] = df["article"].map(lambda a: a.rstrip("/").rsplit("/", 1)[-1] if a else "")
    out = (df.groupby("event", sort=False)
             .agg(date=("date", "min"), event_label=("label", "first"), agents=("agent", join),
                  places=("place", join), article=("article", "min"), start=("start", "min"))
             .reset_index())
    out = out.sort_values(["date", "article", "start", "event"], kind="stable")
    out = out.rename(columns={"event_label": "event_", "event": "iri"}).rename(
        columns={"event_": "event"})
    return out[cols].reset_index(drop=True)


# --- plots -------------------------------------------------------------------------------------

def use_cjk_font(candidates=CJK_FONTS) -> str | None:
    """Make matplotlib draw Chinese: put the first installed font family of
    ``candidates`` first in ``font.sans-serif`` and return its name.  When
    none is installed, return None and silence matplotlib's "Glyph … missing"
    warnings (the labels then show as boxes, the plot is still drawn).

    >>> use_cjk_font(()) is None
    True
    """
    import warnings

    import matplotlib
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in candidates:
        if family in installed:
            sans = [f for f in matplotlib.rcParams["font.sans-serif"] if f != family]
            matplotlib.rcParams["font.sans-serif"] = [family] + sans
            matplotlib.rcParams["font.family"] = "sans-serif"
            matplotlib.rcParams["axes.unicode_minus"] = False
            return family
    warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
    return None


def _axes(ax, figsize):
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    return Figure(figsize=figsize, layout="constrained").subplots()


def plot_funds_by_purpose(table, *, ax=None, top: int = 15, title: str = "扶贫资金用途（万元）"):
    """A horizontal bar chart of a :func:`funds_by_purpose` table (or an RDF
    graph, whose table is made), in 万元, the ``top`` largest rows; returns
    the matplotlib ``Axes`` (drawn on ``ax``, or on a new ``Figure``, no
    pyplot needed).

    >>> ax = plot_funds_by_purpose(example_graph())
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['发展养殖', '低保金', '产业扶贫']
    """
    if not hasattr(table, "columns"):
        table = funds_by_purpose(table)
    by = "kind" if "kind" in table.columns else "purpose"
    rows = table.sort_values("amount_yuan", ascending=False, kind="stable").head(top)
    rows = rows.iloc[::-1]                         # largest at the top
    ax = _axes(ax, (8, max(2.5, 0.4 * len(rows) + 1)))
    wan = rows["amount_yuan"] / 10000
    bars = ax.barh([str(v) for v in rows[by]], wan, color="#e9b000")
    ax.bar_label(bars, labels=[f"{v:,.0f}" for v in wan], padding=3, fontsize=8)
    ax.set_xlabel("万元")
    ax.set_title(title)
    ax.margins(x=0.15)
    return ax


def _short(text: str, width: int = 14) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def plot_timeline(table, *, ax=None, title: str = "事件时间线"):
    """The events of a :func:`timeline` table (or an RDF graph) on a time
    axis: one row per event, earliest at the top, each point labelled with
    its agents and places; returns the ``Axes``.

    >>> ax = plot_timeline(example_graph())
    >>> [t.get_text() for t in ax.get_yticklabels()], ax.texts[0].get_text()
    (['调研脱贫攻坚工作', '召开村民大会'], '赵六 ｜ 桃花村')
    """
    import matplotlib.dates as mdates
    from pandas import Timedelta as pd_timedelta

    if not hasattr(table, "columns"):
        table = timeline(table)
    rows = table.dropna(subset=["date"]).sort_values("date", kind="stable").reset_index(drop=True)
    n = len(rows)
    ax = _axes(ax, (9, max(2.5, 0.42 * n + 1.2)))
    y = list(range(n - 1, -1, -1))                 # the earliest at the top
    if n:
        ax.hlines(y, rows["date"].min(), rows["date"], color="#d5dbe5", linewidth=1, zorder=1)
    ax.scatter(rows["date"], y, color="#3d5a80", zorder=3)
    for (date, agents, places), yy in zip(rows[["date", "agents", "places"]].itertuples(index=False), y):
        note = " ｜ ".join(_short(t, 12) for t in (agents, places) if t)
        if note:
            ax.annotate(note, (date, yy), xytext=(6, 0), textcoords="offset points",
                        va="center", fontsize=8, color="#444444")
    ax.set_yticks(y, [_short(e, 18) for e in rows["event"]])
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if n:       # room on the right for the labels
        first, last = rows["date"].min(), rows["date"].max()
        span = max(last - first, pd_timedelta(days=30))
        ax.set_xlim(first - span * 0.05, last + span * 0.5)
    ax.margins(y=0.08)
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(title)
    return ax
