/* fupin-kg viewer: draws the graph embedded as JSON in #kg-data with vis-network.
 * Article text is data: it only ever reaches the page through textContent,
 * vis-network's string titles (set as innerText) and the canvas. */
(function () {
  "use strict";
  var T0 = performance.now();
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var CLASSES = DATA.classes, PROPS = DATA.props, N = DATA.nodes, INFO = DATA.info, E = DATA.edges;
  var state = { visible: {}, hood: null, selected: null, stable: false, drawn: false,
                timing: { script: T0 } };
  CLASSES.forEach(function (c) { state.visible[c.key] = true; });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function clsOf(id) { return CLASSES[N[id][1]]; }

  // --- tooltips: plain text (vis-network sets a string title with innerText) ---
  function tooltip(id) {
    var c = clsOf(id), info = INFO[id], lines = [N[id][0], "类别 Class：" + c.zh + " " + c.en];
    info[1].forEach(function (f) { lines.push(f[0] + "：" + f[1]); });
    var src = info[2];
    if (src.length) {
      lines.push("来源 Source：");
      src.slice(0, 2).forEach(function (s) { lines.push("「" + s[0] + "」" + (s[1] ? "——" + s[1] : "")); });
      if (src.length > 2) lines.push("…… +" + (src.length - 2));
    }
    return lines.join("\n");
  }

  // --- data sets ---
  var nodeItems = new Array(N.length);
  for (var i = 0; i < N.length; i++) {
    nodeItems[i] = { id: i, label: N[i][0], group: CLASSES[N[i][1]].key, title: tooltip(i),
                     x: N[i][2], y: N[i][3] };
  }
  var edgeItems = new Array(E.length), adj = N.map(function () { return []; });
  for (var j = 0; j < E.length; j++) {
    var e = E[j], p = PROPS[e[2]], item = { id: j, from: e[0], to: e[1], label: p[0],
      title: p[0] + " " + p[1] + "\n" + p[2] };
    if (e[3]) item.smooth = { enabled: true, type: e[3] > 0 ? "curvedCW" : "curvedCCW", roundness: Math.abs(e[3]) };
    edgeItems[j] = item;
    adj[e[0]].push([e[1], j]);
    if (e[1] !== e[0]) adj[e[1]].push([e[0], j]);
  }
  var nodes = new vis.DataSet(nodeItems), edges = new vis.DataSet(edgeItems);
  var nodeView = new vis.DataView(nodes, { filter: function (n) {
    return state.visible[n.group] && (!state.hood || state.hood.has(n.id));
  } });

  var groups = {};
  CLASSES.forEach(function (c) {
    groups[c.key] = { color: { background: c.color, border: c.color,
      highlight: { background: c.color, border: "#111" }, hover: { background: c.color, border: "#111" } },
      shape: c.shape };
  });
  var options = {
    groups: groups,
    nodes: { size: 14, font: { size: 14, face: "WenQuanYi Micro Hei, Noto Sans CJK SC, Microsoft YaHei, sans-serif",
             strokeWidth: 3, strokeColor: "#ffffff" }, borderWidth: 1,
             // keep names readable in the overview of a page-sized graph (vis hides labels under 5 px)
             scaling: { label: { drawThreshold: 3 } } },
    edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, smooth: false, width: 1,
             color: { color: "#9aa5b1", highlight: "#c9184a", hover: "#5c6670" },
             font: { size: 11, color: "#4a5560", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" } },
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: true, tooltipDelay: 150, navigationButtons: false, keyboard: false,
                   hideEdgesOnDrag: DATA.big, hideEdgesOnZoom: DATA.big },
    physics: DATA.physics ? {
      enabled: true, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -4000, centralGravity: 0.25, springLength: 130,
                   springConstant: 0.04, damping: 0.35, avoidOverlap: 0.2 },
      minVelocity: 1.0, maxVelocity: 50,
      stabilization: { enabled: true, iterations: DATA.iterations, updateInterval: 25, fit: true }
    } : { enabled: false }
  };
  var container = document.getElementById("kg-network");
  var status = document.getElementById("kg-status");
  var network = new vis.Network(container, { nodes: nodeView, edges: edges }, options);

  var syncArrows = function () {};   // replaced for precomputed layouts, below
  function fitTo(opts) { network.fit(opts); syncArrows(); }

  function markStable() {
    if (state.stable) return;
    state.stable = true;
    state.timing.stable = performance.now();
    status.hidden = true;
  }
  network.once("afterDrawing", function () { state.drawn = true; state.timing.drawn = performance.now(); });
  if (DATA.physics) {
    network.on("stabilizationProgress", function (p) {
      status.textContent = "布局中 Laying out… " + Math.round(100 * p.iterations / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });   // stable: physics off
      markStable();
    });
  } else {
    // Precomputed layout.  Arrowheads cost most of a frame on large graphs
    // and cannot be seen zoomed out: draw them only from a readable zoom on.
    var arrowsOn = true;
    syncArrows = function () {
      var on = network.getScale() >= 0.45;
      if (on !== arrowsOn) {
        arrowsOn = on;
        network.setOptions({ edges: { arrows: { to: { enabled: on, scaleFactor: 0.5 } } } });
      }
    };
    network.on("zoom", syncArrows);
    fitTo({ animation: false });
    network.once("afterDrawing", markStable);
  }

  // --- legend and class filter ---
  var counts = {};
  N.forEach(function (n) { var k = CLASSES[n[1]].key; counts[k] = (counts[k] || 0) + 1; });
  var SVGNS = "http://www.w3.org/2000/svg";
  var SHAPES = { dot: null, square: "2,2 14,2 14,14 2,14", diamond: "8,1 15,8 8,15 1,8",
    triangle: "8,2 15,14 1,14", triangleDown: "1,2 15,2 8,14",
    hexagon: "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8",
    star: "8,1 10,6 15.5,6.2 11.2,9.6 12.8,15 8,11.9 3.2,15 4.8,9.6 0.5,6.2 6,6" };
  function swatch(c) {
    var svg = document.createElementNS(SVGNS, "svg"), shape;
    svg.setAttribute("width", "16"); svg.setAttribute("height", "16"); svg.setAttribute("aria-hidden", "true");
    if (SHAPES[c.shape]) {
      shape = document.createElementNS(SVGNS, "polygon"); shape.setAttribute("points", SHAPES[c.shape]);
    } else {
      shape = document.createElementNS(SVGNS, "circle");
      shape.setAttribute("cx", "8"); shape.setAttribute("cy", "8"); shape.setAttribute("r", "6.5");
    }
    shape.setAttribute("fill", c.color);
    svg.appendChild(shape);
    return svg;
  }
  var legend = document.getElementById("kg-legend-list"), boxes = {};
  CLASSES.forEach(function (c) {
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.value = c.key; box.dataset.cls = c.key;
    box.addEventListener("change", function () { setClass(c.key, box.checked); });
    boxes[c.key] = box;
    label.appendChild(box); label.appendChild(swatch(c));
    label.appendChild(el("span", c.zh + " " + c.en));
    label.appendChild(el("span", counts[c.key] || 0, "count"));
    li.appendChild(label); legend.appendChild(li);
  });
  function setClass(key, on) {
    state.visible[key] = on;
    if (boxes[key]) boxes[key].checked = on;
    nodeView.refresh();
  }
  function setAll(on) {
    CLASSES.forEach(function (c) { state.visible[c.key] = on; boxes[c.key].checked = on; });
    nodeView.refresh();
  }
  document.getElementById("kg-cls-all").addEventListener("click", function () { setAll(true); });
  document.getElementById("kg-cls-none").addEventListener("click", function () { setAll(false); });

  // --- details panel ---
  var details = document.getElementById("kg-details-body");
  function showDetails(id) {
    details.textContent = "";
    if (id === null || id === undefined) return;
    var c = clsOf(id), info = INFO[id];
    details.appendChild(el("h3", N[id][0]));
    details.appendChild(el("div", c.zh + " " + c.en, "cls"));
    if (info[1].length) {
      var dl = el("dl");
      info[1].forEach(function (f) { dl.appendChild(el("dt", f[0])); dl.appendChild(el("dd", f[1])); });
      details.appendChild(dl);
    }
    if (info[2].length) {
      details.appendChild(el("h2", "来源 Sources"));
      info[2].forEach(function (s) {
        var q = el("blockquote", s[0]);
        if (s[1]) q.appendChild(el("cite", "——" + s[1]));
        details.appendChild(q);
      });
    }
    var nbs = adj[id];
    if (nbs.length) {
      details.appendChild(el("h2", "相连 Linked (" + nbs.length + ")"));
      nbs.slice(0, 60).forEach(function (nb) {
        var edge = E[nb[1]], b = el("button", (edge[0] === id ? "→ " : "← ") + PROPS[edge[2]][0] + "：" + N[nb[0]][0], "nb");
        b.type = "button";
        b.addEventListener("click", function () { jumpTo(nb[0]); });
        details.appendChild(b);
      });
      if (nbs.length > 60) details.appendChild(el("p", "…… +" + (nbs.length - 60), "hint"));
    }
    details.appendChild(el("p", info[0], "iri"));
  }
  var hoodButton = document.getElementById("kg-hood");
  function select(id) {
    state.selected = (id === null || id === undefined) ? null : id;
    hoodButton.disabled = state.selected === null;
    showDetails(state.selected);
  }
  network.on("selectNode", function (ev) { select(ev.nodes[0]); });
  network.on("deselectNode", function (ev) { if (!ev.nodes.length) select(null); });

  function jumpTo(id) {
    id = Number(id);
    if (!(id >= 0 && id < N.length)) return;
    if (!state.visible[clsOf(id).key]) setClass(clsOf(id).key, true);
    if (state.hood && !state.hood.has(id)) { state.hood = null; nodeView.refresh(); }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    syncArrows();
    select(id);
  }

  // --- neighbourhood ---
  function neighbourhood(id, depth) {
    var seen = new Set([id]), frontier = [id];
    for (var d = 0; d < depth && frontier.length; d++) {
      var next = [];
      frontier.forEach(function (n) {
        adj[n].forEach(function (nb) { if (!seen.has(nb[0])) { seen.add(nb[0]); next.push(nb[0]); } });
      });
      frontier = next;
    }
    return seen;
  }
  function showHood(id, depth) {
    state.hood = neighbourhood(id, depth);
    nodeView.refresh();
    fitTo({ nodes: Array.from(state.hood).filter(function (n) { return state.visible[clsOf(n).key]; }),
            animation: false });
    network.selectNodes([id]);
  }
  hoodButton.addEventListener("click", function () {
    if (state.selected !== null) showHood(state.selected, Number(document.getElementById("kg-depth").value));
  });
  document.getElementById("kg-all").addEventListener("click", function () {
    state.hood = null; setAll(true); fitTo();
  });
  document.getElementById("kg-fit").addEventListener("click", function () { fitTo(); });

  // --- search ---
  var search = new TomSelect("#kg-search", {
    options: N.map(function (n, k) {
      var c = CLASSES[n[1]];
      return { value: String(k), text: n[0], len: n[0].length, cls: c.zh + " " + c.en };
    }),
    valueField: "value", labelField: "text", searchField: ["text"], maxItems: 1, maxOptions: 50,
    // best match first; among equals the shortest name, so that an exact one leads
    sortField: [{ field: "$score", direction: "desc" }, { field: "len", direction: "asc" },
                { field: "text", direction: "asc" }], create: false,
    render: {
      option: function (d) { var o = el("div", d.text); o.appendChild(el("span", d.cls, "cls-hint")); return o; },
      item: function (d) { return el("div", d.text); },
      no_results: function () { return el("div", "无结果 No results", "no-results"); }
    },
    onChange: function (v) { if (v !== "" && v !== null) jumpTo(v); }
  });

  window.kgViz = { network: network, nodes: nodes, edges: edges, nodeView: nodeView, search: search,
    state: state, jumpTo: jumpTo, setClass: setClass, setAll: setAll, showHood: showHood,
    drawnCount: function () { return network.body.nodeIndices.length; } };
})();
