/* The case queues, live: when a case changes (static/js/live.js), the results are fetched
   again through htmx into #results — the same request the filter form makes — a moment
   later, once for a burst of changes; never a whole-page reload. */
(function () {
  "use strict";
  var results = document.querySelector("[data-live-refresh]");
  if (!results) { return; }
  var pending = null;
  document.addEventListener("tx:case", function () {
    if (pending || !window.htmx) { return; }
    pending = window.setTimeout(function () {
      pending = null;
      window.htmx.ajax("GET", window.location.pathname + window.location.search,
                       { target: "#results", swap: "innerHTML" });
    }, 800);
  });
})();
