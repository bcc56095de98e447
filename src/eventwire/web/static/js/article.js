// The article page: hovering a highlighted span shows the records it belongs to in the
// evidence panel; clicking (or a table row, or a #span-ID link) pins one record and marks all
// of its spans. Everything is written with textContent: no article text becomes markup.
(function () {
  "use strict";
  var dataEl = document.getElementById("ew-article");
  var textEl = document.getElementById("ew-text");
  var body = document.getElementById("evidence-body");
  if (!dataEl || !textEl || !body) return;
  var data = JSON.parse(dataEl.textContent);
  var record = data.record;
  var labels = data.labels;
  var byId = {};
  var entities = {};
  (record.entities || []).forEach(function (e) { entities[e.id] = e; byId[e.id] = { kind: "entity", rec: e }; });
  (record.events || []).forEach(function (v) { byId[v.id] = { kind: "event", rec: v }; });
  (record.quotes || []).forEach(function (q) { byId[q.id] = { kind: "quote", rec: q }; });
  var flagsByEvent = {};
  (record.flags || []).forEach(function (f) {
    if (f.event) (flagsByEvent[f.event] = flagsByEvent[f.event] || []).push(f);
  });
  var pinned = null;
  var helpText = body.textContent;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function actorText(a) {
    var out = "\u201c" + a.text + "\u201d";
    if (a.code) out += "  [" + a.code + (labels.actors[a.code] ? ": " + labels.actors[a.code] : "") + "]";
    if (a.entity && entities[a.entity]) out += "  \u2192 " + entities[a.entity].name;
    return out;
  }
  function rows(dl, pairs) {
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === "") return;
      dl.appendChild(el("dt", null, p[0]));
      dl.appendChild(el("dd", null, p[1]));
    });
  }
  function eventCard(v) {
    var card = el("div", "ev-card");
    card.appendChild(el("div", "card-kind", "event " + v.id));
    card.appendChild(el("h3", null, v.cameo + " " + (labels.cameo[v.cameo] || "")));
    var dl = el("dl");
    var date = v.date ? v.date.value + " (" + v.date.granularity + (v.date.text ? ', from \u201c' + v.date.text + '\u201d' : ", the publication date") + ")" : null;
    var place = v.location ? v.location.name + (v.location.country ? " (" + v.location.country + ")" : "") + ' from \u201c' + v.location.text + '\u201d' : null;
    var attributed = v.attributed_to ? (entities[v.attributed_to] ? entities[v.attributed_to].name : v.attributed_to) : null;
    rows(dl, [
      ["source", (v.source || []).map(actorText).join("; ") || "\u2014"],
      ["action", "\u201c" + v.action.text + "\u201d (" + v.action.lemma + ")"],
      ["target", (v.target || []).map(actorText).join("; ") || "\u2014"],
      ["modality", v.modality + (labels.modality[v.modality] ? ": " + labels.modality[v.modality] : "")],
      ["attributed to", attributed],
      ["quad class", v.quad_class + " " + (labels.quad[String(v.quad_class)] || "")],
      ["PLOVER", v.plover && v.plover.type ? v.plover.type + (v.plover.mode ? " / " + v.plover.mode : "") : null],
      ["Goldstein", v.goldstein],
      ["date", date],
      ["place", place],
      ["confidence", v.confidence],
      ["flags", (flagsByEvent[v.id] || []).map(function (f) { return f.kind + (f.treaty ? " " + f.treaty : "") + ": " + f.note; }).join("; ")]
    ]);
    card.appendChild(dl);
    return card;
  }
  function quoteCard(q) {
    var card = el("div", "q-card");
    card.appendChild(el("div", "card-kind", q.kind + " quote " + q.id));
    card.appendChild(el("blockquote", null, q.text));
    var dl = el("dl");
    var sp = q.speaker;
    var speaker = null;
    if (sp) {
      speaker = "\u201c" + sp.text + "\u201d";
      var ent = sp.entity && entities[sp.entity];
      if (ent) speaker += " \u2192 " + ent.name + (ent.actor ? " [" + ent.actor.code + "]" : "");
    }
    rows(dl, [
      ["kind", q.kind + (labels.quote_kind[q.kind] ? ": " + labels.quote_kind[q.kind] : "")],
      ["speaker", speaker || "not found"],
      ["cue", q.cue ? "\u201c" + q.cue.text + "\u201d" : null]
    ]);
    card.appendChild(dl);
    return card;
  }
  function entityCard(e) {
    var card = el("div", "ent-card");
    card.appendChild(el("div", "card-kind", e.type + " " + e.id));
    card.appendChild(el("h3", null, e.name));
    var dl = el("dl");
    rows(dl, [
      ["actor", e.actor ? e.actor.code + (labels.actors[e.actor.code] ? ": " + labels.actors[e.actor.code] : "") : null],
      ["knowledge", e.kb],
      ["mentions", (e.mentions || []).map(function (m) { return "\u201c" + m.text + "\u201d"; }).join(", ")]
    ]);
    card.appendChild(dl);
    return card;
  }
  var ORDER = { event: 0, quote: 1, entity: 2 };
  function show(ids) {
    body.textContent = "";
    var items = ids.map(function (id) { return byId[id]; }).filter(Boolean);
    items.sort(function (a, b) { return ORDER[a.kind] - ORDER[b.kind]; });
    if (!items.length) { body.appendChild(el("p", "help", helpText)); return; }
    items.forEach(function (it) {
      body.appendChild(it.kind === "event" ? eventCard(it.rec) : it.kind === "quote" ? quoteCard(it.rec) : entityCard(it.rec));
    });
  }
  function refsOf(node) {
    var span = node && node.closest ? node.closest("[data-refs]") : null;
    if (!span || !textEl.contains(span)) return null;
    return span.getAttribute("data-refs").split(" ").filter(function (r) { return byId[r]; });
  }
  function mark(id, cls) {
    textEl.querySelectorAll("." + cls).forEach(function (n) { n.classList.remove(cls); });
    if (!id) return;
    textEl.querySelectorAll("[data-refs]").forEach(function (n) {
      if (n.getAttribute("data-refs").split(" ").indexOf(id) >= 0) n.classList.add(cls);
    });
  }
  function pin(id, scroll) {
    pinned = id;
    mark(id, "sel");
    document.querySelectorAll(".side-table tr.sel").forEach(function (r) { r.classList.remove("sel"); });
    if (!id) { show([]); return; }
    var row = document.querySelector('.side-table tr[data-ref="' + CSS.escape(id) + '"]');
    if (row) row.classList.add("sel");
    show([id]);
    document.body.setAttribute("data-selected", id);
    if (scroll) {
      var target = document.getElementById("span-" + id);
      if (target) target.scrollIntoView({ block: "center" });
    }
  }
  function primary(ids) {
    var ranked = ids.slice().sort(function (a, b) { return ORDER[byId[a].kind] - ORDER[byId[b].kind]; });
    return ranked[0];
  }

  textEl.addEventListener("mouseover", function (ev) {
    var ids = refsOf(ev.target);
    if (!ids || !ids.length) return;
    mark(primary(ids), "hot");
    if (!pinned) show(ids);
  });
  textEl.addEventListener("mouseleave", function () {
    mark(null, "hot");
    if (!pinned) show([]);
  });
  textEl.addEventListener("click", function (ev) {
    var ids = refsOf(ev.target);
    if (!ids || !ids.length) { pin(null); return; }
    var id = primary(ids);
    pin(pinned === id ? null : id, false);
    if (pinned) show(ids);
  });
  document.querySelectorAll(".side-table tbody tr").forEach(function (row) {
    row.addEventListener("click", function (ev) {
      ev.preventDefault();
      var id = row.getAttribute("data-ref");
      pin(id, true);
      history.replaceState(null, "", "#span-" + id);
    });
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") pin(null); });
  document.querySelectorAll(".legend input[data-layer]").forEach(function (box) {
    var apply = function () { textEl.classList.toggle("hide-" + box.getAttribute("data-layer"), !box.checked); };
    box.addEventListener("change", apply);
    apply();
  });
  function fromHash() {
    var m = /^#span-(.+)$/.exec(location.hash);
    if (m && byId[decodeURIComponent(m[1])]) pin(decodeURIComponent(m[1]), true);
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
  document.body.setAttribute("data-ready", "1");
})();
