/* Command-center dashboard and big screen: fetch the JSON named in data-endpoint, draw the
   ECharts figures, refresh every data-refresh seconds. No inline script (strict CSP). */
(function () {
  "use strict";
  var root = document.getElementById("dashboard");
  if (!root || !window.echarts) { return; }
  var dark = root.dataset.theme === "dark";
  var charts = {};
  var periodSelect = root.querySelector("[data-role=period]");
  var lang = document.documentElement.lang || "zh-hans";
  var fg = dark ? "#d7e6ff" : "#17212b";
  // The platform's time zone (Asia/Shanghai), not the browser's: a wall screen or a laptop
  // set to another zone must still show the command center's time.
  var zone = { timeZone: root.dataset.timeZone || "Asia/Shanghai" };

  function chart(name) {
    if (!charts[name]) {
      var el = root.querySelector("[data-chart=" + name + "]");
      charts[name] = window.echarts.init(el, dark ? "dark" : null, { renderer: "canvas" });
    }
    return charts[name];
  }

  function pct(v) { return v === null || v === undefined ? "—" : (v * 100).toFixed(1) + "%"; }
  function text(el, value) { el.textContent = value; }
  function base() {
    return { backgroundColor: "transparent", textStyle: { color: fg },
             tooltip: { trigger: "item" }, animation: false };
  }

  function barOption(rows, valueKey, horizontal) {
    var names = rows.map(function (r) { return r.name; });
    var values = rows.map(function (r) { return r[valueKey]; });
    var cat = { type: "category", data: names, axisLabel: { color: fg, interval: 0 } };
    var val = { type: "value", axisLabel: { color: fg } };
    return Object.assign(base(), {
      grid: { left: horizontal ? 110 : 40, right: 20, top: 20, bottom: 40 },
      xAxis: horizontal ? val : cat, yAxis: horizontal ? Object.assign(cat, { inverse: true }) : val,
      series: [{ type: "bar", data: values, itemStyle: { color: "#2f7dd1" } }]
    });
  }

  function draw(data) {
    var labels = data.labels || {};
    root.querySelectorAll("[data-label]").forEach(function (el) {
      if (labels[el.dataset.label]) { text(el, labels[el.dataset.label]); }
    });
    var cohort = root.querySelector("[data-role=cohort]");
    if (cohort) { text(cohort, data.cohort || ""); }
    root.querySelectorAll("[data-base]").forEach(function (el) {
      var b = (data.bases || {})[el.dataset.base];
      text(el, b ? b.text : "");
      if (b) { el.dataset.n = b.n; el.dataset.numerator = b.numerator; }
    });
    root.querySelectorAll("[data-kpi]").forEach(function (el) {
      var v = data.kpis[el.dataset.kpi];
      text(el, el.dataset.format === "pct" ? pct(v) : (v === null || v === undefined ? "—" : v.toLocaleString(lang)));
    });
    chart("channels").setOption(Object.assign(base(), {
      tooltip: { trigger: "axis" }, legend: { textStyle: { color: fg } },
      grid: { left: 40, right: 20, top: 30, bottom: 40 },
      xAxis: { type: "category", data: data.channels.map(function (c) { return c.name; }),
               axisLabel: { color: fg, interval: 0, rotate: 30 } },
      yAxis: { type: "value", axisLabel: { color: fg } },
      series: [
        { name: root.querySelector("[data-kpi=today]").previousElementSibling.textContent,
          type: "bar", data: data.channels.map(function (c) { return c.today; }) },
        { name: labels.received || "", type: "bar", data: data.channels.map(function (c) { return c.month; }) }
      ]
    }), true);
    chart("funnel").setOption(Object.assign(base(), {
      series: [{ type: "funnel", left: "5%", width: "60%", sort: "none",
                 label: { color: fg, formatter: "{b}: {c}" },
                 data: data.funnel.map(function (s) { return { name: s.name, value: s.count }; }) }]
    }), true);
    chart("statuses").setOption(Object.assign(base(), {
      series: [{ type: "pie", radius: ["35%", "70%"], label: { color: fg },
                 data: data.statuses.filter(function (s) { return s.count > 0; })
                   .map(function (s) { return { name: s.name, value: s.count }; }) }]
    }), true);
    chart("trend").setOption(Object.assign(base(), {
      tooltip: { trigger: "axis" }, grid: { left: 40, right: 20, top: 20, bottom: 30 },
      xAxis: { type: "category", data: data.trend.map(function (d) { return d.day.slice(5); }),
               axisLabel: { color: fg } },
      yAxis: { type: "value", axisLabel: { color: fg } },
      series: [{ type: "line", smooth: true, areaStyle: { opacity: 0.15 },
                 data: data.trend.map(function (d) { return d.received; }) },
               { type: "line", smooth: true, data: data.trend.map(function (d) { return d.closed; }) }]
    }), true);
    chart("categories").setOption(barOption(data.categories, "received", true), true);
    chart("places").setOption(barOption(data.places, "received", true), true);
    fillFunnel(data.funnel);
    fillUnits(data.units);
    fillOverdue(data.overdue);
    fillUrgent(data.urgent_adjudicating || []);
    fillWarnings(data.warnings);
    fillMediation(data.mediation);
    fillDevices(data.devices);
    var updated = root.querySelector("[data-role=updated]");
    if (updated) { text(updated, new Date(data.generated_at).toLocaleTimeString(lang, zone)); }
    root.dataset.loaded = "true";
  }

  function row(cells) {
    var tr = document.createElement("tr");
    cells.forEach(function (c) {
      var td = document.createElement("td");
      if (c && c.href) {
        var a = document.createElement("a"); a.href = c.href; a.textContent = c.text; td.appendChild(a);
      } else { td.textContent = c; }
      tr.appendChild(td);
    });
    return tr;
  }

  function fillFunnel(stages) {
    var list = root.querySelector("[data-table=funnel]");
    if (!list) { return; }
    list.replaceChildren.apply(list, stages.map(function (s) {
      var li = document.createElement("li"); li.dataset.stage = s.key; li.dataset.count = s.count;
      var a = document.createElement("a"); a.href = s.url; a.textContent = s.name + " " + s.count;
      li.appendChild(a); return li;
    }));
  }

  function fillUnits(units) {
    var body = root.querySelector("[data-table=units] tbody");
    body.replaceChildren.apply(body, units.map(function (u) {
      return row([u.rank, u.name, u.received, pct(u.closure_rate), pct(u.on_time_closure_rate),
                  pct(u.satisfaction_rate), u.score === null ? "—" : u.score.toFixed(1)]);
    }));
  }

  function fillOverdue(cases) {
    var body = root.querySelector("[data-table=overdue] tbody");
    body.replaceChildren.apply(body, cases.map(function (c) {
      return row([{ href: c.url, text: c.number + " " + c.title }, c.street, c.unit, c.hours_over]);
    }));
  }

  function fillUrgent(cases) {
    var body = root.querySelector("[data-table=urgent] tbody");
    if (!body) { return; }
    body.replaceChildren.apply(body, cases.map(function (c) {
      var tr = row([{ href: c.url, text: c.number + " " + c.title }, c.street,
                    c.hours_left === null ? "—" : c.hours_left, c.warning_label]);
      tr.className = "warning-" + c.warning;
      return tr;
    }));
  }

  // The mediation centre beside the 12345 figures: the period's total, then by committee.
  function fillMediation(m) {
    var body = root.querySelector("[data-table=mediation] tbody");
    if (!body || !m) { return; }
    var rows = (m.total ? [Object.assign({}, m.total, { name: body.dataset.totalLabel })] : [])
      .concat(m.orgs);
    body.replaceChildren.apply(body, rows.map(function (r) {
      return row([r.name, r.received, pct(r.success_rate), pct(r.performance_rate),
                  r.avg_days === null ? "—" : r.avg_days,
                  r.trips_per_dispute === null ? "—" : r.trips_per_dispute]);
    }));
  }

  // Sensors: the open alarms and the devices offline, the longest silent first.
  function fillDevices(d) {
    if (!d) { return; }
    ["alarms", "offline", "maintenance", "devices"].forEach(function (key) {
      var el = root.querySelector("[data-device=" + key + "]");
      if (el) { text(el, String(d[key])); }
    });
    var list = root.querySelector("[data-table=offline]");
    if (!list) { return; }
    list.replaceChildren.apply(list, d.offline_list.map(function (x) {
      var li = document.createElement("li");
      var seen = x.last_seen_at ? new Date(x.last_seen_at).toLocaleString(lang, zone) : "—";
      li.textContent = x.code + " " + x.name + " · " + seen;
      return li;
    }));
  }

  function fillWarnings(warnings) {
    var list = root.querySelector("[data-table=warnings]");
    list.replaceChildren.apply(list, warnings.map(function (w) {
      var li = document.createElement("li"); li.className = "warning-" + w.level;
      var a = document.createElement("a"); a.href = w.url; a.textContent = w.title;
      li.appendChild(a); return li;
    }));
  }

  function load() {
    var url = root.dataset.endpoint + "?period=" + encodeURIComponent(periodSelect ? periodSelect.value : "month");
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(draw)
      .catch(function (e) { root.dataset.error = String(e); });
  }

  function tick() {
    var clock = document.querySelector("[data-role=clock]");
    if (clock) { text(clock, new Date().toLocaleString(lang, zone)); }
  }

  // Live: each case change (static/js/live.js) goes on top of the feed at once, and the
  // figures are fetched again a moment later (one fetch for a burst of changes).
  var pending = null;
  function later() {
    if (pending) { return; }
    pending = window.setTimeout(function () { pending = null; load(); }, 800);
  }
  document.addEventListener("tx:case", function (e) {
    var c = e.detail, list = root.querySelector("[data-table=live]");
    if (list) {
      var empty = list.querySelector("[data-role=live-empty]");
      if (empty) { empty.remove(); }
      var li = document.createElement("li"); li.dataset.number = c.number;
      li.className = c.urgency === "urgent" ? "is-urgent" : "";
      var time = document.createElement("time"); time.dateTime = c.at;
      time.textContent = new Date(c.at).toLocaleTimeString(lang, zone) + " ";
      var a = document.createElement("a"); a.href = c.url; a.textContent = c.number + " " + c.title;
      var st = document.createElement("span"); st.className = "live-status"; st.textContent = c.status_label;
      li.append(time, a, st);
      list.prepend(li);
      while (list.children.length > 30) { list.lastElementChild.remove(); }
    }
    later();
  });
  if (periodSelect) { periodSelect.addEventListener("change", load); }
  window.addEventListener("resize", function () {
    Object.keys(charts).forEach(function (k) { charts[k].resize(); });
  });
  load();
  tick();
  setInterval(tick, 1000);
  setInterval(load, (parseInt(root.dataset.refresh, 10) || 60) * 1000);
})();
