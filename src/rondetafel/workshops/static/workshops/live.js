// Live pages (participant phone and presenter screen): follow the session's version and swap
// in the fresh part of the page when it changes. A WebSocket tells us at once; polling is the
// fallback. Forms get a client id so a retried submission counts once.
(function () {
  "use strict";

  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }

  function stampClientIds(root) {
    root.querySelectorAll("[data-client-id]").forEach(function (input) {
      if (!input.value) { input.value = newId(); }
    });
  }

  function follow(box) {
    var versionUrl = box.getAttribute("data-version-url");
    var fragmentUrl = box.getAttribute("data-fragment-url");
    var region = box.querySelector("[data-live-region]");
    var version = parseInt(box.getAttribute("data-version"), 10) || 0;
    var busy = false;

    function typing() {
      var el = document.activeElement;
      return el && region.contains(el) && (el.tagName === "TEXTAREA" || el.tagName === "INPUT") && el.value;
    }

    function refresh(next) {
      if (busy || next <= version || typing()) { return; }
      busy = true;
      fetch(fragmentUrl, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html !== null) {
            region.innerHTML = html;
            stampClientIds(region);
            version = next;
          }
        })
        .finally(function () { busy = false; });
    }

    function poll() {
      fetch(versionUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data) { refresh(data.version); } })
        .finally(function () { window.setTimeout(poll, 2000); });
    }
    window.setTimeout(poll, 2000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    stampClientIds(document);
    document.querySelectorAll("[data-version-url]").forEach(follow);
  });
})();
