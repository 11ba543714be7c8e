// Signing pages: keep the progress up to date by polling, and an optional drawn signature.
(function () {
  "use strict";

  function poll(node) {
    var url = node.getAttribute("data-progress-url");
    var text = document.querySelector("[data-progress-text]");
    var done = document.querySelector("[data-progress-done]");
    var seen = null;
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          if (data.text !== seen && text) { text.textContent = data.text; seen = data.text; }
          data.signatories.forEach(function (s) {
            var row = document.querySelector('[data-signatory="' + s.id + '"]');
            if (row && s.signed && !row.classList.contains("rt-signed")) {
              row.classList.add("rt-signed");
              var cell = row.querySelector("[data-signed-cell]");
              if (cell) { cell.textContent = "✓"; }
            }
          });
          if (data.complete && done) { done.hidden = false; }
          if (!data.complete) { window.setTimeout(tick, 2000); }
        })
        .catch(function () { window.setTimeout(tick, 5000); });
    }
    window.setTimeout(tick, 2000);
  }

  function drawing(box) {
    var canvas = box.querySelector("canvas");
    var output = document.getElementById("drawing-data");
    var ctx = canvas.getContext("2d");
    var drawingNow = false;
    var drawn = false;
    box.hidden = false;
    ctx.lineWidth = 3;
    ctx.lineCap = "round";
    ctx.strokeStyle = "#00254d";
    function point(e) {
      var r = canvas.getBoundingClientRect();
      return { x: (e.clientX - r.left) * canvas.width / r.width, y: (e.clientY - r.top) * canvas.height / r.height };
    }
    canvas.addEventListener("pointerdown", function (e) {
      drawingNow = true;
      canvas.setPointerCapture(e.pointerId);
      var p = point(e);
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!drawingNow) { return; }
      var p = point(e);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      drawn = true;
    });
    function finish() {
      if (drawingNow && drawn) { output.value = canvas.toDataURL("image/png"); }
      drawingNow = false;
    }
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);
    box.querySelector("[data-drawing-clear]").addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      output.value = "";
      drawn = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var progress = document.querySelector("[data-progress-url]");
    if (progress) { poll(progress); }
    var pad = document.querySelector("[data-drawing]");
    if (pad) { drawing(pad); }
  });
})();
