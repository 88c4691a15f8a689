// What changed since the user's last visit, marked on the meeting page's items. The agenda is
// cached for everyone with the same access, so it carries each item's change times
// (data-changed-at) and the page around it the user's own last visit (data-last-visit), both
// as microseconds since 1970: each changed item gets the badge of the <template>s in
// meetings/member/_fresh_badge.html, with its count. A file, never inline (CSP).
(function () {
  "use strict";

  function mark() {
    const page = document.querySelector("[data-last-visit]");
    if (!page) {
      return;
    }
    const lastVisit = Number(page.dataset.lastVisit);
    page.querySelectorAll("[data-changed-at]").forEach(function (facts) {
      const fresh = facts.dataset.changedAt
        .split(" ")
        .filter(function (moment) { return Number(moment) > lastVisit; }).length;
      if (fresh === 0 || facts.querySelector(".item-new")) {
        return;
      }
      const template = document.getElementById(fresh === 1 ? "fresh-badge-one" : "fresh-badge-many");
      const badge = template.content.firstElementChild.cloneNode(true);
      badge.querySelector(".item-new-count").textContent = String(fresh);
      facts.append(" ", badge);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
})();
