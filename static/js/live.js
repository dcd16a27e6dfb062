/* Live screens: one EventSource on the case-event stream (GET /api/v1/events/stream); each
   `case` message is handed to the page as a `tx:case` event on document (detail: the case's
   number, status, title, point …). The server ends each stream after half a minute with a
   `retry:` hint and EventSource reconnects with Last-Event-ID, so nothing is missed; if the
   browser gives up (a refused or failed connection), this reconnects with a back-off.
   <html data-live> says "on", "reconnecting" or "off" (no EventSource). No inline script. */
(function () {
  "use strict";
  var me = document.currentScript;
  var url = (me && me.dataset.stream) || "/api/v1/events/stream";
  var root = document.documentElement;
  var delay = 1000;
  if (!window.EventSource) { root.dataset.live = "off"; return; }

  function open() {
    var source = new EventSource(url, { withCredentials: true });
    source.addEventListener("ready", function () { delay = 1000; root.dataset.live = "on"; });
    source.addEventListener("case", function (e) {
      var data;
      try { data = JSON.parse(e.data); } catch (err) { return; }
      document.dispatchEvent(new CustomEvent("tx:case", { detail: data }));
    });
    source.addEventListener("error", function () {
      root.dataset.live = "reconnecting";
      if (source.readyState === EventSource.CLOSED) {
        window.setTimeout(open, delay);
        delay = Math.min(delay * 2, 30000);
      }
    });
  }
  open();
})();
