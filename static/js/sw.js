/* Service worker of the portal and the field app (served by Django at /portal/sw.js and
   /field/sw.js with TX_CACHE and TX_SHELL defined in front). Pages: network first, the cached
   copy when offline. Static files: cache first. The API is never cached: the outbox in the
   page keeps what could not be sent. */
self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(TX_CACHE).then(function (cache) {
    return Promise.all(TX_SHELL.map(function (url) {
      return cache.add(new Request(url, { credentials: "same-origin" })).catch(function () {});
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf("tx-") === 0 && k !== TX_CACHE && k.split("-")[1] === TX_CACHE.split("-")[1];
    }).map(function (k) { return caches["delete"](k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var req = event.request;
  var url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/api/") === 0) { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(req, { ignoreVary: true }).then(function (hit) {
      return hit || fetch(req).then(function (res) {
        var copy = res.clone();
        caches.open(TX_CACHE).then(function (c) { c.put(req, copy); });
        return res;
      });
    }));
    return;
  }
  if (req.mode === "navigate") {
    event.respondWith(fetch(req).then(function (res) {
      if (res.ok) {
        var copy = res.clone();
        caches.open(TX_CACHE).then(function (c) { c.put(req, copy); });
      }
      return res;
    }, function () {
      // Pages vary on Cookie and Accept-Language; offline, the copy cached for this user is
      // the right one whatever the request headers say now.
      return caches.match(req, { ignoreVary: true }).then(function (hit) {
        return hit || caches.match(TX_SHELL[0], { ignoreVary: true });
      });
    }));
  }
});
