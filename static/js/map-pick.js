/* A map to place a pin (self-hosted Leaflet, no tile server: the service area's outline is
   the background, so it works on an intranet), plus "use my location". */
(function () {
  "use strict";
  function json(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  window.MapPick = function (root, onChange) {
    var mapEl = root.querySelector("[data-map]");
    var text = root.querySelector("[data-location-text]");
    var lat = root.querySelector("[data-lat]"), lng = root.querySelector("[data-lng]");
    var map = null, marker = null;

    function set(la, ln, how) {
      lat.value = la.toFixed(6); lng.value = ln.toFixed(6);
      if (text) { text.textContent = TX.t("located", { lat: lat.value, lng: lng.value }); }
      if (map) {
        if (marker) { marker.setLatLng([la, ln]); } else {
          marker = L.marker([la, ln], { icon: L.divIcon({ className: "tx-pin", iconSize: [22, 22] }), keyboard: false }).addTo(map);
        }
        if (how !== "tap") { map.setView([la, ln], Math.max(map.getZoom(), 14)); }
      }
      if (onChange) { onChange(la, ln); }
    }

    if (mapEl && window.L) {
      var center = json("tx-center") || [34.8, 117.55];
      map = L.map(mapEl, { attributionControl: false }).setView(center, 11);
      var area = json("tx-area");
      if (area) {
        var layer = L.geoJSON(area, { style: { color: "#1456a0", weight: 2, fillOpacity: 0.06 } }).addTo(map);
        map.fitBounds(layer.getBounds());
      }
      map.on("click", function (e) { set(e.latlng.lat, e.latlng.lng, "tap"); });
    }
    // From a road chief's notice board (?area=…): the report starts on that road.
    var preset = json("tx-preset");
    if (preset) { set(preset[0], preset[1], "preset"); }

    function locate() {
      if (!navigator.geolocation) { if (text) { text.textContent = TX.t("no_location"); } return; }
      if (text) { text.textContent = TX.t("locating"); }
      navigator.geolocation.getCurrentPosition(function (pos) {
        set(pos.coords.latitude, pos.coords.longitude, "gps");
      }, function () { if (text) { text.textContent = TX.t("no_location"); } },
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
    }
    var btn = root.querySelector("[data-locate]");
    if (btn) { btn.addEventListener("click", locate); }
    return {
      locate: locate,
      value: function () { return lat.value ? { lat: parseFloat(lat.value), lng: parseFloat(lng.value) } : null; },
      clear: function () { lat.value = ""; lng.value = ""; if (marker) { marker.remove(); marker = null; } },
    };
  };
})();
