/* The 15分钟调解圈 map (self-hosted Leaflet, no tiles needed): each mediation point with its
   circle of straight-line reach, grids green within the budget and red outside. Data from the
   json_script "circle-data" (strict CSP: no inline script). */
(function () {
  "use strict";
  var el = document.getElementById("circle-map");
  var source = document.getElementById("circle-data");
  if (!el || !source || !window.L) { return; }
  var data = JSON.parse(source.textContent);
  var map = window.L.map(el, { zoomSnap: 1, maxZoom: 19, scrollWheelZoom: false });
  var grids = window.L.geoJSON({ type: "FeatureCollection", features: data.grids }, {
    style: function (f) {
      var ok = f.properties.within;
      return { color: ok ? "#1a7f37" : "#d92d20", weight: 1, fillOpacity: ok ? 0.12 : 0.25 };
    },
    onEachFeature: function (f, layer) {
      layer.bindTooltip(f.properties.name + " · " + f.properties.minutes + " min");
    }
  });
  var bounds = grids.getBounds();
  data.points.forEach(function (p) { bounds.extend([p.lat, p.lng]); });
  if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12] }); } else { map.setView([34.8, 117.55], 12); }
  grids.addTo(map);
  data.points.forEach(function (p) {
    window.L.circle([p.lat, p.lng], { radius: data.reach_m, color: "#2f7dd1", weight: 1.5,
      fillOpacity: 0.08, className: "reach" }).addTo(map);
    window.L.circleMarker([p.lat, p.lng], { radius: 7, color: "#fff", weight: 2,
      fillColor: "#2f7dd1", fillOpacity: 1, className: "mediation-point" })
      .bindTooltip(p.name).addTo(map);
  });
  el.dataset.points = String(data.points.length);
  el.dataset.loaded = "true";
})();
