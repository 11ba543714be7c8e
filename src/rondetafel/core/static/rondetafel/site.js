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
