// The narrative form's triad, dyad and stones as one anywidget front end (plain ES module + SVG,
// no build step, nothing downloaded). Every input is drawn and answered in one place:
// click or drag on the triangle / track / board, or use the keyboard (arrow keys move,
// Enter confirms, Escape goes back, Delete puts a stone back). Labels and values are Dutch,
// for screen readers too (role="slider", aria-label, aria-valuetext).
//
// Model traits (kit/narratives/widgets.py, SignifierWidget): kind ("triade" | "dyade" | "stenen"), question,
// labels, items, orientation, step, marks, value, disabled.

const NS = "http://www.w3.org/2000/svg";

function svgEl(name, attrs = {}) {
  const el = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

function div(cls, text) {
  const el = document.createElement("div");
  if (cls) el.className = cls;
  if (text !== undefined) el.textContent = text;
  return el;
}

const pct = (v) => `${Math.round(v * 100)}%`;
const words = (v) => `${Math.round(v * 100)} procent`;
const clamp01 = (v) => Math.min(1, Math.max(0, v));
const round2 = (v) => Math.round(v * 100) / 100;
// "n.v.t." (ticked: the question does not fit this story) is an answer of its own, unlike an
// input nobody touched ("niet ingevuld"); both are stored empty.
const NA_TEXT = "n.v.t. (past niet bij dit verhaal)";
const NA_READOUT = "N.v.t.: past niet bij dit verhaal.";

// Keys that belong to the widget: the notebook must not see them (JupyterLab's command mode
// would otherwise move to another cell on an arrow key or start editing on Enter).
function guardKeys(el) {
  el.setAttribute("data-lm-suppress-shortcuts", "true");
}

function svgPoint(svg, event) {
  const pt = svg.createSVGPoint();
  pt.x = event.clientX;
  pt.y = event.clientY;
  const m = svg.getScreenCTM();
  return m ? pt.matrixTransform(m.inverse()) : { x: 0, y: 0 };
}

// ---------------------------------------------------------------------------- triad
const TW = 300, TH = 262, TM = 16;
const CORNERS = [[TW / 2, TM], [TM, TH - TM], [TW - TM, TH - TM]];

function sharesToXY(s) {
  const t = s[0] + s[1] + s[2] || 1;
  return [0, 1].map((d) => (s[0] * CORNERS[0][d] + s[1] * CORNERS[1][d] + s[2] * CORNERS[2][d]) / t);
}

function xyToShares(x, y) {
  const [[x1, y1], [x2, y2], [x3, y3]] = CORNERS;
  const det = (y2 - y3) * (x1 - x3) + (x3 - x2) * (y1 - y3);
  let a = ((y2 - y3) * (x - x3) + (x3 - x2) * (y - y3)) / det;
  let b = ((y3 - y1) * (x - x3) + (x1 - x3) * (y - y3)) / det;
  let c = 1 - a - b;
  // Outside the triangle: onto its edge (negative shares become 0, the rest scaled to 1).
  [a, b, c] = [a, b, c].map((v) => Math.max(0, v));
  const t = a + b + c || 1;
  a = round2(a / t);
  b = round2(Math.min(1 - a, b / t));
  return [a, b, round2(1 - a - b)];
}

function triadText(labels, s) {
  return labels.map((l, i) => `${l} ${words(s[i])}`).join(", ");
}

function renderTriad(model, el) {
  const root = div("iids-aw iids-aw-triade");
  const labels = () => model.get("labels");
  const top = div("iids-aw-hoek iids-aw-boven");
  const svg = svgEl("svg", { viewBox: `0 0 ${TW} ${TH}`, class: "iids-aw-vlak", tabindex: 0,
                             role: "slider", "aria-valuemin": 0, "aria-valuemax": 100 });
  guardKeys(svg);
  const bottom = div("iids-aw-onder");
  const left = div("iids-aw-hoek iids-aw-links");
  const right = div("iids-aw-hoek iids-aw-rechts");
  bottom.append(left, right);
  const readout = div("iids-aw-uitlezing");
  readout.setAttribute("aria-live", "polite");
  const poly = svgEl("polygon", { points: CORNERS.map((c) => c.join(",")).join(" "),
                                  class: "iids-aw-driehoek" });
  const marks = svgEl("g", { class: "iids-aw-markeringen" });
  const draftDot = svgEl("circle", { r: 9, class: "iids-aw-concept" });
  const dot = svgEl("circle", { r: 8, class: "iids-aw-punt" });
  svg.append(poly, marks, draftDot, dot);
  root.append(top, svg, bottom, readout);
  el.append(root);

  let draft = null;   // the point moved with the keyboard, not yet confirmed
  let dragging = false;

  function commit(shares) {
    draft = null;
    model.set("value", shares);
    model.save_changes();
    draw();
  }

  function draw() {
    const [lt, ll, lr] = labels();
    top.textContent = lt;
    left.textContent = ll;
    right.textContent = lr;
    const value = model.get("value");
    svg.setAttribute("aria-label", `${model.get("question")} Driehoek met de hoeken ${lt} (boven), `
      + `${ll} (links onder) en ${lr} (rechts onder). Pijltjestoetsen verplaatsen het punt, `
      + "Enter kiest het.");
    marks.replaceChildren(...(model.get("marks") || []).map((m) => {
      const [x, y] = sharesToXY(m);
      return svgEl("circle", { cx: x, cy: y, r: 4, class: "iids-aw-markering" });
    }));
    for (const [circle, shares] of [[dot, value], [draftDot, draft]]) {
      circle.style.display = shares ? "" : "none";
      if (shares) {
        const [x, y] = sharesToXY(shares);
        circle.setAttribute("cx", x);
        circle.setAttribute("cy", y);
      }
    }
    const shown = draft || value;
    svg.setAttribute("aria-valuenow", shown ? Math.round(shown[0] * 100) : 0);
    svg.setAttribute("aria-disabled", model.get("disabled") ? "true" : "false");
    if (draft) {
      svg.setAttribute("aria-valuetext", `${triadText(labels(), draft)} (nog niet gekozen: druk op Enter)`);
      readout.textContent = `${labels().map((l, i) => `${l}: ${pct(draft[i])}`).join(" · ")}`
        + " — druk op Enter om dit punt te kiezen";
    } else if (value) {
      svg.setAttribute("aria-valuetext", `gekozen: ${triadText(labels(), value)}`);
      readout.textContent = `Gekozen: ${labels().map((l, i) => `${l}: ${pct(value[i])}`).join(" · ")}`;
    } else {
      svg.setAttribute("aria-valuetext", "nog geen punt gekozen");
      readout.textContent = model.get("disabled") ? NA_READOUT
        : "Klik in de driehoek waar het verhaal past (of gebruik de pijltjestoetsen en Enter).";
    }
  }

  function fromEvent(event) {
    const p = svgPoint(svg, event);
    return xyToShares(p.x, p.y);
  }

  svg.addEventListener("pointerdown", (event) => {
    if (model.get("disabled")) return;
    event.preventDefault();
    svg.focus();
    dragging = true;
    svg.setPointerCapture?.(event.pointerId);
    draft = fromEvent(event);
    draw();
  });
  svg.addEventListener("pointermove", (event) => {
    if (!dragging) return;
    draft = fromEvent(event);
    draw();
  });
  const release = (event) => {
    if (!dragging) return;
    dragging = false;
    commit(fromEvent(event));
  };
  svg.addEventListener("pointerup", release);
  svg.addEventListener("pointercancel", () => { dragging = false; draft = null; draw(); });

  svg.addEventListener("keydown", (event) => {
    if (model.get("disabled")) return;
    const step = (TW - 2 * TM) * model.get("step");
    const moves = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
    if (moves[event.key]) {
      const start = draft || model.get("value") || [1 / 3, 1 / 3, 1 / 3];
      const [x, y] = sharesToXY(start);
      const [dx, dy] = moves[event.key];
      draft = xyToShares(x + dx * step, y + dy * step * Math.sqrt(3) / 2);
    } else if (event.key === "Home") {
      draft = [0.33, 0.33, 0.34];
    } else if (event.key === "Enter" || event.key === " ") {
      if (draft) commit(draft);
    } else if (event.key === "Escape") {
      draft = null;
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    draw();
  });

  model.on("change:value", draw);
  model.on("change:marks", draw);
  model.on("change:labels", draw);
  model.on("change:disabled", draw);
  draw();
}

// ---------------------------------------------------------------------------- dyad
const DT = 18;   // the margin around the track

function renderDyad(model, el) {
  const vertical = model.get("orientation") === "vertical";
  const DL = vertical ? 180 : 280;   // track length: an upright one fits beside the text
  const root = div(`iids-aw iids-aw-dyade ${vertical ? "iids-aw-verticaal" : "iids-aw-horizontaal"}`);
  const [w, h] = vertical ? [60, DL + 2 * DT] : [DL + 2 * DT, 48];
  const svg = svgEl("svg", { viewBox: `0 0 ${w} ${h}`, width: w, height: h, class: "iids-aw-spoor",
                             tabindex: 0, role: "slider", "aria-valuemin": 0, "aria-valuemax": 100,
                             "aria-orientation": vertical ? "vertical" : "horizontal" });
  guardKeys(svg);
  const line = vertical ? svgEl("line", { x1: w / 2, y1: DT, x2: w / 2, y2: DT + DL, class: "iids-aw-lijn" })
    : svgEl("line", { x1: DT, y1: h / 2, x2: DT + DL, y2: h / 2, class: "iids-aw-lijn" });
  const draftDot = svgEl("circle", { r: 13, class: "iids-aw-concept" });
  const dot = svgEl("circle", { r: 12, class: "iids-aw-punt" });
  svg.append(line, draftDot, dot);
  const low = div("iids-aw-pool iids-aw-laag");
  const high = div("iids-aw-pool iids-aw-hoog");
  const readout = div("iids-aw-uitlezing");
  readout.setAttribute("aria-live", "polite");
  // Vertical: the right pole (1) on top. Horizontal: left pole, track, right pole in one row.
  const row = div("iids-aw-rij");
  if (vertical) row.append(high, svg, low); else row.append(low, svg, high);
  root.append(row, readout);
  el.append(root);

  let draft = null;
  let dragging = false;
  const pos = (v) => (vertical ? [w / 2, DT + (1 - v) * DL] : [DT + v * DL, h / 2]);
  const text = (v, say = words) => {
    const [l, r] = model.get("labels");
    if (Math.abs(v - 0.5) < 0.005) return `precies in het midden tussen ${l} en ${r}`;
    return v > 0.5 ? `${say(v)} richting ${r}` : `${say(1 - v)} richting ${l}`;
  };

  function commit(v) {
    draft = null;
    model.set("value", v);
    model.save_changes();
    draw();
  }

  function draw() {
    const [l, r] = model.get("labels");
    const off = model.get("disabled");   // n.v.t.: no answer, whatever the point's last place
    low.textContent = l;
    high.textContent = r;
    svg.setAttribute("aria-label", `${model.get("question")} Schuif van ${l} naar ${r}.`);
    svg.setAttribute("aria-disabled", off ? "true" : "false");
    root.classList.toggle("iids-aw-uit", Boolean(off));
    if (off) draft = null;
    const value = off ? null : model.get("value");
    for (const [circle, v] of [[dot, value], [draftDot, draft]]) {
      circle.style.display = v === null || v === undefined ? "none" : "";
      if (v !== null && v !== undefined) {
        const [x, y] = pos(v);
        circle.setAttribute("cx", x);
        circle.setAttribute("cy", y);
      }
    }
    const shown = draft ?? value;
    svg.setAttribute("aria-valuenow", shown === null || shown === undefined ? 50 : Math.round(shown * 100));
    if (draft !== null) {
      svg.setAttribute("aria-valuetext", `${text(draft)} (nog niet gekozen: druk op Enter)`);
      readout.textContent = `${text(draft, pct)} — druk op Enter om te kiezen`;
    } else if (value !== null && value !== undefined) {
      svg.setAttribute("aria-valuetext", `gekozen: ${text(value)}`);
      readout.textContent = `Gekozen: ${text(value, pct)}`;
    } else if (off) {
      svg.setAttribute("aria-valuetext", NA_TEXT);
      readout.textContent = NA_READOUT;
    } else {
      // Untouched: no answer (stored empty), not the middle; the first key starts from the middle.
      svg.setAttribute("aria-valuetext", "niet ingevuld");
      readout.textContent = "Niet ingevuld. Klik op de lijn of sleep het bolletje (of: pijltjestoetsen en Enter).";
    }
  }

  const fromEvent = (event) => {
    const p = svgPoint(svg, event);
    return round2(clamp01(vertical ? 1 - (p.y - DT) / DL : (p.x - DT) / DL));
  };
  svg.addEventListener("pointerdown", (event) => {
    if (model.get("disabled")) return;
    event.preventDefault();
    svg.focus();
    dragging = true;
    svg.setPointerCapture?.(event.pointerId);
    draft = fromEvent(event);
    draw();
  });
  svg.addEventListener("pointermove", (event) => { if (dragging) { draft = fromEvent(event); draw(); } });
  svg.addEventListener("pointerup", (event) => { if (dragging) { dragging = false; commit(fromEvent(event)); } });
  svg.addEventListener("pointercancel", () => { dragging = false; draft = null; draw(); });
  svg.addEventListener("keydown", (event) => {
    if (model.get("disabled")) return;
    const start = draft ?? model.get("value") ?? 0.5;
    const step = model.get("step");
    const delta = { ArrowUp: step, ArrowRight: step, ArrowDown: -step, ArrowLeft: -step,
                    PageUp: 4 * step, PageDown: -4 * step }[event.key];
    if (delta !== undefined) draft = round2(clamp01(start + delta));
    else if (event.key === "Home") draft = 0;
    else if (event.key === "End") draft = 1;
    else if (event.key === "Enter" || event.key === " ") { if (draft !== null) commit(draft); }
    else if (event.key === "Escape") draft = null;
    else return;
    event.preventDefault();
    event.stopPropagation();
    draw();
  });
  model.on("change:value", draw);
  model.on("change:disabled", draw);
  draw();
}

// ---------------------------------------------------------------------------- stones
const SB = 240, SM = 14, TRAY = 210;   // board side, margin, tray width
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"];

function renderStones(model, el) {
  const root = div("iids-aw iids-aw-stenen");
  const [w, h] = [SM + SB + SM + TRAY, SB + 2 * SM];
  const topLabel = div("iids-aw-as iids-aw-boven");
  const svg = svgEl("svg", { viewBox: `0 0 ${w} ${h}`, class: "iids-aw-bord", role: "group" });
  const board = svgEl("rect", { x: SM, y: SM, width: SB, height: SB, class: "iids-aw-veld" });
  const trayRect = svgEl("rect", { x: SM + SB + SM, y: SM, width: TRAY - 4, height: SB, rx: 6,
                                   class: "iids-aw-bak" });
  const trayTitle = svgEl("text", { x: SM + SB + SM + 8, y: SM + 16, class: "iids-aw-baktekst" });
  trayTitle.textContent = "nog niet gelegd";
  const stonesLayer = svgEl("g");
  svg.append(board, trayRect, trayTitle, stonesLayer);
  const axis = div("iids-aw-xas");
  const xl = div("iids-aw-as");
  const yb = div("iids-aw-as");
  const xr = div("iids-aw-as");
  axis.append(xl, yb, xr);
  const readout = div("iids-aw-uitlezing");
  readout.setAttribute("aria-live", "polite");
  root.append(topLabel, svg, axis, readout);
  el.append(root);

  const drafts = {};      // item id -> [x, y] moved with the keyboard or being dragged
  const nodes = {};
  let dragging = null;

  const toXY = ([x, y]) => [SM + x * SB, SM + (1 - y) * SB];
  const fromPoint = (p) => [round2(clamp01((p.x - SM) / SB)), round2(clamp01(1 - (p.y - SM) / SB))];
  const onBoard = (p) => p.x >= SM - 6 && p.x <= SM + SB + 6 && p.y >= SM - 6 && p.y <= SM + SB + 6;
  const where = (item, xy) => {
    if (!xy) return `${item.label}: nog niet gelegd`;
    const [x, y] = xy;
    return `${item.label}: ${words(x)} richting ${model.get("labels")[3]}, `
      + `${words(y)} richting ${model.get("labels")[0]}`;
  };

  function commit(id, xy) {
    delete drafts[id];
    const value = { ...(model.get("value") || {}) };
    if (xy) value[id] = xy; else delete value[id];
    model.set("value", value);
    model.save_changes();
    draw();
  }

  function build() {
    stonesLayer.replaceChildren();
    model.get("items").forEach((item, i) => {
      const g = svgEl("g", { class: "iids-aw-steen", tabindex: 0, role: "slider",
                             "aria-valuemin": 0, "aria-valuemax": 100, "data-steen": item.id });
      guardKeys(g);
      const ring = svgEl("circle", { r: 11, class: "iids-aw-steenring" });
      const stone = svgEl("circle", { r: 9, fill: PALETTE[i % PALETTE.length], class: "iids-aw-steenbol" });
      const label = svgEl("text", { class: "iids-aw-steentekst" });
      label.textContent = item.label;
      g.append(ring, stone, label);
      stonesLayer.append(g);
      nodes[item.id] = { g, stone, ring, label, item, index: i };
      g.addEventListener("pointerdown", (event) => {
        event.preventDefault();
        event.stopPropagation();
        g.focus();
        dragging = item.id;
        svg.setPointerCapture?.(event.pointerId);
      });
      g.addEventListener("keydown", (event) => {
        const value = model.get("value") || {};
        const start = drafts[item.id] || value[item.id] || [0.5, 0.5];
        const step = model.get("step");
        const moves = { ArrowUp: [0, step], ArrowDown: [0, -step], ArrowLeft: [-step, 0], ArrowRight: [step, 0] };
        if (moves[event.key]) {
          const [dx, dy] = (drafts[item.id] || value[item.id]) ? moves[event.key] : [0, 0];
          drafts[item.id] = [round2(clamp01(start[0] + dx)), round2(clamp01(start[1] + dy))];
        } else if (event.key === "Enter" || event.key === " ") {
          if (drafts[item.id]) commit(item.id, drafts[item.id]);
        } else if (event.key === "Delete" || event.key === "Backspace") {
          commit(item.id, null);
        } else if (event.key === "Escape") {
          delete drafts[item.id];
        } else {
          return;
        }
        event.preventDefault();
        event.stopPropagation();
        draw();
      });
    });
  }

  svg.addEventListener("pointermove", (event) => {
    if (!dragging) return;
    const p = svgPoint(svg, event);
    drafts[dragging] = onBoard(p) ? fromPoint(p) : null;
    draw(p);
  });
  svg.addEventListener("pointerup", (event) => {
    if (!dragging) return;
    const id = dragging;
    dragging = null;
    const p = svgPoint(svg, event);
    if (onBoard(p)) commit(id, fromPoint(p));
    else if (drafts[id] === null && (model.get("value") || {})[id]) commit(id, null);  // dragged off
    else { delete drafts[id]; draw(); }
  });

  function draw(pointer) {
    const labels = model.get("labels");  // top, bottom, left, right
    topLabel.textContent = `↑ ${labels[0]}`;
    yb.textContent = `↓ ${labels[1]}`;
    xl.textContent = `← ${labels[2]}`;
    xr.textContent = `${labels[3]} →`;
    svg.setAttribute("aria-label", `${model.get("question")} Veld van ${labels[2]} (links) naar `
      + `${labels[3]} (rechts) en van ${labels[1]} (onder) naar ${labels[0]} (boven).`);
    const value = model.get("value") || {};
    let trayRow = 0;
    const lines = [];
    for (const { g, stone, ring, label, item } of Object.values(nodes)) {
      const draft = drafts[item.id];
      let x, y;
      const shown = draft || value[item.id];
      if (dragging === item.id && pointer && draft === null) {
        [x, y] = [pointer.x, pointer.y];
      } else if (shown) {
        [x, y] = toXY(shown);
      } else {
        [x, y] = [SM + SB + SM + 18, SM + 38 + 30 * trayRow++];
      }
      for (const c of [stone, ring]) { c.setAttribute("cx", x); c.setAttribute("cy", y); }
      const onRight = shown && shown[0] > 0.55;   // label inside the board, away from its edge
      label.setAttribute("x", onRight ? x - 14 : x + 14);
      label.setAttribute("text-anchor", onRight ? "end" : "start");
      label.setAttribute("y", y + 4);
      g.classList.toggle("iids-aw-niet-bevestigd", Boolean(draft));
      g.setAttribute("aria-label", `Steen ${item.label}. Pijltjestoetsen verplaatsen, Enter legt `
        + "de steen neer, Delete haalt hem weg.");
      g.setAttribute("aria-valuenow", shown ? Math.round(shown[0] * 100) : 0);
      g.setAttribute("aria-valuetext", draft ? `${where(item, draft)} (nog niet neergelegd: druk op Enter)`
        : where(item, value[item.id]));
      if (value[item.id]) lines.push(`${item.label}: ${pct(value[item.id][0])} ${labels[3]}, `
        + `${pct(value[item.id][1])} ${labels[0]}`);
    }
    readout.textContent = lines.length ? `Gelegd: ${lines.join(" · ")}`
      : "Sleep de stenen naar het veld (of: Tab naar een steen, pijltjestoetsen en Enter).";
  }

  model.on("change:value", () => draw());
  model.on("change:items", () => { build(); draw(); });
  build();
  draw();
}

function render({ model, el }) {
  const kind = model.get("kind");
  if (kind === "triade") renderTriad(model, el);
  else if (kind === "dyade") renderDyad(model, el);
  else renderStones(model, el);
}

export default { render };
