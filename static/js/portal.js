// The portal's own start-up script: a file, never inline (CSP script-src 'self').
// DKFDS components (accordions, alerts, menus) are initialised on the page and again in
// whatever htmx swaps in.
(function () {
  "use strict";

  function initDesignSystem() {
    if (window.DKFDS && typeof window.DKFDS.init === "function") {
      window.DKFDS.init();
    }
  }

  // DKFDS.init always sets up the main menu again, whatever its scope (a swap would add
  // another "Mere" item each time), so swapped-in content gets only its own components.
  function initSwapped(scope) {
    var DKFDS = window.DKFDS;
    if (!DKFDS || !scope || !scope.querySelectorAll) {
      return;
    }
    var components = [
      [".accordion", DKFDS.Accordion],
      [".js-dropdown", DKFDS.Dropdown],
      [".alert-dismissible", DKFDS.Alert],
      [".table--responsive-scroll", DKFDS.ResponsiveTable],
    ];
    components.forEach(function (pair) {
      var selector = pair[0];
      var Component = pair[1];
      if (typeof Component !== "function") {
        return;
      }
      scope.querySelectorAll(selector).forEach(function (element) {
        try {
          new Component(element).init();
        } catch (error) {
          // A component that does not fit the element leaves it as plain HTML.
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initDesignSystem();
    document.body.addEventListener("htmx:afterSwap", function (event) {
      initSwapped(event.detail.target);
    });
    // A request that needs the server (e.g. "Dan dagsorden med bilag") made offline: say so
    // instead of doing nothing.
    document.body.addEventListener("htmx:sendError", function (event) {
      var form = event.detail.elt && event.detail.elt.closest("form");
      var hint = form && form.querySelector("[data-needs-network]");
      if (hint) {
        hint.hidden = false;
      }
    });
  });
})();
