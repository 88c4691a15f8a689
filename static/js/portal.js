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

  // --- Focus and status after htmx swaps (WCAG 2.4.3, 4.1.3) -----------------------------
  // One rule for every swap, so no template needs its own: a control that opens a form (a
  // "Redigér" link) sends focus to the form's first field; saving or cancelling that form
  // returns focus to the control that opened it (the same link, swapped in anew); any other
  // swap that removes the focused element gives focus to its replacement or to the new
  // content, never to <body>. Text marked data-live-status in swapped content is repeated in
  // the page's live region (#live-status in base.html), which exists before the swap, so
  // screen readers announce it.

  var FIELDS =
    'input:not([type="hidden"]):not([type="submit"]):not([type="button"]):not([disabled]),' +
    " select:not([disabled]), textarea:not([disabled]):not([tabindex='-1'])," +
    ' [contenteditable="true"]';
  var FOCUSABLE = FIELDS + ", a[href], button:not([disabled]), summary";
  var openers = {}; // form id -> how to find the control that opened it
  var requests = new WeakMap(); // xhr -> what was focused when the request was made

  function visible(element) {
    return !!(element.offsetWidth || element.offsetHeight || element.getClientRects().length);
  }

  function firstOf(scope, selector) {
    if (!scope || !scope.querySelectorAll) return null;
    var found = Array.prototype.filter.call(scope.querySelectorAll(selector), visible);
    if (scope.matches && scope.matches(selector) && visible(scope)) found.unshift(scope);
    return found[0] || null;
  }

  function quoted(value) {
    return '"' + CSS.escape(value) + '"';
  }

  // A selector that finds the same control again after a swap has replaced it.
  function describe(element) {
    if (!element || element === document.body || !element.tagName) return null;
    if (element.id) return "#" + CSS.escape(element.id);
    var tag = element.tagName.toLowerCase();
    var request = ["hx-get", "hx-post", "href"].filter(function (name) {
      return element.hasAttribute(name);
    })[0];
    if (request) return tag + "[" + request + "=" + quoted(element.getAttribute(request)) + "]";
    var form = element.form || (element.closest && element.closest("form"));
    var selector = tag;
    if (element.name) selector += "[name=" + quoted(element.name) + "]";
    if (element.value && tag === "button") selector += "[value=" + quoted(element.value) + "]";
    if (form && form.id) return "#" + CSS.escape(form.id) + " " + selector;
    if (form && form.getAttribute("action")) {
      return "form[action=" + quoted(form.getAttribute("action")) + "] " + selector;
    }
    return null;
  }

  function find(selector, near) {
    if (!selector) return null;
    try {
      return firstOf(near, selector) || firstOf(document, selector);
    } catch (error) {
      return null;
    }
  }

  function focus(element) {
    if (!element) return false;
    if (!element.matches(FOCUSABLE) && !element.hasAttribute("tabindex")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
    return document.activeElement === element;
  }

  function focusLost() {
    var active = document.activeElement;
    return !active || active === document.body || !active.isConnected;
  }

  function announce(scope) {
    var region = document.getElementById("live-status");
    if (!region || !scope || !scope.querySelectorAll) return;
    var texts = Array.prototype.map.call(
      scope.querySelectorAll("[data-live-status]"),
      function (element) { return element.textContent.trim(); }
    ).filter(Boolean);
    if (!texts.length) return;
    // Emptied first, so the same words twice in a row are announced twice.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = texts.join(" "); }, 50);
  }

  function afterSwap(detail, content) {
    var known = requests.get(detail.xhr) || {};
    var elt = known.elt; // detail.elt is by now the element that settled, not the requester
    var fromForm = elt && elt.closest ? elt.closest("form") : null;
    var byUser = !!known.byUser;
    // A swap nobody asked for (a poll) while nothing had focus removed nothing focused: focus
    // stays where it is, and the page does not jump to the swapped content. A request made
    // on loading, before this script listened, is such a swap too.
    if (!byUser && known.idle !== false) return;
    var newForm = firstOf(content, "form");
    // A poll (hx-trigger "every …": the room screen, a member following the meeting) is no
    // one's action: it never takes focus, which would scroll the page and draw a focus ring.
    if (!byUser && [elt, detail.target, content].some(function (node) {
      return node && node.closest && node.closest('[hx-trigger*="every "]');
    })) return;
    // An opener: a control outside any form fetched a form; focus its first field.
    if (byUser && !fromForm && newForm && firstOf(newForm, FIELDS)) {
      if (newForm.id) openers[newForm.id] = describe(elt);
      focus(firstOf(newForm, FIELDS));
      return;
    }
    if (!focusLost()) return;
    if (fromForm && fromForm.id) {
      var again = document.getElementById(fromForm.id);
      if (again && again.tagName === "FORM") {
        // The same form again: after a refusal, the field (or message) that says why.
        var wrong = firstOf(again, '.form-error [name], [aria-invalid="true"]') ||
          firstOf(again, '[role="alert"]');
        if (focus(wrong) || focus(find(known.focused, again)) || focus(firstOf(again, FIELDS))) {
          return;
        }
      } else if (openers[fromForm.id] !== undefined) {
        var opener = find(openers[fromForm.id], content);
        delete openers[fromForm.id];
        if (focus(opener)) return;
      }
    }
    if (focus(find(known.focused, content))) return;
    if (content && content.isConnected) focus(content);
  }

  document.addEventListener("DOMContentLoaded", function () {
    initDesignSystem();
    document.body.addEventListener("htmx:afterSwap", function (event) {
      initSwapped(event.detail.target);
    });
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      var trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
      requests.set(event.detail.xhr, {
        elt: event.detail.elt,
        focused: describe(document.activeElement),
        byUser: !!trigger && (trigger.type === "click" || trigger.type === "submit"),
        idle: !document.activeElement || document.activeElement === document.body,
      });
    });
    document.body.addEventListener("htmx:afterSettle", function (event) {
      var detail = event.detail;
      // htmx fires afterSettle once per swapped element (out-of-band ones too): act once.
      if (!detail || detail.dapFocusHandled) return;
      detail.dapFocusHandled = true;
      var target = detail.target;
      var content = target && target.isConnected ? target
        : target && target.id ? document.getElementById(target.id) : event.target;
      announce(content);
      afterSwap(detail, content || event.target);
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
