/* Tongxin front-line apps: the API client, translated strings, network status and the
   service worker registration. No framework; every page script builds on window.TX. */
(function () {
  "use strict";
  var stringsEl = document.getElementById("tx-strings");
  var S = stringsEl ? JSON.parse(stringsEl.textContent) : {};

  function t(key, params) {
    var text = S[key] || key;
    Object.keys(params || {}).forEach(function (k) {
      text = text.split("%(" + k + ")s").join(String(params[k]));
    });
    return text;
  }

  function cookie(name) {
    var m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : "";
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    // Plain-HTTP intranet pages are not a secure context: build a v4 UUID by hand.
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  /* A network failure rejects with {offline: true}; an HTTP error with {status, body}. */
  function api(method, path, body, headers) {
    var opts = { method: method, credentials: "same-origin", headers: Object.assign({
      "Accept": "application/json", "X-CSRFToken": cookie("csrftoken") }, headers || {}) };
    if (body instanceof FormData) { opts.body = body; }
    else if (body !== undefined) {
      opts.body = JSON.stringify(body); opts.headers["Content-Type"] = "application/json";
    }
    return fetch("/api/v1" + path, opts).then(function (r) {
      return r.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = { detail: text }; }
        if (!r.ok) { return Promise.reject({ status: r.status, body: data || {} }); }
        return data;
      });
    }, function () { return Promise.reject({ offline: true }); });
  }

  function errorText(err) {
    if (err && err.body && err.body.detail) { return err.body.detail; }
    return t("error");
  }

  function showNet() {
    var el = document.querySelector("[data-net-status]");
    if (!el) { return; }
    el.textContent = navigator.onLine ? "" : t("offline");
    el.classList.toggle("is-offline", !navigator.onLine);
  }
  window.addEventListener("online", showNet);
  window.addEventListener("offline", showNet);
  document.addEventListener("DOMContentLoaded", showNet);

  var sw = document.body.getAttribute("data-sw");
  if (sw && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(sw, { scope: document.body.getAttribute("data-sw-scope") })
      .catch(function () { /* the app works without it, only not offline */ });
  }

  window.TX = { t: t, api: api, uuid: uuid, errorText: errorText, cookie: cookie };
})();
