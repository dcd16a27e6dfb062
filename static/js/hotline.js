/* 12345 console: while the operator types, show the caller's history, similar open cases
   (link a repeat call instead of a duplicate) and knowledge-base answers (close a
   consultation at once). Keyboard first: Ctrl+Enter records, Esc starts a new call. */
(function () {
  "use strict";
  function $(sel, root) { return (root || document).querySelector(sel); }
  function debounce(fn, ms) {
    var timer = null;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = $("[data-call-form]"), result = $("[data-call-result]");
    var phone = $("#c-phone"), name = $("#c-name"), title = $("#c-title"), desc = $("#c-desc");
    var kbq = $("#kb-q"), key = TX.uuid();

    function say(text, isError) { result.textContent = text; result.classList.toggle("is-error", !!isError); }

    function caseItem(c, withLink) {
      var li = el("li");
      li.setAttribute("data-case-number", c.number);
      li.appendChild(el("strong", "", c.title));
      li.appendChild(el("div", "meta", c.number + " · " + c.status_label + " · " + c.created_at.slice(0, 10)
        + (c.address ? " · " + c.address : "")));
      if (withLink) {
        var b = el("button", "btn btn-small", TX.t("same_issue"));
        b.type = "button"; b.setAttribute("data-link-case", c.id);
        b.addEventListener("click", function () { linkCall(c); });
        li.appendChild(b);
      }
      return li;
    }
    function fill(list, rows, empty, render) {
      list.textContent = "";
      if (!rows.length) { list.appendChild(el("li", "meta", TX.t(empty))); return; }
      rows.forEach(function (r) { list.appendChild(render(r)); });
    }

    var history = debounce(function () {
      var p = phone.value.trim(), list = $("[data-history]");
      if (p.length < 5) { list.textContent = ""; return; }
      TX.api("GET", "/hotline/callers?phone=" + encodeURIComponent(p)).then(function (rows) {
        fill(list, rows, "no_history", function (c) { return caseItem(c, false); });
      }, function () {});
    }, 250);

    var similar = debounce(function () {
      var text = (title.value + " " + desc.value).trim(), p = phone.value.trim(), list = $("[data-similar]");
      if (text.length < 2 && p.length < 5) { list.textContent = ""; return; }
      TX.api("GET", "/hotline/similar?phone=" + encodeURIComponent(p) + "&text=" + encodeURIComponent(text.slice(0, 300)) +
          "&region=" + encodeURIComponent($("#c-region").value) + "&category=" + encodeURIComponent($("#c-category").value))
        .then(function (rows) {
          fill(list, rows, "no_similar", function (c) { return caseItem(c, true); });
        }, function () {});
    }, 300);

    var kbFromTitle = true;
    var knowledge = debounce(function () {
      var q = kbq.value.trim(), list = $("[data-kb]");
      if (q.length < 2) { list.textContent = ""; return; }
      TX.api("GET", "/hotline/knowledge?q=" + encodeURIComponent(q)).then(function (rows) {
        fill(list, rows, "no_answers", function (a) {
          var li = el("li");
          li.setAttribute("data-article", a.id);
          li.appendChild(el("strong", "", a.question));
          li.appendChild(el("div", "answer", a.answer));
          li.appendChild(el("div", "meta", TX.t("owner", { dept: a.department || "—", date: a.updated_at })));
          var b = el("button", "btn btn-small", TX.t("answered"));
          b.type = "button"; b.setAttribute("data-answer", a.id);
          b.addEventListener("click", function () { answer(a); });
          li.appendChild(b);
          return li;
        });
      }, function () {});
    }, 300);

    phone.addEventListener("input", function () { history(); similar(); });
    title.addEventListener("input", function () {
      similar();
      if (kbFromTitle) { kbq.value = title.value; knowledge(); }
    });
    desc.addEventListener("input", similar);
    $("#c-region").addEventListener("change", similar);
    $("#c-category").addEventListener("change", similar);
    kbq.addEventListener("input", function () { kbFromTitle = false; knowledge(); });

    function payload() {
      var body = { channel: "hotline", title: title.value.trim(), description: desc.value.trim(),
        reporter_phone: phone.value.trim(), reporter_name: name.value.trim(),
        address: $("#c-address").value.trim(), urgency: $("#c-urgent").checked ? "urgent" : "normal" };
      if ($("#c-region").value) { body.region = $("#c-region").value; }
      if ($("#c-category").value) { body.category = $("#c-category").value; }
      return body;
    }
    function create() {
      if (!title.value.trim()) { say(TX.t("need_title"), true); title.focus(); return Promise.reject(null); }
      return TX.api("POST", "/cases", payload(), { "Idempotency-Key": key });
    }
    function reset() {
      form.reset(); key = TX.uuid(); kbFromTitle = true;
      ["[data-similar]", "[data-history]", "[data-kb]"].forEach(function (s) { $(s).textContent = ""; });
      phone.focus();
    }
    function fail(err) { if (err) { say(TX.errorText(err), true); } }

    function linkCall(c) {
      TX.api("POST", "/hotline/cases/" + c.id + "/repeat-call", {
        note: (title.value + "\n" + desc.value).trim(), caller_name: name.value.trim(),
        caller_phone: phone.value.trim(),
      }).then(function () { reset(); say(TX.t("linked", { number: c.number })); }, fail);
    }
    function answer(a) {
      create().then(function (c) {
        return TX.api("POST", "/cases/" + c.id + "/actions/answer", { note: a.answer.slice(0, 2000) });
      }).then(function (c) { reset(); say(TX.t("closed", { number: c.number })); }, fail);
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      create().then(function (c) { reset(); say(TX.t("created", { number: c.number })); }, fail);
    });
    $("[data-reset]").addEventListener("click", function () { reset(); say(""); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
      else if (e.key === "Escape") { e.preventDefault(); reset(); say(""); }
    });
  });
})();
