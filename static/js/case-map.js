/* The case page's small map (self-hosted Leaflet, no tiles needed): the case's point, its
   grid's outline and the open cases nearby, each linking to its page. Data from the
   json_script "case-place" (strict CSP: no inline script). */
(function () {
  "use strict";
  var el = document.getElementById("case-place-map");
  var source = document.getElementById("case-place");
  if (!el || !source || !window.L) { return; }
  var place = JSON.parse(source.textContent);
  var map = window.L.map(el, { zoomSnap: 1, maxZoom: 19, scrollWheelZoom: false });
  // The view first: vector layers cannot be drawn on a map without one.
  var here = window.L.latLng(place.point.lat, place.point.lng);
  var grid = place.grid ? window.L.geoJSON(place.grid, {
    style: { color: "#2f7dd1", weight: 2, fillOpacity: 0.06 } }) : null;
  if (grid) {
    map.fitBounds(grid.getBounds().extend(here), { padding: [12, 12], maxZoom: 17 });
    grid.bindTooltip(place.grid.properties.name).addTo(map);
  } else {
    map.setView(here, 16);
  }
  place.nearby.forEach(function (c) {
    var m = window.L.circleMarker([c.lat, c.lng], { radius: 6, color: "#fff", weight: 1.5,
      fillColor: c.warning === "red" ? "#d92d20" : (c.warning === "yellow" ? "#e0a100" : "#7a8699"),
      fillOpacity: 0.9, className: "nearby-case" });
    var link = document.createElement("a"); link.href = c.url; link.textContent = c.number + " " + c.title;
    link.className = "case-link";
    m.bindPopup(link).addTo(map);
  });
  window.L.circleMarker(here, { radius: 9, color: "#fff", weight: 2, fillColor: "#d92d20",
    fillOpacity: 1, className: "case-point" }).bindTooltip(place.point.number).addTo(map);
  el.dataset.nearby = String(place.nearby.length);
  el.dataset.grid = place.grid ? "true" : "false";
  el.dataset.loaded = "true";
})();
