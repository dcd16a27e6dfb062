/* The outbox: what a user sends is first stored in IndexedDB, then sent in order. Each item
   carries a client-made Idempotency-Key, so a resend after a lost answer (or after coming
   back online) is stored by the server exactly once. Items stay until the server confirms. */
(function () {
  "use strict";
  var DB = "tongxin-outbox", STORE = "items", busy = false, again = false, listeners = [];

  function open() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB, 1);
      req.onupgradeneeded = function () {
        req.result.createObjectStore(STORE, { keyPath: "key" });
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function tx(mode, fn) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode), out;
        t.oncomplete = function () { db.close(); resolve(out); };
        t.onerror = function () { db.close(); reject(t.error); };
        out = fn(t.objectStore(STORE));
      });
    });
  }

  function all() {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var req = db.transaction(STORE).objectStore(STORE).getAll();
        req.onsuccess = function () {
          db.close();
          resolve(req.result.sort(function (a, b) { return a.created - b.created; }));
        };
        req.onerror = function () { db.close(); reject(req.error); };
      });
    });
  }

  function put(item) { return tx("readwrite", function (s) { s.put(item); }); }
  function remove(key) { return tx("readwrite", function (s) { s["delete"](key); }); }

  var handlers = {};  // kind → function(item, save) returning a Promise of the result

  function notify(event) { listeners.forEach(function (fn) { fn(event); }); }

  function flush() {
    if (busy) { again = true; return Promise.resolve(); }
    again = false;
    busy = true;
    return all().then(function (items) {
      var chain = Promise.resolve();
      items.forEach(function (item) {
        chain = chain.then(function () {
          if (item.failed) { return; }
          notify({ type: "sending", item: item });
          return handlers[item.kind](item, function () { return put(item); }).then(function (result) {
            return remove(item.key).then(function () { notify({ type: "sent", item: item, result: result }); });
          }, function (err) {
            if (err && err.offline) { return Promise.reject(err); }  // stop: keep the order
            item.failed = TX.errorText(err);
            return put(item).then(function () { notify({ type: "failed", item: item }); });
          });
        });
      });
      return chain;
    }).catch(function () { /* offline: the next "online" event retries */ })
      .then(function () { busy = false; return count(); })
      .then(function (n) {
        notify({ type: "count", count: n });
        if (again && navigator.onLine) { return flush(); }
      });
  }

  // Waiting to be sent: an item the server refused waits for its owner, not for the network.
  function count() {
    return all().then(function (items) { return items.filter(function (i) { return !i.failed; }).length; });
  }

  /* `key`: the draft's own key, made once per draft, so a second tap on 提交 (or a resend)
     stores the same item and the server stores one case. */
  function add(kind, data, key) {
    var item = Object.assign({ key: key || TX.uuid(), kind: kind, created: Date.now() }, data);
    return put(item).then(function () { flush(); return item; });
  }

  window.addEventListener("online", function () { flush(); });
  setInterval(function () { if (navigator.onLine) { flush(); } }, 20000);

  window.Outbox = {
    add: add, flush: flush, count: count, all: all,
    remove: function (key) { return remove(key).then(function () { notify({ type: "removed", key: key }); }); },
    register: function (kind, fn) { handlers[kind] = fn; },
    on: function (fn) { listeners.push(fn); },
  };

  /* A report: upload its files (remembering their ids), then create the case with the
     item's key as Idempotency-Key; optionally close it on the spot. */
  handlers.report = function (item, save) {
    var files = item.files || [];
    item.uploads = item.uploads || [];
    var chain = Promise.resolve();
    files.forEach(function (file, i) {
      chain = chain.then(function () {
        if (item.uploads[i]) { return; }
        var form = new FormData();
        form.append("file", file, file.name || ("file-" + i));
        return TX.api("POST", "/uploads", form).then(function (up) {
          item.uploads[i] = up.id; return save();
        });
      });
    });
    return chain.then(function () {
      if (item.caseId) { return { id: item.caseId, number: item.caseNumber }; }
      var body = Object.assign({}, item.report, { attachments: item.uploads });
      return TX.api("POST", "/cases", body, { "Idempotency-Key": item.key }).then(function (c) {
        item.caseId = c.id; item.caseNumber = c.number;
        return save().then(function () { return c; });
      });
    }).then(function (c) {
      if (!item.closeNote) { return c; }
      return TX.api("POST", "/cases/" + c.id + "/actions/close_on_spot", { note: item.closeNote })
        .then(function (closed) { return closed; }, function (err) {
          // Already closed by an earlier attempt whose answer was lost: that is success.
          if (err && err.status === 409) { return c; }
          return Promise.reject(err);
        });
    });
  };
})();
