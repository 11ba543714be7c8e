// The presenter view: full screen, a "how to join" panel, and keyboard shortcuts for the
// facilitator (a presentation clicker sends PageDown/PageUp, so those work too). Commands go to
// the server; the screen itself redraws from the live snapshot like every other view.
(function () {
  "use strict";

  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var live = document.querySelector(".rt-presenter__live");
    if (!live) { return; }
    var controlUrl = live.getAttribute("data-control-url");
    var status = document.querySelector("[data-presenter-status]");
    var panel = document.querySelector("[data-presenter-join-panel]");
    var joinButton = document.querySelector("[data-presenter-join]");
    var fullButton = document.querySelector("[data-presenter-fullscreen]");

    function say(text) {
      if (!status) { return; }
      status.textContent = text;
      window.setTimeout(function () { if (status.textContent === text) { status.textContent = ""; } }, 4000);
    }

    function toggleJoin() {
      var show = panel.hidden;
      panel.hidden = !show;
      live.hidden = show;
      joinButton.setAttribute("aria-pressed", show ? "true" : "false");
    }

    function toggleFullscreen() {
      if (document.fullscreenElement) { document.exitFullscreen(); return; }
      if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
    }

    function command(name) {
      if (!controlUrl) { return; }
      var body = new URLSearchParams({ command: name });
      fetch(controlUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/x-www-form-urlencoded" },
        body: body
      }).then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
        .then(function (answer) { if (!answer.ok) { say(answer.data.detail || ""); } })
        .catch(function () { say(live.getAttribute("data-offline-text") || ""); });
    }

    joinButton.addEventListener("click", toggleJoin);
    fullButton.addEventListener("click", toggleFullscreen);

    var keys = {
      ArrowRight: "next", PageDown: "next", n: "next", N: "next",
      ArrowLeft: "previous", PageUp: "previous", p: "previous", P: "previous",
      s: "show", S: "show", h: "hide", H: "hide"
    };
    document.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey) { return; }
      var tag = (e.target && e.target.tagName) || "";
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") { return; }
      if (e.key === "j" || e.key === "J") { toggleJoin(); e.preventDefault(); return; }
      if (e.key === "f" || e.key === "F") { toggleFullscreen(); e.preventDefault(); return; }
      if (controlUrl && keys[e.key]) { command(keys[e.key]); e.preventDefault(); }
    });
  });
})();
