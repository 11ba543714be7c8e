// A table wider than the screen scrolls inside its wrapper. Keyboard users must be able to
// reach and scroll it (WCAG 2.1.1), so a wrapper that actually scrolls becomes a focusable,
// named region; one that fits stays out of the tab order.
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll(".rt-table-wrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
      } else if (!scrolls && wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
  // Live pages swap their parts in; mark the new tables too.
  new MutationObserver(function () { window.requestAnimationFrame(mark); }).observe(document.documentElement, { childList: true, subtree: true });
})();

// Reorder by dragging: a list with data-sortable-url posts its new order (the ids of its
// items) and reloads. Keyboard users have the "Earlier" and "Later" buttons of each item.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-sortable-url]").forEach(function (list) {
      var dragged = null;
      Array.prototype.filter.call(list.children, function (el) { return el.hasAttribute("data-sortable-id"); }).forEach(function (item) {
        // Dragged by its handle, so text in its forms can still be selected with the mouse.
        var handle = item.querySelector("[data-sortable-handle]") || item;
        handle.setAttribute("draggable", "true");
        handle.addEventListener("dragstart", function (event) {
          dragged = item;
          event.dataTransfer.effectAllowed = "move";
          event.dataTransfer.setData("text/plain", item.getAttribute("data-sortable-id"));
        });
        item.addEventListener("dragover", function (event) { event.preventDefault(); });
        item.addEventListener("drop", function (event) {
          event.preventDefault();
          if (!dragged || dragged === item) { return; }
          var after = dragged.compareDocumentPosition(item) & Node.DOCUMENT_POSITION_FOLLOWING;
          list.insertBefore(dragged, after ? item.nextSibling : item);
          var body = new URLSearchParams();
          body.append("csrfmiddlewaretoken", list.getAttribute("data-csrf"));
          if (list.getAttribute("data-sortable-what")) { body.append("what", list.getAttribute("data-sortable-what")); }
          Array.prototype.filter.call(list.children, function (el) { return el.hasAttribute("data-sortable-id"); }).forEach(function (el) {
            body.append("order", el.getAttribute("data-sortable-id"));
          });
          fetch(list.getAttribute("data-sortable-url"), {
            method: "POST", body: body, credentials: "same-origin", redirect: "manual",
            headers: { "X-CSRFToken": list.getAttribute("data-csrf") },
          }).finally(function () { window.location.reload(); });
        });
      });
    });
  });
})();
