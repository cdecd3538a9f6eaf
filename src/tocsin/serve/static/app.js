// tocsin dashboard: plain JavaScript, no build step, no network beyond this server.
"use strict";

const TYPE_COLOURS = {
  "Battles": "#d95f02",
  "Explosions/Remote violence": "#b3261e",
  "Violence against civilians": "#7570b3",
  "Protests": "#1b9e77",
  "Riots": "#e6ab02",
  "Strategic developments": "#66a61e",
};
const OTHER_COLOUR = "#5f6b76";
const FILTERS = ["since", "until", "country", "type", "perpetrator", "min_killed", "q"];
const $ = (sel, root = document) => root.querySelector(sel);

function colour(type) { return TYPE_COLOURS[type] || OTHER_COLOUR; }
function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}
function count(value, qualifier) {
  if (value === null || value === undefined) return "";
  const p = { at_least: "≥", at_most: "≤", about: "~" }[qualifier] || "";
  return p + value;
}
async function api(path, params) {
  const qs = params ? "?" + new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v != null)) : "";
  const res = await fetch("/api/" + path + qs);
  const body = await res.json();
  if (!res.ok) throw new Error(body.error ? `[${body.error.code}] ${body.error.message}` : res.statusText);
  return body;
}

// -- routing ----------------------------------------------------------------------------------
function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?");
  const params = Object.fromEntries(new URLSearchParams(query || ""));
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "incident" && parts[1]) return showIncident(parts[1]);
  if (parts[0] === "actor" && parts[1]) return showActor(parts[1]);
  if (parts[0] === "actors") return showActors(params.q);
  return showHome(params);
}
window.addEventListener("hashchange", route);
$("#search-form").addEventListener("submit", e => {
  e.preventDefault();
  const current = homeParams();
  current.q = $("#search").value.trim();
  setHome(current);
});
function homeParams() {
  const hash = location.hash.replace(/^#/, "");
  if (hash.startsWith("/incident") || hash.startsWith("/actor")) return {};
  return Object.fromEntries(new URLSearchParams(hash.split("?")[1] || ""));
}
function setHome(params) {
  const clean = Object.fromEntries(Object.entries(params).filter(([k, v]) => FILTERS.includes(k) && v !== ""));
  const qs = new URLSearchParams(clean).toString();
  location.hash = "#/" + (qs ? "?" + qs : "");
}

// -- home: filters, map, timeline, list -----------------------------------------------------------
let facetsPromise = null;
let mapState = null;

async function showHome(params) {
  const view = $("#view");
  if (!$("#filters", view)) {
    view.replaceChildren($("#t-home").content.cloneNode(true));
    wireHome();
  }
  $("#search").value = params.q || "";
  const form = $("#filters");
  facetsPromise = facetsPromise || api("facets");
  const facets = await facetsPromise;
  fillSelect(form.country, facets.countries, params.country);
  fillSelect(form.type, facets.types, params.type);
  for (const name of ["since", "until", "perpetrator", "min_killed"]) form[name].value = params[name] || "";
  const query = Object.fromEntries(FILTERS.map(k => [k, params[k] || ""]));
  $("#summary").textContent = "Loading…";
  try {
    const [page, points, stats] = await Promise.all([
      api("incidents", { ...query, limit: 100 }),
      api("incidents/points", { ...query, limit: 5000 }),
      api("stats", { ...query, by: timelineUnit(query) }),
    ]);
    renderSummary(page.total_capped ? `${page.total}+` : page.total, points, query);
    renderList(page, query, false);
    mapState.points = points.points;
    if (!mapState.fitted) { fitMap(); mapState.fitted = true; }
    drawMap();
    renderTimeline(stats.items, stats.by);
    renderActorHits(query.q);
  } catch (err) {
    $("#summary").innerHTML = `<span class="error">${esc(err.message)}</span>`;
  }
}

function fillSelect(select, values, chosen) {
  if (select.options.length <= 1) {
    for (const v of values) select.add(new Option(v, v));
  }
  select.value = chosen || "";
}

function wireHome() {
  const form = $("#filters");
  form.addEventListener("change", () => {
    const params = Object.fromEntries(new FormData(form));
    params.q = $("#search").value.trim();
    setHome(params);
  });
  form.addEventListener("submit", e => e.preventDefault());
  form.addEventListener("reset", e => { e.preventDefault(); setHome({}); });
  $("#more").addEventListener("click", async () => {
    const btn = $("#more");
    const page = await api("incidents", { ...btn.query, limit: 100, cursor: btn.dataset.cursor });
    renderList(page, btn.query, true);
  });
  const legend = Object.entries(TYPE_COLOURS).map(([t, c]) => `<span><i style="background:${c}"></i>${esc(t)}</span>`);
  legend.push(`<span><i style="background:${OTHER_COLOUR}"></i>other</span>`);
  $("#legend").innerHTML = legend.join("");
  initMap($("#map"));
}

function timelineUnit(query) {
  if (query.since && query.until) {
    const days = (Date.parse(query.until) - Date.parse(query.since)) / 864e5;
    if (days <= 120) return "day";
    if (days <= 800) return "week";
  }
  return "month";
}

function renderSummary(total, points, query) {
  const shown = points.complete ? "" : ` (the map shows the ${points.points.length} deadliest)`;
  const active = FILTERS.filter(k => query[k]).map(k => `${k.replace("_", " ")}: ${query[k]}`);
  $("#summary").textContent = `${total} incident${total === 1 ? "" : "s"}${active.length ? " — " + active.join(", ") : ""}${shown}`;
}

function renderList(page, query, append) {
  const body = $("#incident-list");
  const rows = page.items.map(r => `<tr data-id="${esc(r.id)}">
    <td>${esc(r.date || "")}</td>
    <td>${esc([r.place, r.country].filter(Boolean).join(", "))}</td>
    <td><span class="dot" style="background:${colour(r.acled_type)}"></span>${esc(r.gtd_type || r.acled_subtype || r.acled_type || "")}</td>
    <td class="num">${esc(count(r.killed, r.killed_qualifier))}</td>
    <td class="num">${esc(count(r.injured, r.injured_qualifier))}</td>
    <td>${r.perpetrators.map(p => esc(p.name) + (p.claimed ? " <span class=muted>(claimed)</span>" : "")).join(", ")}</td>
  </tr>`).join("");
  if (append) body.insertAdjacentHTML("beforeend", rows); else body.innerHTML = rows || `<tr><td colspan="6" class="muted">No incidents match.</td></tr>`;
  for (const tr of body.querySelectorAll("tr[data-id]")) tr.onclick = () => { location.hash = "#/incident/" + encodeURIComponent(tr.dataset.id); };
  const more = $("#more");
  more.hidden = !page.next_cursor;
  more.dataset.cursor = page.next_cursor || "";
  more.query = query;
}

async function renderActorHits(q) {
  const box = $("#actor-hits");
  if (!q) { box.innerHTML = ""; return; }
  const hits = await api("actors", { q, limit: 10 });
  box.innerHTML = hits.items.length ? "Actors: " + hits.items.map(a => `<a class="tag" href="#/actor/${encodeURIComponent(a.name)}">${esc(a.name)}</a>`).join("") : "";
}

// -- the map: equirectangular, drawn on a canvas, clustered in screen space -------------------------
let world = null;
async function loadWorld() {
  if (!world) world = fetch("/static/world-110m.geojson").then(r => r.json()).catch(() => ({ features: [] }));
  return world;
}

function initMap(canvas) {
  mapState = { canvas, cx: 20, cy: 15, scale: 2, points: [], clusters: [], fitted: false, world: null };
  loadWorld().then(w => { mapState.world = w; drawMap(); });
  let drag = null;
  canvas.addEventListener("pointerdown", e => { drag = { x: e.clientX, y: e.clientY, cx: mapState.cx, cy: mapState.cy, moved: false }; canvas.setPointerCapture(e.pointerId); });
  canvas.addEventListener("pointermove", e => {
    if (drag) {
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      mapState.cx = drag.cx - dx / mapState.scale;
      mapState.cy = clampLat(drag.cy + dy / mapState.scale);
      drawMap();
    } else hover(e);
  });
  canvas.addEventListener("pointerup", e => { const d = drag; drag = null; if (d && !d.moved) clickMap(e); });
  canvas.addEventListener("wheel", e => { e.preventDefault(); zoomAt(e.deltaY < 0 ? 1.5 : 1 / 1.5, e); }, { passive: false });
  canvas.addEventListener("pointerleave", () => { $("#tip").hidden = true; });
  $("#zoom-in").onclick = () => zoomAt(1.6);
  $("#zoom-out").onclick = () => zoomAt(1 / 1.6);
  $("#zoom-fit").onclick = () => { fitMap(); drawMap(); };
  window.addEventListener("resize", () => drawMap());
}
function clampLat(y) { return Math.max(-85, Math.min(85, y)); }
function size() { const c = mapState.canvas; return { w: c.clientWidth, h: c.clientHeight }; }
function project(lon, lat) {
  const { w, h } = size();
  return [w / 2 + (lon - mapState.cx) * mapState.scale, h / 2 - (lat - mapState.cy) * mapState.scale];
}
function zoomAt(factor, e) {
  const { w, h } = size();
  let lon = mapState.cx, lat = mapState.cy;
  if (e) {
    const r = mapState.canvas.getBoundingClientRect();
    lon = mapState.cx + (e.clientX - r.left - w / 2) / mapState.scale;
    lat = mapState.cy - (e.clientY - r.top - h / 2) / mapState.scale;
  }
  const next = Math.max(w / 400, Math.min(4000, mapState.scale * factor));
  mapState.cx = lon - (lon - mapState.cx) * (mapState.scale / next);
  mapState.cy = clampLat(lat - (lat - mapState.cy) * (mapState.scale / next));
  mapState.scale = next;
  drawMap();
}
function fitMap() {
  const { w, h } = size();
  const pts = mapState.points;
  if (!pts.length) { mapState.cx = 15; mapState.cy = 15; mapState.scale = Math.max(w / 360, h / 170); return; }
  let [x0, x1, y0, y1] = [180, -180, 90, -90];
  for (const p of pts) { x0 = Math.min(x0, p[2]); x1 = Math.max(x1, p[2]); y0 = Math.min(y0, p[1]); y1 = Math.max(y1, p[1]); }
  const pad = 8;
  mapState.cx = (x0 + x1) / 2; mapState.cy = (y0 + y1) / 2;
  mapState.scale = Math.min(w / (x1 - x0 + 2 * pad), h / (y1 - y0 + 2 * pad), 60);
}

function drawMap() {
  if (!mapState) return;
  const c = mapState.canvas;
  const dpr = window.devicePixelRatio || 1;
  const { w, h } = size();
  if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) { c.width = Math.round(w * dpr); c.height = Math.round(h * dpr); }
  const g = c.getContext("2d");
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, w, h);
  // graticule every 30 degrees: the map still reads when the outline file is missing
  g.strokeStyle = "rgba(80,110,140,.18)"; g.lineWidth = 1; g.beginPath();
  for (let lon = -180; lon <= 180; lon += 30) { const [x1, y1] = project(lon, 85), [x2, y2] = project(lon, -85); g.moveTo(x1, y1); g.lineTo(x2, y2); }
  for (let lat = -60; lat <= 60; lat += 30) { const [x1, y1] = project(-180, lat), [x2, y2] = project(180, lat); g.moveTo(x1, y1); g.lineTo(x2, y2); }
  g.stroke();
  if (mapState.world) {
    g.fillStyle = getComputedStyle(document.documentElement).getPropertyValue("--land") || "#f2f0ea";
    g.strokeStyle = "#c9c4b8"; g.lineWidth = 0.7;
    for (const f of mapState.world.features) {
      g.beginPath();
      for (const poly of f.geometry.coordinates) for (const ring of poly) {
        ring.forEach(([lon, lat], i) => { const [x, y] = project(lon, lat); if (i) g.lineTo(x, y); else g.moveTo(x, y); });
        g.closePath();
      }
      g.fill("evenodd"); g.stroke();
    }
  }
  // cluster points that fall within 28 px of each other
  const cell = 28, cells = new Map();
  for (const p of mapState.points) {
    const [x, y] = project(p[2], p[1]);
    if (x < -20 || y < -20 || x > w + 20 || y > h + 20) continue;
    const key = Math.floor(x / cell) + ":" + Math.floor(y / cell);
    let cl = cells.get(key);
    if (!cl) { cl = { x: 0, y: 0, n: 0, killed: 0, types: {}, points: [] }; cells.set(key, cl); }
    cl.x += x; cl.y += y; cl.n += 1; cl.killed += p[3] || 0; cl.points.push(p);
    cl.types[p[4]] = (cl.types[p[4]] || 0) + 1;
  }
  mapState.clusters = [];
  for (const cl of cells.values()) {
    cl.x /= cl.n; cl.y /= cl.n;
    const type = Object.entries(cl.types).sort((a, b) => b[1] - a[1])[0][0];
    cl.r = Math.min(30, 4 + 2.2 * Math.sqrt(cl.killed) + (cl.n > 1 ? 5 : 0));
    g.beginPath(); g.arc(cl.x, cl.y, cl.r, 0, 2 * Math.PI);
    g.fillStyle = colour(type === "null" ? null : type) + (cl.n > 1 ? "cc" : "b3"); g.fill();
    g.lineWidth = cl.n > 1 ? 2 : 1; g.strokeStyle = "#fff"; g.stroke();
    if (cl.n > 1) {
      g.fillStyle = "#fff"; g.font = "bold 11px system-ui, sans-serif"; g.textAlign = "center"; g.textBaseline = "middle";
      g.fillText(String(cl.n), cl.x, cl.y);
    }
    mapState.clusters.push(cl);
  }
}
function hit(e) {
  const r = mapState.canvas.getBoundingClientRect();
  const x = e.clientX - r.left, y = e.clientY - r.top;
  let best = null;
  for (const cl of mapState.clusters) { const d = Math.hypot(cl.x - x, cl.y - y); if (d <= cl.r + 3 && (!best || d < best.d)) best = { d, cl, x, y }; }
  return best;
}
function hover(e) {
  const tip = $("#tip"), h = hit(e);
  if (!h) { tip.hidden = true; mapState.canvas.style.cursor = "grab"; return; }
  mapState.canvas.style.cursor = "pointer";
  const cl = h.cl;
  tip.innerHTML = cl.n === 1
    ? `${esc(cl.points[0][6] || "")} ${esc(cl.points[0][5] || "")}<br>${esc(cl.points[0][4] || "")} · ${cl.points[0][3] ?? "?"} killed`
    : `${cl.n} incidents · ${cl.killed} killed<br><span class="muted">click to zoom</span>`;
  tip.style.left = (h.x + 12) + "px"; tip.style.top = (h.y + 12) + "px"; tip.hidden = false;
}
function clickMap(e) {
  const h = hit(e);
  if (!h) return;
  if (h.cl.n === 1) { location.hash = "#/incident/" + encodeURIComponent(h.cl.points[0][0]); return; }
  zoomAt(2.5, e);
}

// -- the timeline: bars of incidents, a line of people killed ----------------------------------------
function renderTimeline(items, unit) {
  const svg = $("#timeline");
  $("#timeline-unit").textContent = `per ${unit}; bars: incidents, line: killed`;
  const w = svg.clientWidth || 600, h = svg.clientHeight || 170, m = { l: 34, r: 34, t: 8, b: 22 };
  const data = items.filter(d => d.key);
  if (!data.length) { svg.innerHTML = `<text x="10" y="20" fill="#66707a">No dated incidents.</text>`; return; }
  const maxN = Math.max(...data.map(d => d.incidents)), maxK = Math.max(1, ...data.map(d => d.killed));
  const bw = (w - m.l - m.r) / data.length;
  const y = v => h - m.b - (v / maxN) * (h - m.t - m.b), yk = v => h - m.b - (v / maxK) * (h - m.t - m.b);
  const bars = data.map((d, i) => `<rect data-key="${esc(d.key)}" x="${m.l + i * bw + 0.5}" y="${y(d.incidents)}" width="${Math.max(1, bw - 1)}" height="${h - m.b - y(d.incidents)}" fill="#8aa6bf"><title>${esc(d.key)}: ${d.incidents} incidents, ${d.killed} killed</title></rect>`).join("");
  const line = data.map((d, i) => `${i ? "L" : "M"}${m.l + (i + 0.5) * bw},${yk(d.killed)}`).join("");
  const step = Math.max(1, Math.ceil(data.length / 8));
  const labels = data.map((d, i) => i % step ? "" : `<text x="${m.l + (i + 0.5) * bw}" y="${h - 6}" font-size="10" text-anchor="middle" fill="#66707a">${esc(d.key)}</text>`).join("");
  svg.innerHTML = `${bars}<path d="${line}" fill="none" stroke="#b3261e" stroke-width="2"/>${labels}
    <text x="2" y="${m.t + 8}" font-size="10" fill="#66707a">${maxN}</text>
    <text x="${w - 2}" y="${m.t + 8}" font-size="10" fill="#b3261e" text-anchor="end">${maxK}</text>`;
}

// -- one incident ------------------------------------------------------------------------------------
async function showIncident(id) {
  const view = $("#view");
  view.innerHTML = `<p class="muted">Loading…</p>`;
  let d;
  try { d = await api("incidents/" + encodeURIComponent(id)); } catch (err) { view.innerHTML = `<p class="error">${esc(err.message)}</p>`; return; }
  const r = d.incident, rec = d.record, place = rec.place || {};
  const title = `${r.gtd_type || r.acled_subtype || "Incident"} — ${[r.place, r.admin1, r.country].filter(Boolean).join(", ") || "unknown place"}`;
  const fields = [
    ["Date", r.date ? `${r.date} <span class=muted>(${esc(r.date_precision)})</span>` : "unknown"],
    ["Place", esc([r.place, r.admin1, r.country].filter(Boolean).join(", ")) + (r.lat != null ? ` <span class=muted>(${r.lat.toFixed(3)}, ${r.lon.toFixed(3)}; ${esc(r.location_precision)})</span>` : "")],
    ["Killed", esc(countText(rec.killed))],
    ["Injured", esc(countText(rec.injured))],
    ["Kidnapped", esc(countText(rec.kidnapped))],
    ["Perpetrators killed", esc(countText(rec.perpetrators_killed))],
    ["GTD type", esc(r.gtd_type || "")],
    ["ACLED type", esc([r.acled_type, r.acled_subtype].filter(Boolean).join(" / "))],
    ["Perpetrators", rec.perpetrators.map(p => `<a href="#/actor/${encodeURIComponent(p.name)}">${esc(p.name)}</a> <span class=muted>(${esc(p.responsibility)})</span>`).join(", ")],
    ["Targets", rec.targets.map(t => esc(t.text) + (t.gtd_target_type ? ` <span class=muted>(${esc(t.gtd_target_type)})</span>` : "")).join("; ")],
    ["Weapons", rec.weapons.map(t => esc(t.text) + (t.gtd_weapon_type ? ` <span class=muted>(${esc(t.gtd_weapon_type)})</span>` : "")).join("; ")],
    ["GeoNames", place.geonames_id ? esc(place.geonames_id) + (place.feature ? ` <span class=muted>${esc(place.feature)}</span>` : "") : ""],
    ["ID", `<code>${esc(r.id)}</code>`],
  ];
  view.innerHTML = `<article class="detail">
    <div class="wide"><a href="#/" onclick="history.back(); return false;">← back</a>
      <h1 id="incident-title">${esc(title)}</h1></div>
    <section class="panel"><h2>Fields</h2><dl class="kv" id="incident-fields">${fields.map(([k, v]) => `<dt>${k}</dt><dd>${v || "<span class=muted>—</span>"}</dd>`).join("")}</dl></section>
    <section class="panel"><h2>Count history</h2><svg id="count-chart" role="img" aria-label="Reported killed and injured over time"></svg>
      <table><thead><tr><th>As of</th><th class="num">Killed</th><th class="num">Injured</th><th>Article</th></tr></thead><tbody>
      ${rec.count_history.map(c => `<tr><td>${esc(c.as_of || "")}</td><td class="num">${esc(countText(c.killed))}</td><td class="num">${esc(countText(c.injured))}</td><td>${esc(c.article)}</td></tr>`).join("")}
      </tbody></table></section>
    <section class="panel"><h2>Timeline of reports and reactions</h2><ul class="timeline-list" id="incident-timeline">
      ${d.timeline.map(t => `<li class="${t.kind}"><span class="muted">${esc((t.date || "").slice(0, 16))}</span> <b>${t.kind}</b> ${esc(t.text)}${t.evidence ? `<div class="quote">${esc(t.evidence)}</div>` : ""}</li>`).join("") || "<li class=muted>none</li>"}
    </ul></section>
    <section class="panel"><h2>Reactions</h2><table><thead><tr><th>Actor</th><th>Verb</th><th>PLOVER</th><th>CAMEO</th><th>Date</th></tr></thead><tbody id="incident-interactions">
      ${d.interactions.map(i => `<tr><td><a href="#/actor/${encodeURIComponent(i.actor)}">${esc(i.actor)}</a>${i.actor_country ? ` <span class=muted>${esc(i.actor_country)}</span>` : ""}</td><td>${esc(i.type)}</td><td>${esc(i.plover || "")}</td><td>${esc(i.cameo || "")}</td><td>${esc(i.date || "")}</td></tr>`).join("") || "<tr><td colspan=5 class=muted>none recorded</td></tr>"}
    </tbody></table></section>
    <section class="panel wide"><h2>Sources and evidence</h2><div id="incident-sources">
      ${d.sources.map(s => `<div class="source"><div><b>${s.url ? `<a href="${esc(s.url)}" rel="noreferrer">${esc(s.title || s.id)}</a>` : esc(s.title || s.id)}</b>
        <span class="muted">${esc(s.source || "")} ${esc(s.published || "")} · ${esc(s.id)}</span></div>
        ${(s.evidence || []).map(e => `<div class="quote evidence"><b>${esc(e.field)}</b>${esc(e.text)}</div>`).join("") || "<div class=muted>no quotes</div>"}</div>`).join("")}
    </div></section>
  </article>`;
  renderCountChart($("#count-chart"), rec.count_history);
  window.scrollTo(0, 0);
}
function countText(c) {
  if (!c) return "";
  if (c.qualifier === "range" && c.high != null) return `${c.value}–${c.high}`;
  return ({ at_least: "at least ", at_most: "at most ", about: "about " }[c.qualifier] || "") + c.value;
}
function renderCountChart(svg, history) {
  const pts = history.filter(c => c.as_of);
  const w = svg.clientWidth || 400, h = svg.clientHeight || 160, m = { l: 34, r: 10, t: 10, b: 22 };
  if (!pts.length) { svg.innerHTML = `<text x="10" y="20" fill="#66707a">No dated reports.</text>`; return; }
  const t0 = Date.parse(pts[0].as_of), t1 = Math.max(t0 + 864e5, Date.parse(pts[pts.length - 1].as_of));
  const vmax = Math.max(1, ...pts.flatMap(c => [c.killed?.value || 0, c.injured?.value || 0]));
  const x = t => m.l + (Date.parse(t) - t0) / (t1 - t0) * (w - m.l - m.r), y = v => h - m.b - v / vmax * (h - m.t - m.b);
  const series = (key, col) => {
    const s = pts.filter(c => c[key]);
    if (!s.length) return "";
    const d = s.map((c, i) => `${i ? "L" : "M"}${x(c.as_of)},${y(c[key].value)}`).join("");
    return `<path d="${d}" fill="none" stroke="${col}" stroke-width="2"/>` + s.map(c => `<circle cx="${x(c.as_of)}" cy="${y(c[key].value)}" r="3.5" fill="${col}"><title>${esc(c.as_of)}: ${key} ${esc(countText(c[key]))}</title></circle>`).join("");
  };
  svg.innerHTML = `<line x1="${m.l}" x2="${w - m.r}" y1="${h - m.b}" y2="${h - m.b}" stroke="#dde0e3"/>
    ${series("injured", "#8aa6bf")}${series("killed", "#b3261e")}
    <text x="2" y="${m.t + 8}" font-size="10" fill="#66707a">${vmax}</text>
    <text x="${m.l}" y="${h - 6}" font-size="10" fill="#66707a">${esc(pts[0].as_of)}</text>
    <text x="${w - m.r}" y="${h - 6}" font-size="10" fill="#66707a" text-anchor="end">${esc(pts[pts.length - 1].as_of)}</text>
    <text x="${w - m.r}" y="${m.t + 8}" font-size="10" text-anchor="end"><tspan fill="#b3261e">killed</tspan> <tspan fill="#8aa6bf">injured</tspan></text>`;
}

// -- actors --------------------------------------------------------------------------------------------
async function showActors(q) {
  const view = $("#view");
  const data = await api("actors", { q: q || "", limit: 200 });
  view.innerHTML = `<section class="panel"><h2>Actors</h2><table><thead><tr><th>Actor</th><th>Country</th><th class="num">Interactions</th><th class="num">Incidents</th><th>Verbs</th></tr></thead><tbody id="actor-list">
    ${data.items.map(a => `<tr><td><a href="#/actor/${encodeURIComponent(a.name)}">${esc(a.name)}</a></td><td>${esc(a.country || "")}</td><td class="num">${a.interactions}</td><td class="num">${a.incidents}</td><td>${a.verbs.map(v => `<span class="tag">${esc(v)}</span>`).join("")}</td></tr>`).join("") || "<tr><td colspan=5 class=muted>none</td></tr>"}
  </tbody></table></section>`;
}
async function showActor(name) {
  const view = $("#view");
  view.innerHTML = `<p class="muted">Loading…</p>`;
  let a;
  try { a = await api("actors/" + encodeURIComponent(name)); } catch (err) { view.innerHTML = `<p class="error">${esc(err.message)}</p>`; return; }
  view.innerHTML = `<article class="detail">
    <div class="wide"><a href="#/actors">← actors</a><h1 id="actor-name">${esc(a.name)}</h1>
      <p class="muted">${[a.country, `${a.interactions_total} interactions`, `named perpetrator of ${a.perpetrator_of.length} incidents`].filter(Boolean).map(esc).join(" · ")}</p>
      <div>${Object.entries(a.by_verb).map(([v, n]) => `<span class="tag">${esc(v)} ${n}</span>`).join("")}</div></div>
    <section class="panel"><h2>Interactions</h2><table><thead><tr><th>Date</th><th>Verb</th><th>Target</th><th>Evidence</th></tr></thead><tbody>
      ${a.interactions.map(i => `<tr><td>${esc(i.date || "")}</td><td>${esc(i.type)}</td><td>${i.incident ? `<a href="#/incident/${encodeURIComponent(i.incident)}">${esc(i.target || i.incident)}</a>` : esc(i.target || "")}</td><td class="muted">${esc(i.evidence)}</td></tr>`).join("") || "<tr><td colspan=4 class=muted>none</td></tr>"}
    </tbody></table></section>
    <section class="panel"><h2>Incidents attributed</h2><table><thead><tr><th>Date</th><th>Place</th><th class="num">Killed</th></tr></thead><tbody>
      ${a.perpetrator_of.map(r => `<tr data-id="${esc(r.id)}"><td>${esc(r.date || "")}</td><td><a href="#/incident/${encodeURIComponent(r.id)}">${esc([r.place, r.country].filter(Boolean).join(", ") || r.id)}</a></td><td class="num">${esc(count(r.killed, r.killed_qualifier))}</td></tr>`).join("") || "<tr><td colspan=3 class=muted>none</td></tr>"}
    </tbody></table></section></article>`;
}

route();
