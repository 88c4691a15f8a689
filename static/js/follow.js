// Members follow a meeting on its day (meetings/meetingday/_follow_slot.html): htmx asks every
// few seconds, and the browser's copy answers while nothing changed (304). This script
// - leaves an answer that is the same as the last one unswapped (the browser hands a 304 to
//   htmx as its stored copy), so nothing moves and nothing is said again;
// - marks the item on now with aria-current in the agenda list and on the item itself (the
//   "Behandles nu" badges come from the server, out of band);
// - after a real change, fills the poll's data-live-status line with what changed (the new
//   item on now, decisions recorded since), which portal.js repeats politely in #live-status;
// - the last answer once the meeting is over (htmx stops at status 286) has no item on now, so
//   the marking goes and "Behandles nu" is emptied out of band.
// The words are the server's (data-announce); the first answer after loading says nothing.
(function () {
  "use strict";

  var SLOT = "moedet-i-gang";
  var lastAnswer = null;
  var shown = null; // what was last shown: {current: "...", decisions: {itemId: text}}

  function box() {
    return document.getElementById(SLOT);
  }

  function decisions() {
    var found = {};
    document.querySelectorAll(".item-decision[id^='beslutning-live-']").forEach(function (area) {
      var decision = area.querySelector(".decision");
      found[area.id] = {
        text: decision ? decision.textContent.trim() : "",
        announce: area.getAttribute("data-announce") || "",
      };
    });
    return found;
  }

  function markCurrent(current) {
    document.querySelectorAll(".agenda-list [data-item], .agenda-item[data-item]").forEach(
      function (element) {
        var on = current !== "" && element.getAttribute("data-item") === current;
        if (on) {
          element.setAttribute("aria-current", "true");
        } else {
          element.removeAttribute("aria-current");
        }
        element.classList.toggle("is-current", on);
      }
    );
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    if (!detail || detail.target !== box()) return;
    var status = detail.xhr ? detail.xhr.status : 0;
    if (status === 304) {
      detail.shouldSwap = false;
      return;
    }
    if (status !== 200) return;
    if (detail.xhr.responseText === lastAnswer) {
      detail.shouldSwap = false;
      return;
    }
    lastAnswer = detail.xhr.responseText;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = box();
    var detail = event.detail;
    // htmx fires afterSwap once per swapped element (the out-of-band ones too): act once.
    if (!detail || detail.target !== target || detail.dapFollowHandled) return;
    detail.dapFollowHandled = true;
    var state = target.querySelector("[data-following]");
    if (!state) return;
    var current = state.getAttribute("data-current") || "";
    markCurrent(current);
    var now = { current: current, decisions: decisions() };
    var said = [];
    if (shown !== null) {
      // The poll's last answer (data-ended) says the meeting is over, even when no item was on.
      if (now.current !== shown.current || state.hasAttribute("data-ended")) {
        var line = state.querySelector("[data-announce]");
        if (line) said.push(line.getAttribute("data-announce"));
      }
      Object.keys(now.decisions).forEach(function (id) {
        var after = now.decisions[id];
        var before = shown.decisions[id];
        if (after.text && (!before || before.text !== after.text) && after.announce) {
          said.push(after.announce);
        }
      });
    }
    shown = now;
    var status = state.querySelector("[data-live-status]");
    if (status) status.textContent = said.join(" ");
  });
})();
