/* Citizen portal: the report form (category suggested while typing, photos, voice note,
   location) sent through the outbox, and the rating buttons of a closed case. */
(function () {
  "use strict";
  function $(root, sel) { return root.querySelector(sel); }

  function reportForm(form) {
    var text = $(form, "#r-text"), suggestBox = $(form, "[data-suggest]");
    var category = $(form, "[data-category]"), result = $(form, "[data-result]");
    var files = [], timer = null, chosen = false, queuing = false;
    // One key per draft, not per tap: a double tap on 提交 sends one report (the outbox item
    // and the server's Idempotency-Key are the same); a new key only once it is queued.
    var draftKey = TX.uuid();
    var rulesEl = document.getElementById("tx-upload-rules");
    var rules = rulesEl ? JSON.parse(rulesEl.textContent) : { limits: {}, types: [] };
    var pick = form.querySelector("[data-map]") ? MapPick(form) : null;

    text.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (text.value.trim().length < 2) { suggestBox.textContent = ""; return; }
        TX.api("GET", "/portal/suggest-category?text=" + encodeURIComponent(text.value.trim().slice(0, 300))).then(function (rows) {
          suggestBox.textContent = "";
          if (!rows.length) { return; }
          var label = document.createElement("span");
          label.textContent = TX.t("suggested") + " ";
          suggestBox.appendChild(label);
          if (!chosen) { category.value = rows[0].code; }
          rows.forEach(function (row) {
            var b = document.createElement("button");
            b.type = "button"; b.className = "chip"; b.textContent = row.name;
            b.setAttribute("data-code", row.code);
            b.setAttribute("aria-pressed", String(category.value === row.code));
            b.addEventListener("click", function () {
              chosen = true; category.value = row.code;
              suggestBox.querySelectorAll(".chip").forEach(function (c) {
                c.setAttribute("aria-pressed", String(c === b));
              });
            });
            suggestBox.appendChild(b);
          });
        }, function () { /* offline: no suggestion, the dispatcher classifies */ });
      }, 250);
    });

    var photo = $(form, "[data-photo]"), previews = $(form, "[data-previews]");
    function preview(file) {
      var item = document.createElement("span");
      item.className = "preview";
      if (file.type.indexOf("image/") === 0) {
        var img = document.createElement("img");
        img.alt = file.name; img.src = URL.createObjectURL(file);
        item.appendChild(img);
      } else { item.textContent = file.name || file.type; }
      previews.appendChild(item);
    }
    // The server's own rules (kind and size), checked before a file joins the draft: a
    // refused file is said at once and the typed text stays.
    function refusal(file) {
      var kind = (file.type || "").split("/")[0], limit = rules.limits[kind];
      if (!limit || rules.types.indexOf(file.type) < 0) { return TX.t("file_kind", { name: file.name }); }
      if (file.size > limit) {
        return TX.t("file_size", { name: file.name, mb: Math.round(limit / 1048576) });
      }
      return "";
    }
    if (photo) {
      photo.addEventListener("change", function () {
        var refused = [];
        Array.prototype.forEach.call(photo.files, function (f) {
          var why = refusal(f);
          if (why) { refused.push(why); } else { files.push(f); preview(f); }
        });
        result.textContent = refused.join(" ");
        result.toggleAttribute("data-refused", refused.length > 0);
        photo.value = "";
      });
    }
    var voice = $(form, "[data-voice]"), recorder = null;
    if (voice) {
      voice.addEventListener("click", function () {
        if (recorder) { recorder.stop(); return; }
        if (!navigator.mediaDevices || !window.MediaRecorder) { result.textContent = TX.t("no_mic"); return; }
        navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
          var chunks = [];
          recorder = new MediaRecorder(stream);
          recorder.ondataavailable = function (e) { chunks.push(e.data); };
          recorder.onstop = function () {
            stream.getTracks().forEach(function (tr) { tr.stop(); });
            var blob = new File(chunks, "voice.webm", { type: recorder.mimeType || "audio/webm" });
            recorder = null; files.push(blob); preview(blob);
            voice.textContent = TX.t("recorded");
          };
          recorder.start(); voice.textContent = TX.t("recording");
        }, function () { result.textContent = TX.t("no_mic"); });
      });
    }

    var counter = $(form, "[data-outbox-count]"), stuck = $(form, "[data-outbox-failed]");
    Outbox.on(function (ev) {
      if (ev.type === "count") { counter.textContent = ev.count ? TX.t("queued", { n: ev.count }) : ""; }
      if (ev.type === "failed" || ev.type === "removed" || ev.type === "count") { showStuck(); }
      if (ev.type === "sent" && (ev.item.kind === "report" || ev.item.kind === "anonymous")) {
        result.textContent = TX.t("report_sent", { number: ev.result.number });
        result.setAttribute("data-number", ev.result.number);
        if (ev.result.follow_url) { showFollow(form, ev.result.follow_url); }
      }
      if (ev.type === "failed") { result.textContent = TX.t("failed", { reason: ev.item.failed }); }
    });

    /* What the server refused stays in the outbox until its owner decides: see it, take it
       back into the form to fix it (its text, without the files), or delete it. */
    function showStuck() {
      if (!stuck) { return; }
      Outbox.all().then(function (items) {
        stuck.textContent = "";
        items.filter(function (i) { return i.failed && (i.kind === "report" || i.kind === "anonymous"); })
          .forEach(function (item) {
            var li = document.createElement("li"), what = document.createElement("span");
            li.setAttribute("data-stuck", item.key);
            what.textContent = draftText(item) + " — " + TX.t("failed", { reason: item.failed });
            li.appendChild(what);
            li.appendChild(button(TX.t("fix"), "fix", function () {
              text.value = draftText(item); text.focus();
              Outbox.remove(item.key);
            }));
            li.appendChild(button(TX.t("delete"), "delete", function () { Outbox.remove(item.key); }));
            stuck.appendChild(li);
          });
        stuck.hidden = !stuck.children.length;
      });
    }
    function draftText(item) {
      return item.kind === "anonymous" ? item.fields.text : (item.report.description || item.report.title);
    }
    function button(label, role, onClick) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "btn btn-small"; b.textContent = label;
      b.setAttribute("data-stuck-" + role, "");
      b.addEventListener("click", onClick);
      return b;
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (queuing) { return; }  // the same draft is being stored already
      var body = text.value.trim();
      if (!body) { result.textContent = TX.t("need_title"); text.focus(); return; }
      var question = form.getAttribute("data-mode") === "question";
      var report = { channel: "portal", title: body.split("\n")[0].slice(0, 60), description: body };
      if (category.value) { report.category = category.value; }
      var hide = $(form, "[data-anonymous]");
      if (hide && !hide.checked) {
        // Not anonymous: the handling unit may call back (it sees the number masked or not
        // according to its permissions); anonymous reports carry no name or number at all.
        report.reporter_phone = form.getAttribute("data-phone") || "";
        report.reporter_name = form.getAttribute("data-name") || "";
      }
      var where = pick && pick.value();
      if (where) { report.lat = where.lat; report.lng = where.lng; }
      var address = $(form, "#r-address");
      if (address && address.value.trim()) { report.address = address.value.trim(); }
      if (question) { report.title = "【" + form.querySelector("h1").textContent + "】" + report.title; }
      queuing = true;
      var queued = form.hasAttribute("data-anonymous-only")
        ? Outbox.add("anonymous", { endpoint: form.getAttribute("data-endpoint"),
            fields: anonymousFields(report, body, question), files: files.slice() }, draftKey)
        : Outbox.add("report", { report: report, files: files.slice() }, draftKey);
      queued.then(function () {
        if (!navigator.onLine) { result.textContent = TX.t("report_queued"); }
        form.reset(); files = []; previews.textContent = ""; suggestBox.textContent = "";
        chosen = false; if (pick) { pick.clear(); }
        draftKey = TX.uuid();
      }).then(function () { queuing = false; }, function () { queuing = false; });
    });
    Outbox.flush();
    showStuck();
  }

  /* Anonymous: no account, so no API token or session. One multipart POST to the portal's
     own endpoint (CSRF cookie, the outbox key as Idempotency-Key) carries text and files. */
  function anonymousFields(report, body, question) {
    var fields = { text: body, question: question ? "1" : "" };
    ["category", "lat", "lng", "address"].forEach(function (k) {
      if (report[k] !== undefined) { fields[k] = String(report[k]); }
    });
    return fields;
  }

  if (window.Outbox) { Outbox.register("anonymous", function (item) {
    var data = new FormData();
    Object.keys(item.fields).forEach(function (k) { data.append(k, item.fields[k]); });
    (item.files || []).forEach(function (file, i) { data.append("files", file, file.name || ("file-" + i)); });
    return fetch(item.endpoint, { method: "POST", credentials: "same-origin", body: data, headers: {
      "Accept": "application/json", "X-CSRFToken": TX.cookie("csrftoken"), "Idempotency-Key": item.key,
    } }).then(function (r) {
      return r.json().then(function (json) {
        return r.ok ? json : Promise.reject({ status: r.status, body: json });
      }, function () { return Promise.reject({ status: r.status, body: {} }); });
    }, function () { return Promise.reject({ offline: true }); });
  }); }

  function showFollow(form, url) {
    var box = $(form, "[data-follow]"), link = $(form, "[data-follow-link]");
    if (!box) { return; }
    link.href = url; link.textContent = window.location.origin + url;
    box.hidden = false;
    try {  // Also kept on this device, so the reporter can find the link again.
      var saved = JSON.parse(localStorage.getItem("tongxin-follow") || "[]");
      if (saved.indexOf(url) < 0) { saved.push(url); }
      localStorage.setItem("tongxin-follow", JSON.stringify(saved.slice(-20)));
    } catch (e) { /* private mode: the link on screen is enough */ }
  }

  function rating(box) {
    var id = box.getAttribute("data-case-id"), out = $(box, "[data-rate-result]");
    box.querySelectorAll("[data-rating]").forEach(function (b) {
      b.addEventListener("click", function () {
        box.querySelectorAll("[data-rating]").forEach(function (x) { x.disabled = true; });
        TX.api("POST", "/cases/" + id + "/actions/rate", {
          rating: b.getAttribute("data-rating"), note: $(box, "[data-rate-note]").value.trim(),
        }).then(function () {
          out.textContent = TX.t("rated"); window.location.reload();
        }, function (err) {
          out.textContent = TX.errorText(err);
          box.querySelectorAll("[data-rating]").forEach(function (x) { x.disabled = false; });
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-report-form]");
    if (form) { reportForm(form); }
    var rate = document.querySelector("[data-rate]");
    if (rate) { rating(rate); }
  });
})();
