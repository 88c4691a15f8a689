// The portal's own start-up script: a file, never inline (CSP script-src 'self').
// DKFDS components (accordions, alerts, menus) are initialised on the page and again in
// whatever htmx swaps in.
(function () {
  "use strict";

  function initDesignSystem(scope) {
    if (window.DKFDS && typeof window.DKFDS.init === "function") {
      window.DKFDS.init(scope ? { scope: scope } : undefined);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    initDesignSystem();
    document.body.addEventListener("htmx:afterSwap", function (event) {
      initDesignSystem(event.detail.target);
    });
  });
})();
