/* Command-center map (一张图): region polygons, case clusters coloured by status and warning,
   an h3 hotspot layer, filters, click-through to the case. Tiles only when configured; with
   none the polygons sit on a plain background, so the map works with no network. */
(function () {
  "use strict";
  var el = document.getElementById("case-map");
  if (!el || !window.L) { return; }
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var form = document.getElementById("map-filters");
  var status = form.querySelector("[data-role=map-status]");
  // maxZoom is needed by the cluster layer when no tile layer sets one.
  var map = window.L.map(el, { zoomSnap: 1, minZoom: 8, maxZoom: 19 });
  var COLORS = { open: "#2f7dd1", yellow: "#e0a100", red: "#d92d20", closed: "#7a8699" };
  var CLOSED = ["closed", "rejected"];
  if (config.tileUrl) {
    window.L.tileLayer(config.tileUrl, { attribution: config.tileAttribution || "", maxZoom: 18 }).addTo(map);
  } else {
    el.classList.add("no-tiles");
  }
  var regionLayers = {};
  var hexLayer = window.L.geoJSON(null, { style: hexStyle, interactive: false });
  var clusterLayer = window.L.layerGroup();
  var pointLayer = window.L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
  clusterLayer.addTo(map); pointLayer.addTo(map); hexLayer.addTo(map);
  var ready = false, seq = 0;
  // The endpoints, read once: the element's data-* attributes also carry the map's state
  // for tests (data-hex-count …), and a URL must never be taken from a value the page wrote.
  var ENDPOINTS = Object.freeze({ regions: el.dataset.regions, points: el.dataset.points,
                                  hexes: el.dataset.hexes, objects: el.dataset.objects });
  var objectLayer = window.L.layerGroup().addTo(map);
  // Base data (buildings, places, components) and devices, coloured by kind and state;
  // special populations only as a count per grid.
  var OBJECT_COLORS = { building: "#475467", place: "#7a5af8", component: "#0e9384",
                        online: "#12b76a", offline: "#98a2b3", alarm: "#d92d20" };
  var AREA_COLORS = { road_segment: "#f79009", police_block: "#1849a9", compound: "#ba24d5",
                      river_reach: "#0086c9" };

  function hexStyle(f) {
    var h = f.properties.heat;
    return { color: "#b42318", weight: 0.5, fillColor: "#f04438", fillOpacity: 0.08 + 0.55 * h };
  }

  function params(extra) {
    var q = new URLSearchParams();
    new FormData(form).forEach(function (v, k) { if (v && k !== "hexes" && k !== "objects") { q.set(k, v); } });
    Object.keys(extra || {}).forEach(function (k) { q.set(k, extra[k]); });
    return q.toString();
  }

  // The one way this page builds a request: an absolute URL on this origin from a named
  // endpoint and its query, so no request can resolve against the page's own path.
  function endpoint(name, query) {
    var base = ENDPOINTS[name];
    if (!base) { throw new Error("unknown map endpoint " + name); }
    var url = new URL(base, window.location.origin);
    url.search = query || "";
    return url.href;
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        // A non-JSON answer (an error page) is reported by its status, not as a parse error.
        var json = (r.headers.get("Content-Type") || "").indexOf("json") >= 0;
        if (!json) { throw new Error(String(r.status)); }
        return r.json().then(function (body) { if (!r.ok) { throw new Error(body.error || r.status); } return body; });
      });
  }

  function colour(item) {
    if (CLOSED.indexOf(item.status) >= 0) { return COLORS.closed; }
    return COLORS[item.warning] || COLORS.open;
  }

  function loadRegions() {
    var levels = [["street", 2.2, 0.04], ["community", 1, 0.0], ["grid", 0.4, 0.0]];
    return Promise.all(levels.map(function (lv) {
      return getJSON(endpoint("regions", "level=" + lv[0])).then(function (fc) {
        var layer = window.L.geoJSON(fc, {
          style: { color: "#1456a0", weight: lv[1], fill: lv[2] > 0, fillColor: "#1456a0", fillOpacity: lv[2] },
          onEachFeature: function (f, l) { l.bindTooltip(f.properties.name, { sticky: true }); }
        });
        regionLayers[lv[0]] = layer;
        if (lv[0] === "street") { addAreas(fc); }
        return layer;
      });
    })).then(function (layers) {
      var bounds = null;
      layers.forEach(function (l) { if (l.getLayers().length) { bounds = bounds || l.getBounds(); } });
      if (bounds) { map.fitBounds(bounds); } else { map.setView([34.86, 117.55], 12); }
      regionLayers.street.addTo(map);
      regionLayers.street.bringToBack();
      el.dataset.polygons = String(layers.reduce(function (n, l) { return n + l.getLayers().length; }, 0));
      showLevels();
    });
  }

  function addAreas(fc) {
    var select = form.querySelector("[data-role=regions]");
    fc.features.forEach(function (f) {
      var o = document.createElement("option"); o.value = f.properties.id; o.textContent = f.properties.name;
      select.appendChild(o);
    });
  }

  function showLevels() {
    var z = map.getZoom();
    [["community", 13], ["grid", 15]].forEach(function (pair) {
      var layer = regionLayers[pair[0]];
      if (!layer) { return; }
      if (z >= pair[1]) { layer.addTo(map); } else { map.removeLayer(layer); }
    });
  }

  function bbox() {
    var b = map.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (x) { return x.toFixed(5); }).join(",");
  }

  function drawClusters(items) {
    items.forEach(function (c) {
      var tone = c.red ? "red" : (c.yellow ? "yellow" : (c.open ? "open" : "closed"));
      var size = 26 + Math.min(30, Math.round(Math.log(c.count + 1) * 5));
      var icon = window.L.divIcon({ className: "case-cluster tone-" + tone, iconSize: [size, size],
                                     html: "<span>" + c.count + "</span>" });
      var m = window.L.marker([c.lat, c.lng], { icon: icon, title: String(c.count) });
      m.bindTooltip(c.count + " " + el.dataset.labelCases + " · " + c.open + " " + el.dataset.labelOpen +
                    " · " + c.red + " " + el.dataset.labelOverdue);
      m.on("click", function () { map.setView([c.lat, c.lng], Math.min(map.getZoom() + 2, config.pointZoom)); });
      clusterLayer.addLayer(m);
    });
  }

  function drawPoints(items) {
    pointLayer.addLayers(items.map(function (p) {
      var m = window.L.circleMarker([p.lat, p.lng], { radius: 7, color: "#fff", weight: 1.5,
                                                      fillColor: colour(p), fillOpacity: 0.95 });
      var link = document.createElement("a"); link.href = p.url; link.textContent = p.number + " " + p.title;
      link.className = "case-link";
      m.bindPopup(link);
      return m;
    }));
  }

  function drawObjects(data) {
    objectLayer.clearLayers();
    if (!data) { el.dataset.objectCount = "0"; el.dataset.deviceCount = "0"; el.dataset.areaCount = "0"; return; }
    data.items.forEach(function (o) {
      objectLayer.addLayer(window.L.circleMarker([o.lat, o.lng], { radius: 4, weight: 1,
        color: OBJECT_COLORS[o.kind], fillOpacity: 0.7 }).bindTooltip(o.name));
    });
    data.devices.forEach(function (d) {
      var state = d.alarm ? "alarm" : d.state;
      objectLayer.addLayer(window.L.circleMarker([d.lat, d.lng], { radius: 6, weight: 2,
        color: OBJECT_COLORS[state] || OBJECT_COLORS.online, fillOpacity: 0.9 })
        .bindTooltip(d.name + (d.alarm ? " · " + d.alarm : "")));
    });
    data.special.forEach(function (s) {
      objectLayer.addLayer(window.L.marker([s.lat, s.lng], { icon: window.L.divIcon({
        className: "special-count", html: String(s.count), iconSize: [26, 18] }) })
        .bindTooltip(s.grid + " · " + s.count + " " + el.dataset.labelSpecial));
    });
    // Responsibility areas: road segments (their buffer), police blocks, compounds.
    (data.areas || []).forEach(function (f) {
      var p = f.properties;
      var unpatrolled = p.kind === "road_segment" && !p.patrols_today;  // shown red
      objectLayer.addLayer(window.L.geoJSON(f, { style: { color: unpatrolled ? "#d92d20" : (AREA_COLORS[p.kind] || "#667085"),
        weight: 1.5, fillOpacity: 0.15, dashArray: p.kind === "police_block" ? "4 3" : null } })
        .bindTooltip(p.name + " · " + p.unit + (p.chiefs.length ? " · " + p.chiefs.join("、") : "")));
    });
    el.dataset.objectCount = String(data.items.length);
    el.dataset.deviceCount = String(data.devices.length);
    el.dataset.areaCount = String((data.areas || []).length);
  }

  function refresh() {
    if (!ready) { return; }
    var mine = ++seq;
    var z = map.getZoom();
    status.textContent = "…";
    var cases = getJSON(endpoint("points", params({ zoom: z, bbox: bbox() })));
    var wantHexes = form.elements.hexes.checked;
    var hexes = wantHexes ? getJSON(endpoint("hexes", params({ zoom: z }))) : Promise.resolve(null);
    var objects = form.elements.objects.checked ?
      getJSON(endpoint("objects", "bbox=" + bbox())) : Promise.resolve(null);
    Promise.all([cases, hexes, objects]).then(function (res) {
      if (mine !== seq) { return; }
      clusterLayer.clearLayers(); pointLayer.clearLayers(); hexLayer.clearLayers();
      if (res[0].mode === "points") { drawPoints(res[0].items); } else { drawClusters(res[0].items); }
      if (res[1]) { hexLayer.addData(res[1]); }
      drawObjects(res[2]);
      var total = res[0].items.reduce(function (n, i) { return n + (i.count || 1); }, 0);
      status.textContent = total + " " + el.dataset.labelCases + (res[0].truncated ? " +" : "");
      el.dataset.mode = res[0].mode;
      el.dataset.items = String(res[0].items.length);
      el.dataset.hexCount = res[1] ? String(res[1].features.length) : "0";
      delete el.dataset.error;
      el.dataset.loaded = "true";
    }).catch(function (e) { status.textContent = String(e.message || e); el.dataset.error = String(e); });
  }

  // Live (static/js/live.js): a changed case shows at once where it is, then the layer is
  // fetched again (one fetch for a burst of changes).
  var liveLayer = window.L.layerGroup().addTo(map), pending = null;
  document.addEventListener("tx:case", function (e) {
    var c = e.detail;
    if (c.lat === null || c.lng === null) { return; }
    var m = window.L.circleMarker([c.lat, c.lng], { radius: 11, color: "#d92d20", weight: 3,
      fillColor: colour(c), fillOpacity: 0.95, className: "live-marker" });
    var link = document.createElement("a"); link.href = c.url; link.textContent = c.number + " " + c.title;
    link.className = "case-link"; m.bindPopup(link);
    liveLayer.addLayer(m);
    window.setTimeout(function () { liveLayer.removeLayer(m); }, 60000);
    el.dataset.liveNumbers = ((el.dataset.liveNumbers || "") + " " + c.number).trim();
    if (!pending) { pending = window.setTimeout(function () { pending = null; refresh(); }, 800); }
  });
  form.addEventListener("change", refresh);
  form.addEventListener("submit", function (e) { e.preventDefault(); refresh(); });
  map.on("moveend", refresh);
  map.on("zoomend", showLevels);
  loadRegions().then(function () { ready = true; refresh(); })
    .catch(function (e) { status.textContent = String(e.message || e); el.dataset.error = String(e); });
})();
