// Live pages (participant phone and presenter screen). A WebSocket brings complete snapshots
// with a version; when it is not open, the page polls the version instead. Either way the page
// swaps in its fresh part when something it shows has changed. Forms get a client id so a
// retried submission counts once.
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
    var socketPath = box.getAttribute("data-socket-path");
    var phone = box.hasAttribute("data-participant");
    var region = box.querySelector("[data-live-region]");
    var version = parseInt(box.getAttribute("data-version"), 10) || 0;
    var activityKey = box.getAttribute("data-activity-key") || "";
    var socketOpen = false;
    var socket = null;
    var pending = {};  // client id -> {form, sentAt, timer}: answers waiting for their ack
    var statusLine = box.querySelector("[data-answer-status]");
    var busy = false;
    var again = false;

    // A form the participant is filling in is not redrawn under their fingers by someone
    // else's answer (the polling fallback redraws on every new version); after half a minute
    // without input, or when the activity itself changes, it is.
    var lastInput = 0;
    region.addEventListener("input", function () { lastInput = Date.now(); });
    region.addEventListener("change", function () { lastInput = Date.now(); });

    function typing() {
      var el = document.activeElement;
      var focused = el && region.contains(el) && (el.tagName === "TEXTAREA" || el.tagName === "INPUT") && el.value;
      return focused || Date.now() - lastInput < 30000;
    }

    var againForced = false;

    function refresh(force) {
      if (busy) { again = true; againForced = againForced || !!force; return; }
      if (!force && typing()) { window.setTimeout(refresh, 1500); return; }
      busy = true;
      fetch(fragmentUrl, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html === null) { return; }
          // The participant started on the form while this was on its way: try again later.
          if (!force && typing()) { window.setTimeout(refresh, 1500); return; }
          region.innerHTML = html;
          lastInput = 0;
          stampClientIds(region);
        })
        .finally(function () {
          busy = false;
          if (again) { var forced = againForced; again = false; againForced = false; refresh(forced); }
        });
    }

    function onSnapshot(snap) {
      if (snap.version <= version) { return; }
      version = snap.version;
      var key = snap.phone_key || "";
      // Phones redraw only when the activity itself changes; the screen on every snapshot.
      if (!phone || key !== activityKey) { var changed = key !== activityKey; activityKey = key; refresh(phone && changed); }
    }

    function say(text, isError) {
      if (!statusLine) { return; }
      statusLine.textContent = text;
      statusLine.classList.toggle("rt-answer-status--error", !!isError);
    }

    // A phone answers over the WebSocket when it is open: the page stays, the answer shows at
    // once, and the fresh part follows. Without a socket (or without an ack in time) the form is
    // posted as before; the client id makes a retried answer count once.
    function fields(form, submitter) {
      var out = {};
      new FormData(form).forEach(function (value, name) {
        if (name === "csrfmiddlewaretoken" || typeof value !== "string") { return; }
        (out[name] = out[name] || []).push(value);
      });
      if (submitter && submitter.name) { (out[submitter.name] = out[submitter.name] || []).push(submitter.value); }
      return out;
    }

    function postInstead(form, submitter) {
      var entry;
      Object.keys(pending).forEach(function (id) { if (pending[id].form === form) { entry = id; } });
      if (entry) { window.clearTimeout(pending[entry].timer); delete pending[entry]; }
      if (submitter && submitter.name) {
        var carry = document.createElement("input");
        carry.type = "hidden"; carry.name = submitter.name; carry.value = submitter.value;
        form.appendChild(carry);
      }
      HTMLFormElement.prototype.submit.call(form);
    }

    function onSubmit(e) {
      var form = e.target;
      var kind = form.getAttribute("data-answer");
      if (!kind || !socketOpen || !socket) { return; }  // the form posts itself
      e.preventDefault();
      var submitter = e.submitter || null;
      var data = fields(form, submitter);
      var clientInput = form.querySelector("[data-client-id]");
      var clientId = (clientInput && clientInput.value) || newId();
      var message = { type: kind === "statement" ? "submit_statement" : "respond", activity: form.getAttribute("data-activity"), client_id: clientId };
      if (kind === "statement") { message.text = (data.text || [""])[0]; } else { message.form = data; }
      form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      if (submitter) { submitter.setAttribute("aria-pressed", "true"); submitter.classList.add("rt-chosen"); }
      say(box.getAttribute("data-text-sending") || "");
      pending[clientId] = {
        form: form, kind: kind, submitter: submitter, sentAt: performance.now(), message: message,
        timer: fallbackTimer(clientId)
      };
      socket.send(JSON.stringify(message));
    }

    function fallbackTimer(clientId) {
      return window.setTimeout(function () {
        var entry = pending[clientId];
        if (entry) { say(box.getAttribute("data-text-retry") || ""); postInstead(entry.form, entry.submitter); }
      }, 5000);
    }

    function onAnswer(data) {
      var entry = pending[data.client_id];
      if (!entry) { return; }
      window.clearTimeout(entry.timer);
      if (data.type === "error" && data.code === "unavailable") {
        // The server could not store it just now: the same message again in two seconds
        // (the same client id counts once); the person sees why it takes longer.
        say(data.detail || "", true);
        entry.timer = window.setTimeout(function () {
          if (!pending[data.client_id]) { return; }
          if (socketOpen && socket) { socket.send(JSON.stringify(entry.message)); entry.timer = fallbackTimer(data.client_id); }
          else { postInstead(entry.form, entry.submitter); }
        }, 2000);
        return;
      }
      delete pending[data.client_id];
      var ms = Math.round(performance.now() - entry.sentAt);
      document.body.setAttribute("data-last-answer-ms", String(ms));
      if (data.type === "ack") {
        say(box.getAttribute(entry.kind === "statement" ? "data-text-statement" : "data-text-saved") || "");
        if (entry.kind === "statement") { entry.form.reset(); }
        refresh(true);  // the next statement, or the answer as it now stands
      } else {
        entry.form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
        say(data.detail || "", true);
      }
    }

    function poll() {
      if (socketOpen) { return; }
      fetch(versionUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data && data.version > version) { version = data.version; refresh(); } })
        .finally(function () { if (!socketOpen) { window.setTimeout(poll, 2000); } });
    }

    function connect(delay) {
      if (!socketPath || !window.WebSocket) { window.setTimeout(poll, 2000); return; }
      var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
      socket = new WebSocket(scheme + window.location.host + socketPath);
      socket.addEventListener("open", function () {
        socketOpen = true;
        document.body.setAttribute("data-ws", "open");
      });
      socket.addEventListener("message", function (e) {
        var data;
        try { data = JSON.parse(e.data); } catch (err) { return; }
        if (data.type === "workshop.snapshot") { onSnapshot(data); }
        else if (data.type === "ack" || data.type === "error") { onAnswer(data); }
      });
      socket.addEventListener("close", function () {
        var wasOpen = socketOpen;
        socketOpen = false;
        document.body.setAttribute("data-ws", "closed");
        // Answers sent but not acknowledged go the other way (counted once by their client id).
        Object.keys(pending).forEach(function (id) { postInstead(pending[id].form, pending[id].submitter); });
        window.setTimeout(poll, 2000);  // the fallback while we try again
        window.setTimeout(function () { connect(Math.min((delay || 1000) * 2, 30000)); }, wasOpen ? 1000 : (delay || 1000));
      });
    }
    if (phone) { region.addEventListener("submit", onSubmit); }
    connect(1000);
  }

  // Timers count down to the end of the running agenda block, once a second, silently (a
  // screen reader should not announce every second).
  function tickTimers() {
    document.querySelectorAll("[data-ends-at]").forEach(function (el) {
      var end = Date.parse(el.getAttribute("data-ends-at"));
      if (isNaN(end)) { return; }
      var left = Math.round((end - Date.now()) / 1000);
      var abs = Math.abs(left);
      var text = Math.floor(abs / 60) + ":" + String(abs % 60).padStart(2, "0");
      el.textContent = text + " " + el.getAttribute(left >= 0 ? "data-label-left" : "data-label-over");
      el.classList.toggle("rt-timer--over", left < 0);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    stampClientIds(document);
    tickTimers();
    window.setInterval(tickTimers, 1000);
    document.querySelectorAll("[data-version-url]").forEach(follow);
  });
})();
