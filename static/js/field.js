/* 网格通: patrol with a GPS track, report (optionally closed on the spot), verify on site,
   household visits. Everything that writes goes through the outbox (outbox.js). */
(function () {
  "use strict";
  var PATROL = "tx-field-patrol", IDS = "tx-field-patrol-ids";
  function $(sel, root) { return (root || document).querySelector(sel); }
  function load(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }
  function store(key, value) { localStorage.setItem(key, JSON.stringify(value)); }

  /* ------------------------------------------------------------ outbox handlers */
  function serverId(clientId) {
    var id = load(IDS, {})[clientId];
    return id ? Promise.resolve(id) : Promise.reject({ status: 0, body: { detail: "patrol not started" } });
  }
  Outbox.register("patrol_start", function (item) {
    return TX.api("POST", "/field/patrols", { client_id: item.clientId, started_at: item.at }).then(function (p) {
      var ids = load(IDS, {}); ids[item.clientId] = p.id; store(IDS, ids); return p;
    });
  });
  Outbox.register("patrol_points", function (item) {
    return serverId(item.clientId).then(function (id) {
      return TX.api("POST", "/field/patrols/" + id + "/points", { points: item.points });
    });
  });
  Outbox.register("patrol_stop", function (item) {
    return serverId(item.clientId).then(function (id) {
      return TX.api("POST", "/field/patrols/" + id + "/stop", { ended_at: item.at });
    });
  });
  Outbox.register("visit", function (item) {
    return TX.api("POST", "/field/visits", Object.assign({ client_id: item.key }, item.visit));
  });
  Outbox.register("person_visit", function (item) {
    return TX.api("POST", "/people/" + item.person + "/visits", Object.assign({ client_id: item.key }, item.visit));
  });

  /* ------------------------------------------------------------ patrol */
  function patrol(box) {
    var state = $("[data-patrol-state]", box), start = $("[data-patrol-start]", box);
    var stop = $("[data-patrol-stop]", box), watch = null, timer = null;

    function show() {
      var p = load(PATROL, null);
      start.hidden = !!p; stop.hidden = !p;
      state.setAttribute("data-points", p ? String(p.count || 0) : "");
      state.textContent = p ? TX.t("patrolling", {
        time: new Date(p.startedAt).toLocaleTimeString(), n: p.count || 0 }) : TX.t("not_patrolling");
    }
    function sendPoints() {
      var p = load(PATROL, null);
      if (!p || !p.buffer || !p.buffer.length) { return Promise.resolve(); }
      var points = p.buffer; p.buffer = []; store(PATROL, p);
      return Outbox.add("patrol_points", { clientId: p.clientId, points: points });
    }
    function track() {
      if (!navigator.geolocation) { return; }
      watch = navigator.geolocation.watchPosition(function (pos) {
        var p = load(PATROL, null);
        if (!p) { return; }
        var at = new Date(pos.timestamp || Date.now()).toISOString();
        if (at === p.lastAt) { return; }  // the same fix reported again (a cached position)
        p.lastAt = at;
        p.buffer = p.buffer || [];
        p.buffer.push({ at: at, lat: pos.coords.latitude, lng: pos.coords.longitude,
          accuracy: pos.coords.accuracy });
        p.count = (p.count || 0) + 1; store(PATROL, p); show();
      }, function () {}, { enableHighAccuracy: true, maximumAge: 5000 });
      timer = setInterval(sendPoints, 30000);
    }
    start.addEventListener("click", function () {
      var p = { clientId: TX.uuid(), startedAt: new Date().toISOString(), buffer: [], count: 0 };
      store(PATROL, p);
      Outbox.add("patrol_start", { clientId: p.clientId, at: p.startedAt });
      track(); show();
    });
    stop.addEventListener("click", function () {
      var p = load(PATROL, null);
      if (watch !== null) { navigator.geolocation.clearWatch(watch); watch = null; }
      clearInterval(timer);
      sendPoints().then(function () {
        localStorage.removeItem(PATROL); show();
        return Outbox.add("patrol_stop", { clientId: p.clientId, at: new Date().toISOString() });
      });
    });
    if (load(PATROL, null)) { track(); }  // a reload during a patrol keeps tracking
    show();
  }

  /* ------------------------------------------------------------ report */
  function report(form) {
    var files = [], result = $("[data-result]", form), pick = MapPick(form);
    var onSpot = $("[data-on-spot]", form), note = $("[data-note]", form);
    onSpot.addEventListener("change", function () {
      note.hidden = !onSpot.checked; $("[data-note-label]", form).hidden = !onSpot.checked;
    });
    var photo = $("[data-photo]", form), previews = $("[data-previews]", form);
    photo.addEventListener("change", function () {
      Array.prototype.forEach.call(photo.files, function (f) {
        files.push(f);
        var img = document.createElement("img");
        img.alt = f.name; img.src = URL.createObjectURL(f);
        var s = document.createElement("span"); s.className = "preview"; s.appendChild(img);
        previews.appendChild(s);
      });
      photo.value = "";
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var text = $("#f-text", form).value.trim();
      if (!text) { result.textContent = TX.t("need_text"); return; }
      if (onSpot.checked && !note.value.trim()) { result.textContent = TX.t("need_note"); note.focus(); return; }
      var body = { channel: "grid", title: text.split("\n")[0].slice(0, 60), description: text };
      var where = pick.value();
      if (where) { body.lat = where.lat; body.lng = where.lng; }
      Outbox.add("report", { report: body, files: files.slice(),
                             closeNote: onSpot.checked ? note.value.trim() : "" }).then(function () {
        if (!navigator.onLine) { result.textContent = TX.t("report_queued"); }
        form.reset(); files = []; previews.textContent = ""; note.hidden = true;
        $("[data-note-label]", form).hidden = true;
        var keep = where; pick.clear();
        if (keep) { form.querySelector("[data-lat]").value = keep.lat; form.querySelector("[data-lng]").value = keep.lng; }
      });
    });
    Outbox.on(function (ev) {
      if (ev.type === "sent" && ev.item.kind === "report") {
        result.textContent = TX.t("report_sent", { number: ev.result.number });
        result.setAttribute("data-number", ev.result.number);
      }
    });
    pick.locate();
  }

  /* ------------------------------------------------------------ outbox list */
  function outboxList() {
    var list = $("[data-outbox-list]"), empty = $("[data-outbox-empty]");
    function render() {
      Outbox.all().then(function (items) {
        list.textContent = "";
        items.forEach(function (item) {
          var li = document.createElement("li");
          li.setAttribute("data-outbox-item", item.kind);
          li.textContent = TX.t("kind_" + item.kind) + " · " + new Date(item.created).toLocaleTimeString();
          if (item.failed) { li.className = "failed"; li.textContent += " — " + TX.t("failed", { reason: item.failed }); }
          list.appendChild(li);
        });
        empty.hidden = items.length > 0;
      });
    }
    Outbox.on(render);
    window.addEventListener("offline", render);
    render();
  }

  /* ------------------------------------------------------------ verify, visits */
  function verify() {
    document.querySelectorAll("[data-verify]").forEach(function (b) {
      b.addEventListener("click", function () {
        b.disabled = true;
        TX.api("POST", "/cases/" + b.getAttribute("data-verify") + "/actions/verify_pass", { note: "" })
          .then(function () { b.textContent = TX.t("verified"); }, function (err) {
            b.disabled = false; alert(TX.errorText(err));
          });
      });
    });
  }
  /* A visit to a person of the grid's base data: queued like everything else, so it is
     recorded the same offline; the server keeps it once per client id. */
  function visits(box) {
    if (!box) { return; }
    var here = null;
    function nearestFirst() {
      // Overdue rows stay first (the server's order); within each group, the nearest first.
      var rows = Array.prototype.slice.call(box.querySelectorAll("[data-due-person]"));
      function dist(el) {
        if (!here || !el.hasAttribute("data-lat")) { return Infinity; }
        var dy = parseFloat(el.getAttribute("data-lat")) - here.lat;
        var dx = (parseFloat(el.getAttribute("data-lng")) - here.lng) * Math.cos(here.lat * Math.PI / 180);
        return dx * dx + dy * dy;
      }
      rows.sort(function (a, b) {
        var oa = a.classList.contains("is-overdue") ? 0 : 1, ob = b.classList.contains("is-overdue") ? 0 : 1;
        return oa - ob || dist(a) - dist(b);
      });
      var anchor = box.querySelector("h2").nextElementSibling;
      rows.forEach(function (el) { anchor.parentNode.insertBefore(el, anchor.nextSibling); anchor = el; });
    }
    if (navigator.geolocation) {
      navigator.geolocation.getCurrentPosition(function (pos) {
        here = { lat: pos.coords.latitude, lng: pos.coords.longitude }; nearestFirst();
      }, function () {}, { maximumAge: 60000 });
    }
    box.querySelectorAll("[data-person-visit]").forEach(function (form) {
      var out = $("[data-visit-result]", form);
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var field = form.elements.field.value, visit = {
          note: form.elements.note.value.trim(), visited_at: new Date().toISOString(),
          proposals: field ? [{ field: field, value: form.elements.value.value.trim(),
                                reason: form.elements.reason.value.trim() }] : []
        };
        if (here) { visit.lat = here.lat; visit.lng = here.lng; }
        Outbox.add("person_visit", { person: form.getAttribute("data-person-visit"), visit: visit }).then(function () {
          form.reset();
          out.textContent = navigator.onLine ? TX.t("visit_sent") : TX.t("visit_queued");
          form.closest("[data-due-person]").setAttribute("data-visited", "1");
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    patrol($("[data-patrol]"));
    report($("[data-field-report]"));
    outboxList(); verify(); visits($("[data-visits]"));
    Outbox.flush();
  });
})();
