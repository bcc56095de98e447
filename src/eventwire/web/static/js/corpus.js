// The corpus page's charts (Apache ECharts, vendored): events over time by quad class, the
// actor network and the map. Data is the /stats document embedded in the page. Clicking a
// chart element reloads the page with one more filter. Tooltips escape every value.
(function () {
  "use strict";
  var started = performance.now();
  var stats = JSON.parse(document.getElementById("ew-stats").textContent);
  var QUAD = { 1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict" };
  var COLOUR = { 0: "#8a93a0", 1: "#3a9d5d", 2: "#2f6fb0", 3: "#e0902a", 4: "#c8372d" };
  var charts = [];

  function esc(value) {
    return String(value === null || value === undefined ? "" : value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function go(changes) {
    var params = new URLSearchParams(location.search);
    Object.keys(changes).forEach(function (k) {
      if (changes[k] === null) params.delete(k); else params.set(k, changes[k]);
    });
    params.delete("offset");
    location.search = params.toString();
  }
  function done(el, chart, points) {
    el.setAttribute("data-points", String(points));
    el.setAttribute("data-rendered", "1");
    if (chart) charts.push(chart);
  }
  function empty(el, message) {
    var p = document.createElement("p");
    p.className = "chart-empty";
    p.textContent = message;
    el.appendChild(p);
    done(el, null, 0);
  }
  function addDays(iso, n) {
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }
  function periodEnd(iso, bucket) {
    if (bucket === "day") return iso;
    if (bucket === "week") return addDays(iso, 6);
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCMonth(d.getUTCMonth() + 1);
    d.setUTCDate(0);
    return d.toISOString().slice(0, 10);
  }

  function timeline() {
    var el = document.getElementById("chart-timeline");
    var t = stats.timeline;
    var total = 0;
    Object.keys(t.series).forEach(function (q) { t.series[q].forEach(function (n) { total += n; }); });
    if (!t.periods.length || !total) return empty(el, "No dated events match these filters.");
    var chart = echarts.init(el);
    var label = function (p) { return t.bucket === "month" ? p.slice(0, 7) : t.bucket === "week" ? "w/c " + p : p; };
    chart.setOption({
      animation: false,
      color: [COLOUR[1], COLOUR[2], COLOUR[3], COLOUR[4]],
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 40 },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: function (items) {
          var lines = [esc(items.length ? items[0].axisValueLabel : "")];
          items.forEach(function (it) { if (it.value) lines.push(esc(it.seriesName) + ": " + esc(it.value)); });
          return lines.join("<br>");
        }
      },
      xAxis: { type: "category", data: t.periods.map(label) },
      yAxis: { type: "value", minInterval: 1, name: "events" },
      series: [1, 2, 3, 4].map(function (q) {
        return { name: QUAD[q], type: "bar", stack: "events", data: t.series[String(q)], emphasis: { focus: "series" } };
      })
    });
    chart.on("click", function (p) {
      var start = t.periods[p.dataIndex];
      go({ start: start, end: periodEnd(start, t.bucket), quad_class: String(p.seriesIndex + 1) });
    });
    done(el, chart, total);
  }

  function network() {
    var el = document.getElementById("chart-network");
    var net = stats.network;
    if (!net.nodes.length) return empty(el, "No coded actors match these filters.");
    var max = Math.max.apply(null, net.nodes.map(function (n) { return n.n; }));
    var chart = echarts.init(el);
    var maxEdge = Math.max.apply(null, net.edges.map(function (e) { return e.n; }).concat([1]));
    chart.setOption({
      animation: false,
      tooltip: {
        formatter: function (p) {
          if (p.dataType === "edge") {
            var e = p.data.raw;
            return esc(e.source) + " \u2192 " + esc(e.target) + "<br>" + esc(e.n) + " event" + (e.n === 1 ? "" : "s") + ", " + esc(QUAD[e.quad_class] || "");
          }
          return esc(p.data.raw.code) + "<br>" + esc(p.data.raw.label) + "<br>" + esc(p.data.raw.n) + " events";
        }
      },
      series: [{
        type: "graph",
        layout: "force",
        roam: true,
        draggable: true,
        force: { repulsion: 220, edgeLength: [60, 160], gravity: 0.08 },
        label: { show: true, position: "right", fontSize: 11 },
        edgeSymbol: ["none", "arrow"],
        edgeSymbolSize: 7,
        autoCurveness: true,
        data: net.nodes.map(function (n) {
          return { id: n.code, name: n.code, raw: n, symbolSize: 8 + 26 * Math.sqrt(n.n / max), itemStyle: { color: "#5b7a99" } };
        }),
        links: net.edges.map(function (e) {
          return { source: e.source, target: e.target, raw: e, lineStyle: { color: COLOUR[e.quad_class] || COLOUR[0], width: 1 + 5 * e.n / maxEdge, opacity: 0.85 } };
        }),
      }]
    });
    chart.on("click", function (p) {
      if (p.dataType === "node") go({ actor: p.data.raw.code });
      if (p.dataType === "edge") go({ source: p.data.raw.source, target: p.data.raw.target });
    });
    done(el, chart, net.nodes.length + net.edges.length);
  }

  // Natural Earth rings that cross the antimeridian (Russia, Fiji) are moved east of 180
  // degrees, so a flat projection does not draw them across the whole map; Antarctica is
  // left out.
  function flatWorld(topo) {
    var world = topojson.feature(topo, topo.objects.countries);
    world.features = world.features.filter(function (f) { return f.properties.iso3 !== "ATA"; });
    world.features.forEach(function (f) {
      var g = f.geometry;
      if (!g) return;
      var polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
      polygons.forEach(function (poly) {
        poly.forEach(function (ring) {
          var lons = ring.map(function (pt) { return pt[0]; });
          if (Math.max.apply(null, lons) - Math.min.apply(null, lons) > 180) {
            ring.forEach(function (pt) { if (pt[0] < 0) pt[0] += 360; });
          }
        });
      });
    });
    return world;
  }
  function shade(n, max) {
    // light to dark blue by the square root of the share of the busiest country
    var t = Math.sqrt(n / max);
    var from = [227, 237, 247], to = [31, 95, 153];
    var c = from.map(function (v, i) { return Math.round(v + (to[i] - v) * t); });
    return "rgb(" + c.join(",") + ")";
  }

  function map() {
    var el = document.getElementById("chart-map");
    if (!stats.countries.length && !stats.places.length) return empty(el, "No places or countries in these events.");
    fetch("/static/vendor/world-atlas/countries-110m.iso3.json", { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (topo) {
        echarts.registerMap("world", flatWorld(topo));
        var chart = echarts.init(el);
        var byCountry = {};
        stats.countries.forEach(function (c) { byCountry[c.country] = c; });
        var maxN = Math.max.apply(null, stats.countries.map(function (c) { return c.n; }).concat([1]));
        var maxP = Math.max.apply(null, stats.places.map(function (p) { return p.n; }).concat([1]));
        chart.setOption({
          animation: false,
          tooltip: {
            trigger: "item",
            formatter: function (p) {
              if (p.seriesType === "scatter") {
                var pl = p.data.raw;
                return esc(pl.name) + " (" + esc(pl.country) + ")<br>" + esc(pl.n) + " event" + (pl.n === 1 ? "" : "s") + " placed here";
              }
              var c = byCountry[p.name];
              if (!c) return esc(p.name) + ": no events";
              return esc(c.name) + "<br>" + esc(c.n) + " event" + (c.n === 1 ? "" : "s") + " involve it" + (c.placed ? "<br>" + esc(c.placed) + " placed there" : "");
            }
          },
          geo: {
            map: "world", nameProperty: "iso3", roam: true, zoom: 1, top: 10, bottom: 10,
            tooltip: { show: true },
            label: { show: false },
            itemStyle: { areaColor: "#f2f4f6", borderColor: "#b8c2cc", borderWidth: 0.5 },
            emphasis: { itemStyle: { areaColor: "#ffe08a" }, label: { show: false } },
            select: { disabled: true },
            regions: stats.countries.map(function (c) {
              return { name: c.country, itemStyle: { areaColor: shade(c.n, maxN) } };
            })
          },
          series: [{
            type: "scatter", coordinateSystem: "geo", zlevel: 2,
            symbolSize: function (v, p) { return 8 + 14 * Math.sqrt(p.data.raw.n / maxP); },
            data: stats.places.map(function (pl) {
              return { name: pl.name, value: [pl.lon, pl.lat], raw: pl, itemStyle: { color: COLOUR[pl.quad_class] || COLOUR[0], borderColor: "#fff", borderWidth: 1 } };
            })
          }]
        });
        chart.on("click", function (p) {
          if (p.seriesType === "scatter") go({ country: p.data.raw.country });
          else if (p.componentType === "geo" && byCountry[p.name]) go({ country: p.name });
        });
        el.setAttribute("data-countries", String(stats.countries.length));
        el.setAttribute("data-places", String(stats.places.length));
        done(el, chart, stats.countries.length + stats.places.length);
        finish();
      })
      .catch(function (err) { empty(el, "The map could not be drawn: " + err); finish(); });
  }

  var pending = 1;
  function finish() {
    pending -= 1;
    if (pending <= 0) document.body.setAttribute("data-charts-ms", String(Math.round(performance.now() - started)));
  }
  timeline();
  network();
  map();
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
