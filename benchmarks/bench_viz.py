"""Benchmark of the HTML view (run on demand, not a test).

    .venv/bin/python benchmarks/bench_viz.py                 # 100, 1k, 5k, 20k nodes
    .venv/bin/python benchmarks/bench_viz.py --sizes 500,2000 --physics-sweep

For each size: the time ``kg.viz.to_html`` takes and the page's size, then, in
headless Chromium (Debian's, driven by Playwright, network off), the time
from navigation to the first drawing and to a stable layout (physics done, or
the precomputed layout drawn), and the cost of one redraw once stable (what
a pan or zoom costs).  ``--physics-sweep`` also times in-browser physics on
graphs above the threshold, which is how the threshold was chosen (see
docs/viz.md).  The graphs are synthetic but shaped like the real one: a place
hierarchy, officials with posts, assignments, funds, measures and events,
each fact with an evidence sentence.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "小建国希庆亚平衣显伟明华军红丽强磊洋勇艳杰娟涛超秀英"


def synthetic_graph(n: int, seed: int = 7):
    """An RDF graph with about ``n`` drawn nodes, shaped like a corpus of
    articles: each article (about 120 nodes) names officials with posts,
    villages in two or three counties of a shared place hierarchy, units that
    send people to villages, funds, measures and events, every fact with an
    evidence sentence; a few bodies (市委, 市政府 …) recur in every article."""
    from rdflib import Graph, Literal
    from rdflib.namespace import ORG, PROV, RDF, RDFS, SDO, XSD

    from kg.graph.vocab import FP, ID, OA, bind_prefixes

    rnd = random.Random(seed)
    g = bind_prefixes(Graph())
    count = [0]

    def node(kind: str, cls, label: str):
        count[0] += 1
        x = ID[f"{kind}/{count[0]}"]
        g.add((x, RDF.type, cls))
        g.add((x, RDFS.label, Literal(label, lang="zh")))
        return x

    def name() -> str:
        return rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.randint(1, 2)))

    province = node("place", FP.Province, "河南省")
    prefectures, counties, townships = [], [], {}
    for i in range(max(1, n // 2000)):
        p = node("place", FP.Prefecture, f"第{i}市")
        g.add((p, SDO.containedInPlace, province))
        prefectures.append(p)
    for i in range(max(4, n // 150)):
        c = node("place", FP.County, f"第{i}县")
        g.add((c, SDO.containedInPlace, rnd.choice(prefectures)))
        counties.append(c)
        townships[c] = []
    common = [node("org", FP.Organization, label) for label in ("市委", "市政府", "市财政局", "市扶贫办")]
    villages_of: dict = {c: [] for c in counties}
    article_no = 0
    while count[0] < n:
        article_no += 1
        art = ID[f"article/{article_no}"]
        g.add((art, RDF.type, SDO.NewsArticle))
        g.add((art, SDO.headline, Literal(f"第{article_no}篇报道", lang="zh")))
        ev_no = [0]

        def evidence(fact, text: str):
            ev_no[0] += 1
            e = ID[f"evidence/{article_no}-{ev_no[0]}"]
            g.add((e, RDF.type, FP.Evidence))
            g.add((e, FP.sentence, Literal(text, lang="zh")))
            g.add((e, OA.hasSource, art))
            g.add((fact, FP.evidence, e))

        here = rnd.sample(counties, rnd.randint(2, 3))
        villages, persons = [], []
        orgs = common + [node("org", FP.Organization, f"第{article_no}篇单位{i}") for i in range(3)]
        for c in here:
            for _ in range(rnd.randint(1, 3)):
                if townships[c] and rnd.random() < 0.5:
                    t = rnd.choice(townships[c])
                else:
                    t = node("place", FP.Township, f"第{len(townships[c])}乡")
                    g.add((t, SDO.containedInPlace, c))
                    townships[c].append(t)
                for _ in range(rnd.randint(2, 5)):
                    if villages_of[c] and rnd.random() < 0.3:
                        villages.append(rnd.choice(villages_of[c]))
                        continue
                    v = node("place", FP.Village, f"第{len(villages_of[c])}村")
                    g.add((v, SDO.containedInPlace, t))
                    villages_of[c].append(v)
                    villages.append(v)
        end = count[0] + 120
        while count[0] < min(end, n):
            r = rnd.random()
            if r < 0.25 or not persons:
                who = name()
                p = node("person", FP.Person, who)
                post = node("post", FP.Post, "县委书记")
                g.add((post, FP.title, Literal("县委书记", lang="zh")))
                g.add((post, ORG.postIn, rnd.choice(orgs)))
                g.add((p, ORG.holds, post))
                evidence(post, f"县委书记{who}到村里调研脱贫攻坚工作。")
                persons.append(p)
            elif r < 0.45:
                a = node("assignment", FP.Assignment, "派驻")
                g.add((a, FP.assignee, rnd.choice(persons)))
                g.add((a, FP.village, rnd.choice(villages)))
                g.add((a, FP.dispatchingUnit, rnd.choice(orgs)))
                g.add((a, FP.role, Literal("第一书记", lang="zh")))
                evidence(a, "市水利局派驻干部任贫困村第一书记。")
            elif r < 0.65:
                f = node("fund", FP.Fund, "扶贫资金")
                amount = rnd.randint(1, 5000) * 10000
                g.add((f, SDO.amount, Literal(str(amount), datatype=XSD.decimal)))
                g.add((f, FP.purpose, Literal("产业扶贫", lang="zh")))
                g.add((f, FP.provider, rnd.choice(orgs)))
                g.add((f, FP.recipient, rnd.choice(villages + here)))
                evidence(f, f"投入产业扶贫资金{amount // 10000}万元。")
            elif r < 0.8:
                m = node("measure", FP.Measure, rnd.choice(["九个一工作机制", "四个全覆盖", "金融扶贫"]))
                g.add((m, FP.adoptedBy, rnd.choice(here + orgs[:2])))
                evidence(m, "我市全面落实“九个一”工作机制。")
            else:
                e = node("event", FP.Event, "调研")
                g.add((e, SDO.startDate, Literal(f"2016-{rnd.randint(1, 12):02d}-15", datatype=XSD.date)))
                g.add((e, PROV.wasAssociatedWith, rnd.choice(persons)))
                g.add((e, SDO.location, rnd.choice(here)))
                evidence(e, "市长前往温县、武陟县调研脱贫攻坚工作。")
    return g


def wait_stable(page, timeout_s: float) -> None:
    """Poll until the layout is stable.  (``wait_for_function`` evaluates its
    predicate with ``eval``, which the page's Content-Security-Policy forbids.)"""
    end = time.monotonic() + timeout_s
    while not page.evaluate("() => !!(window.kgViz && window.kgViz.state.stable)"):
        if time.monotonic() > end:
            raise TimeoutError(f"layout not stable after {timeout_s} s")
        time.sleep(0.02)


def measure_browser(path: Path, timeout_s: float = 600, screenshot: Path | None = None) -> dict:
    """Times in headless Chromium, with every non-file request aborted."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="kg-bench-chromium-")
    try:
        with sync_playwright() as p:
            ctx = p.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=ARGS,
                viewport={"width": 1400, "height": 900})
            blocked: list[str] = []

            def route(r):
                if r.request.url.startswith(("file:", "data:")):
                    r.continue_()
                else:
                    blocked.append(r.request.url)
                    r.abort()

            ctx.route("**/*", route)
            page = ctx.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.goto(path.as_uri())
            wait_stable(page, timeout_s)
            t = page.evaluate("kgViz.state.timing")
            redraw = page.evaluate("""() => { const n = kgViz.network; const t0 = performance.now();
                for (let i = 0; i < 5; i++) { n.moveTo({scale: n.getScale() * (i % 2 ? 1.25 : 0.8)});
                n.renderer._redraw(); }
                return (performance.now() - t0) / 5; }""")
            # a frame while the user drags or zooms: vis-network's renderer draws it with
            # its dragging flag up, which leaves edges out on big pages (hideEdgesOnDrag)
            drag = page.evaluate("""() => { const n = kgViz.network, r = n.renderer; const t0 = performance.now();
                r.dragging = true;
                for (let i = 0; i < 5; i++) { n.moveTo({position: {x: (i % 2 ? 40 : -40), y: 0}}); r._redraw(); }
                r.dragging = false;
                return (performance.now() - t0) / 5; }""")
            drawn = page.evaluate("kgViz.drawnCount()")
            if screenshot:
                page.evaluate("kgViz.network.fit()")
                page.screenshot(path=str(screenshot))
            ctx.close()
            return {"script_ms": t["script"], "drawn_ms": t.get("drawn", float("nan")),
                    "stable_ms": t["stable"], "redraw_ms": redraw, "drag_ms": drag, "drawn": drawn,
                    "errors": errors, "blocked": blocked}
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def screenshot(page_path: Path, png: Path, select: str | None = None,
               hover: str | None = None) -> None:
    """A picture of a page (for docs/), a node selected and one hovered."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="kg-shot-chromium-")
    try:
        with sync_playwright() as p:
            ctx = p.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=ARGS,
                viewport={"width": 1400, "height": 860})
            ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                ("file:", "data:")) else r.abort())
            page = ctx.new_page()
            page.goto(page_path.resolve().as_uri())
            wait_stable(page, 120)
            find = "(l) => kgViz.nodes.get({filter: n => n.label === l})[0].id"
            if select:
                page.evaluate("(id) => { kgViz.jumpTo(id); kgViz.network.fit(); }",
                              page.evaluate(find, select))
            if hover:
                x, y = page.evaluate("""(id) => {
                    const n = kgViz.network, p = n.canvasToDOM(n.getPositions([id])[id]);
                    const r = document.getElementById('kg-network').getBoundingClientRect();
                    return [r.left + p.x, r.top + p.y]; }""", page.evaluate(find, hover))
                page.mouse.move(x - 30, y - 30)
                page.mouse.move(x, y, steps=5)
                page.wait_for_selector("div.vis-tooltip", state="visible")
            page.screenshot(path=str(png))
            ctx.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000,5000,20000")
    ap.add_argument("--repeat", type=int, default=3,
                    help="time to_html this many times (best kept; once past 5,000 nodes)")
    ap.add_argument("--screenshot", metavar="PNG",
                    help="only take a picture of --page (e.g. docs/viz-screenshot.png)")
    ap.add_argument("--page", metavar="HTML", help="the page for --screenshot")
    ap.add_argument("--select", metavar="LABEL", help="with --screenshot: select this node")
    ap.add_argument("--hover", metavar="LABEL", help="with --screenshot: hover this node")
    ap.add_argument("--physics-sweep", action="store_true",
                    help="also time in-browser physics (threshold forced up) at each size")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--keep", help="keep the pages in this folder")
    args = ap.parse_args(argv)
    if args.screenshot:
        if not args.page:
            ap.error("--screenshot needs --page")
        screenshot(Path(args.page), Path(args.screenshot), args.select, args.hover)
        print(f"wrote {args.screenshot}")
        return 0

    import kg.viz
    from kg.viz.page import PHYSICS_THRESHOLD

    folder = Path(args.keep or tempfile.mkdtemp(prefix="kg-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    browser = not args.no_browser and Path(CHROMIUM).exists()
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        g = synthetic_graph(n)
        modes = [None] + ([10 ** 9] if args.physics_sweep and n > PHYSICS_THRESHOLD else [])
        for threshold in modes:
            gen = float("inf")
            for _ in range(args.repeat if n <= 5000 else 1):
                t0 = time.perf_counter()
                page = kg.viz.to_html(g, physics_threshold=threshold)
                gen = min(gen, time.perf_counter() - t0)
            path = kg.viz.write_html(page, folder / f"bench-{n}{'-physics' if threshold else ''}.html")
            physics = n <= (threshold or PHYSICS_THRESHOLD)
            row = {"n": n, "triples": len(g), "mode": "physics" if physics else "precomputed",
                   "gen_s": gen, "size_mb": path.stat().st_size / 1e6}
            if browser:
                row.update(measure_browser(path, screenshot=path.with_suffix(".png")
                                           if args.keep else None))
            rows.append(row)
            print(_fmt(row), flush=True)
    print()
    print("| nodes | triples | layout | to_html (s) | page (MB) | first draw (s) | stable (s) "
          "| redraw (ms) | drag frame (ms) | drawn |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['n']:,} | {r['triples']:,} | {r['mode']} | {r['gen_s']:.2f} | "
              f"{r['size_mb']:.2f} | {r.get('drawn_ms', float('nan')) / 1000:.2f} | "
              f"{r.get('stable_ms', float('nan')) / 1000:.2f} | {r.get('redraw_ms', float('nan')):.0f} | "
              f"{r.get('drag_ms', float('nan')):.0f} | {r.get('drawn', '-')} |")
    bad = [r for r in rows if r.get("errors") or r.get("blocked")]
    for r in bad:
        print(f"!! {r['n']}: errors {r['errors'][:3]} blocked {r['blocked'][:3]}", file=sys.stderr)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if bad else 0


def _fmt(row: dict) -> str:
    return "  ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}"
                     for k, v in row.items() if k not in ("errors", "blocked"))


if __name__ == "__main__":
    sys.exit(main())
