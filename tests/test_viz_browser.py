"""The HTML view in a real browser: Debian's headless Chromium, driven by
Playwright, with the network off.

Every request that is not ``file:`` or ``data:`` is aborted and recorded, and
each test checks that none was attempted.  Install what these tests need with
``bash .ci/install-browser.sh`` (never ``playwright install``: the browser is
Debian's).  They are skipped, with the reason, only where Chromium or the
playwright package is missing.
"""
from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest
from rdflib import namespace as ns

import kg.viz
from kg.graph.vocab import FP
from test_viz import HOSTILE, Builder, hostile_graph, sample_graph

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM} (run: bash .ci/install-browser.sh)"
    if importlib.util.find_spec("playwright") is None:
        return "the Python package playwright is not installed (run: bash .ci/install-browser.sh)"
    return None


pytestmark = [pytest.mark.browser, pytest.mark.skipif(_missing() is not None, reason=_missing() or "")]


class Net:
    """What the pages of a browser context asked of the network."""

    def __init__(self):
        self.blocked: list[str] = []
        self.seen: list[str] = []

    def route(self, route):
        url = route.request.url
        self.seen.append(url)
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")    # a fresh user data dir
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=ARGS,
            viewport={"width": 1280, "height": 800})
        net = Net()
        ctx.route("**/*", net.route)
        ctx.net = net
        yield ctx
        ctx.close()


@pytest.fixture
def net(browser):
    browser.net.blocked.clear()
    yield browser.net
    assert browser.net.blocked == [], "the page tried to reach the network"


class Log:
    def __init__(self, page):
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("dialog", self._dialog)

    def _console(self, msg):
        if msg.type == "error":
            self.errors.append(msg.text)
        elif msg.type == "warning":
            self.warnings.append(msg.text)

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


def wait_stable(target, log: Log | None = None, timeout: float = 60.0) -> None:
    # page.wait_for_function evaluates with eval(), which the page's CSP forbids.
    end = time.monotonic() + timeout
    while not target.evaluate("() => !!(window.kgViz && window.kgViz.state.stable)"):
        assert not (log and log.errors), log.errors
        assert time.monotonic() < end, "layout never became stable"
        time.sleep(0.02)


def open_page(browser, path: Path):
    page = browser.new_page()
    log = Log(page)
    page.goto(path.as_uri())
    wait_stable(page, log)
    return page, log


def node_id(page, label: str) -> int:
    return page.evaluate("(l) => kgViz.nodes.get({filter: n => n.label === l})[0].id", label)


def drawn(page) -> int:
    return page.evaluate("() => kgViz.drawnCount()")


def hover(page, node: int) -> None:
    x, y = page.evaluate("""(id) => {
        const n = kgViz.network, p = n.canvasToDOM(n.getPositions([id])[id]);
        const r = document.getElementById('kg-network').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""", node)
    page.mouse.move(x - 40, y - 40)
    page.mouse.move(x, y, steps=4)


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("viz") / "sample.html"
    kg.viz.write_html(sample_graph(), path, title="东湖市扎实推进脱贫攻坚")
    return path


def test_loads_offline_and_draws_every_node(browser, net, sample_page, tmp_path):
    view = kg.viz.to_networkx_view(sample_graph())
    page, log = open_page(browser, sample_page)
    assert page.evaluate("() => kgViz.nodes.length") == len(view) == 14
    assert drawn(page) == 14
    assert page.evaluate("() => kgViz.edges.length") == view.number_of_edges()
    # physics ran, then was switched off once the layout was stable
    assert page.evaluate("() => kgViz.network.physics.physicsEnabled") is False
    assert page.evaluate("() => document.querySelectorAll('script[src], link[href^=http]').length") == 0
    page.screenshot(path=str(tmp_path / "sample.png"))
    assert log.errors == [] and log.dialogs == []
    assert all(u.startswith(("file:", "data:")) for u in net.seen)
    page.close()


def test_search_jumps_to_a_name(browser, net, sample_page):
    page, log = open_page(browser, sample_page)
    page.click("#kg-search-box .ts-control")
    page.keyboard.type("钱七")
    page.wait_for_selector(".ts-dropdown .option", state="visible")
    options = page.locator(".ts-dropdown .option").all_inner_texts()
    assert any(o.startswith("钱七") for o in options)
    page.keyboard.press("Enter")
    target = node_id(page, "钱七")
    assert page.evaluate("() => kgViz.state.selected") == target
    assert page.evaluate("() => kgViz.network.getSelectedNodes()") == [target]
    assert page.inner_text("#kg-details-body h3") == "钱七"
    assert log.errors == []
    page.close()


def test_filter_by_class(browser, net, sample_page):
    page, log = open_page(browser, sample_page)
    page.uncheck("#kg-legend input[data-cls=Village]")
    assert drawn(page) == 12
    page.uncheck("#kg-legend input[data-cls=Person]")
    assert drawn(page) == 10
    page.check("#kg-legend input[data-cls=Village]")
    assert drawn(page) == 12
    page.click("#kg-cls-none")
    assert drawn(page) == 0
    page.click("#kg-cls-all")
    assert drawn(page) == 14
    legend = page.inner_text("#kg-legend")
    assert "村 Village" in legend and "资金 Fund" in legend
    assert log.errors == []
    page.close()


def test_neighbourhood(browser, net, sample_page):
    page, log = open_page(browser, sample_page)
    page.evaluate("(id) => kgViz.jumpTo(id)", node_id(page, "桃花村"))
    page.select_option("#kg-depth", "1")
    page.click("#kg-hood")
    assert drawn(page) == 4
    page.click("#kg-all")
    assert drawn(page) == 14
    assert log.errors == []
    page.close()


def test_tooltip_and_details_show_the_facts(browser, net, sample_page):
    page, log = open_page(browser, sample_page)
    fund = node_id(page, "2.5亿元 产业扶贫")
    hover(page, fund)
    tip = page.wait_for_selector("div.vis-tooltip", state="visible")
    text = tip.inner_text()
    assert "25000 万元（250,000,000 元）" in text
    assert "青山县投入2.5亿元用于产业扶贫。" in text
    page.evaluate("(id) => kgViz.jumpTo(id)", node_id(page, "赵六"))
    details = page.inner_text("#kg-details-body")
    assert "市委书记" in details and "调研脱贫攻坚工作" in details
    assert log.errors == []
    page.close()


def test_hostile_labels_run_nothing(browser, net, tmp_path):
    path = kg.viz.write_html(hostile_graph(), tmp_path / "hostile.html", title=HOSTILE[2])
    page, log = open_page(browser, path)
    assert page.inner_text("#kg-title") == HOSTILE[2]
    ids = page.evaluate("() => kgViz.nodes.getIds()")
    for node in ids:                      # tooltips, then the details panel
        hover(page, node)
        page.evaluate("(id) => kgViz.jumpTo(id)", node)
    page.click("#kg-search-box .ts-control")
    for probe in ("<img", "<script", "\"'><svg"):
        page.keyboard.type(probe)
        page.wait_for_timeout(150)
        for _ in probe:
            page.keyboard.press("Backspace")
    page.wait_for_timeout(300)
    assert log.dialogs == []
    assert page.evaluate("() => document.querySelectorAll('img, svg[onload], iframe').length") == 0
    assert page.evaluate("() => document.scripts.length") == 4
    shown = page.evaluate("() => kgViz.nodes.get().map(n => n.label)")
    assert set(HOSTILE) <= set(shown)
    assert log.errors == []
    page.close()


def test_large_graph_is_precomputed_without_physics(browser, net, tmp_path):
    b = Builder()
    county = b.node("place", FP.County, "青山县")
    n = kg.viz.PHYSICS_THRESHOLD + 100
    for i in range(n - 1):
        village = b.node("place", FP.Village, f"第{i}村")
        b.add(village, ns.SDO.containedInPlace, county)
    path = kg.viz.write_html(b.g, tmp_path / "large.html")
    page, log = open_page(browser, path)
    assert drawn(page) == n
    assert page.evaluate("() => kgViz.network.physics.physicsEnabled") is False
    page.click("#kg-search-box .ts-control")
    page.keyboard.type("第42村")
    page.wait_for_selector(".ts-dropdown .option", state="visible")
    page.keyboard.press("Enter")
    assert page.evaluate("() => kgViz.state.selected") == node_id(page, "第42村")
    assert log.errors == []
    page.close()


def test_notebook_iframe_renders(browser, net):
    page = browser.new_page()
    log = Log(page)
    page.set_content(kg.viz.show(sample_graph(), height=600)._repr_html_())
    frame = page.wait_for_selector("iframe").content_frame()
    wait_stable(frame, log)
    assert frame.evaluate("() => kgViz.drawnCount()") == 14
    assert log.errors == [] and log.dialogs == []
    page.close()
