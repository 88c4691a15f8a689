// Offline reading on the page (issue 16): registers the service worker, "Hent til offline"
// with its progress bar and state on the meeting page, the list of stored meetings, notes
// written offline (kept in IndexedDB, sent when the network returns, conflicts shown for the
// member to choose), and the check at each contact with the server. Logged out: everything
// the portal stored in the browser is removed; "Log ud" without a network removes it at once
// and ends the session at the next contact. Settings come from <meta name="dap-offline">.
/* global DapOffline */
(function () {
  "use strict";

  const meta = document.querySelector('meta[name="dap-offline"]');
  const Core = window.DapOffline;
  const supported =
    "serviceWorker" in navigator && "caches" in window && "indexedDB" in window && Core;
  if (!meta || !supported) {
    return;
  }
  const config = JSON.parse(meta.content);
  Core.configure(config);
  const root = document.documentElement;

  // --- Words and numbers -----------------------------------------------------------------

  function two(number) {
    return String(number).padStart(2, "0");
  }

  function dayMonth(time) {
    const date = new Date(time);
    return `${two(date.getDate())}.${two(date.getMonth() + 1)}`;
  }

  function clock(time) {
    const date = new Date(time);
    return `${two(date.getHours())}.${two(date.getMinutes())}`;
  }

  function megabytes(bytes) {
    const mb = bytes / 1_000_000;
    const digits = mb >= 10 ? 0 : 1;
    return `${mb.toLocaleString("da-DK", { maximumFractionDigits: digits, minimumFractionDigits: digits })} MB`;
  }

  function stateLine(record) {
    const parts = ["Klar til offline", megabytes(record.size), `hentet ${dayMonth(record.storedAt)}`];
    if (record.updatedAt) {
      parts.push(`opdateret ${dayMonth(record.updatedAt)} kl. ${clock(record.updatedAt)}`);
    }
    return parts.join(" · ");
  }

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function element(tag, attributes = {}, text = "") {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      node.setAttribute(name, value);
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  // --- Logged out: nothing stays ------------------------------------------------------------

  async function wipeEverything() {
    const registration = await navigator.serviceWorker.getRegistration();
    await Core.wipe();
    if (registration) {
      await registration.unregister();
    }
  }

  // "Log ud" without a network: the device's copy goes at once, the session at the next
  // contact. The flag is in localStorage, so every tab and the next page load see it.
  const LOGOUT_PENDING = "dap-logout-pending";
  const logoutForm = document.querySelector("form[data-logout]");

  function logoutPending() {
    try {
      return localStorage.getItem(LOGOUT_PENDING) !== null;
    } catch (error) {
      return false;
    }
  }

  function setLogoutPending(pending) {
    try {
      if (pending) {
        localStorage.setItem(LOGOUT_PENDING, "1");
      } else {
        localStorage.removeItem(LOGOUT_PENDING);
      }
    } catch (error) {
      // Without localStorage the next online page load still shows the member signed in.
    }
  }

  // While the log-out waits for the network, no page shows what it had (a stored meeting).
  function showLoggedOut() {
    root.dataset.offlineState = "logged-out";
    const user = document.querySelector(".portal-user");
    if (user) {
      user.hidden = true;
    }
    const main = document.querySelector("main") || document.body;
    const message = element("div", { class: "alert alert-success", role: "status" });
    const body = element("div", { class: "alert-body" });
    body.append(
      element("p", { class: "alert-heading" }, "Du er logget ud på denne enhed."),
      element(
        "p",
        { class: "alert-text" },
        "Møderne, der var gemt offline, er slettet. Du logges også ud på serveren, næste gang enheden er på nettet.",
      ),
    );
    message.append(body);
    main.replaceChildren(element("h1", {}, "Du er logget ud"), message);
  }

  async function logOutOnDevice() {
    setLogoutPending(true);
    showLoggedOut();
    await Core.wipe().catch((error) => console.warn("offline: wipe", error));
    root.dataset.offlineState = "logged-out-on-device";
  }

  let finishing = null;

  // The log-out the server did not get: sent at the first contact, then to the log-in page.
  async function finishLogout() {
    if (!logoutForm) {
      return;
    }
    const body = new URLSearchParams({ csrfmiddlewaretoken: csrfToken() });
    let response;
    try {
      response = await fetch(logoutForm.action, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() },
      });
    } catch (error) {
      // The network came back a moment before it carries requests: the next contact sends it.
      setTimeout(finishOnce, 3000);
      return;
    }
    setLogoutPending(false);
    if (response.ok) {
      await wipeEverything().catch((error) => console.warn("offline:", error));
      location.replace(response.url);
    } else {
      // Refused (an old CSRF token, say): allauth's own page asks again.
      location.replace(logoutForm.action);
    }
  }

  function finishOnce() {
    if (navigator.onLine && logoutPending() && !finishing) {
      finishing = finishLogout().finally(() => {
        finishing = null;
      });
    }
    return finishing;
  }

  if (config.user === null) {
    setLogoutPending(false);
    wipeEverything()
      .catch((error) => console.warn("offline:", error))
      .finally(() => {
        root.dataset.offlineState = "wiped";
      });
    return;
  }

  if (logoutForm) {
    // Offline, or online but the request fails on the way: log out on the device.
    logoutForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!navigator.onLine) {
        await logOutOnDevice();
        return;
      }
      let response;
      try {
        response = await fetch(logoutForm.action, {
          method: "POST",
          body: new FormData(logoutForm),
          credentials: "same-origin",
        });
      } catch (error) {
        await logOutOnDevice();
        return;
      }
      if (response.ok) {
        location.assign(response.url);
      } else {
        logoutForm.submit(); // the server's own answer, as without this script
      }
    });
  }

  if (logoutPending()) {
    showLoggedOut();
    Core.wipe().catch((error) => console.warn("offline: wipe", error));
    window.addEventListener("online", finishOnce);
    finishOnce();
    return;
  }

  navigator.serviceWorker
    .register(config.sw, { scope: "/" })
    .catch((error) => console.warn("offline: service worker", error));

  // --- The meeting page: "Hent til offline" ------------------------------------------------

  const panel = document.querySelector(".offline-panel");

  async function showPanel(notice) {
    if (!panel) {
      return;
    }
    panel.hidden = false;
    const id = Number(panel.dataset.offlineMeeting);
    const record = await Core.meeting(id);
    const state = panel.querySelector('[data-role="offline-state"]');
    const store = panel.querySelector('[data-action="offline-store"]');
    const removeButton = panel.querySelector('[data-action="offline-remove"]');
    const noticeLine = panel.querySelector('[data-role="offline-notice"]');
    if (record) {
      state.textContent = stateLine(record);
      panel.dataset.offlineState = "stored";
      store.textContent = "Hent igen";
      removeButton.hidden = false;
    } else {
      state.textContent = "Mødet er ikke hentet til denne enhed.";
      panel.dataset.offlineState = "none";
      store.textContent = "Hent til offline";
      removeButton.hidden = true;
    }
    store.disabled = !navigator.onLine;
    const messages = [];
    if (notice) {
      messages.push(notice);
    }
    if (!navigator.onLine) {
      messages.push(
        record
          ? `Du er offline. Du ser udgaven, der blev hentet ${dayMonth(record.fetchedAt)} kl. ${clock(record.fetchedAt)}.`
          : "Du er offline.",
      );
    }
    noticeLine.textContent = messages.join(" ");
    noticeLine.hidden = messages.length === 0;
  }

  async function storeFromPanel() {
    const id = Number(panel.dataset.offlineMeeting);
    const progress = panel.querySelector('[data-role="offline-progress"]');
    const state = panel.querySelector('[data-role="offline-state"]');
    const store = panel.querySelector('[data-action="offline-store"]');
    store.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    panel.dataset.offlineState = "storing";
    state.textContent = "Henter mødet til offline …";
    if (navigator.storage && navigator.storage.persist) {
      // Ask the browser not to evict the stored meetings when space runs low.
      navigator.storage.persist().catch(() => false);
    }
    try {
      await Core.storeMeeting(id, {
        onProgress(done, total, bytes) {
          progress.value = Math.round((done / total) * 100);
          state.textContent = `Henter mødet til offline … ${progress.value} % (${megabytes(bytes)})`;
        },
      });
      progress.hidden = true;
      await showPanel();
    } catch (error) {
      progress.hidden = true;
      console.warn("offline:", error);
      await showPanel("Mødet kunne ikke hentes. Prøv igen, når forbindelsen er bedre.");
    }
  }

  if (panel) {
    panel.addEventListener("click", async (event) => {
      const button = event.target.closest("[data-action]");
      if (!button) {
        return;
      }
      if (button.dataset.action === "offline-store") {
        await storeFromPanel();
      } else if (button.dataset.action === "offline-remove") {
        await Core.removeMeeting(Number(panel.dataset.offlineMeeting));
        await showPanel("Mødet er fjernet fra enheden.");
      }
    });
  }

  // --- Notes written offline ------------------------------------------------------------------

  function noteStatus(form, text) {
    let status = form.querySelector(".private-note-status");
    if (!status) {
      status = element("span", { class: "private-note-status", role: "status" });
      form.querySelector('button[type="submit"]').after(status);
    }
    status.textContent = text;
  }

  async function queueFromForm(form) {
    const text = form.querySelector("textarea").value;
    await Core.queueNote({
      kind: form.dataset.noteKind,
      pk: Number(form.dataset.notePk),
      text,
      base: form.dataset.noteUpdated || "",
      page: location.pathname,
      label: document.title,
      conflict: null,
    });
    noteStatus(form, "Noten er gemt på enheden og sendes, når du er online igen.");
  }

  // Offline, the note never leaves the page: htmx and the plain form post are both stopped.
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target.closest("form[data-note-kind]");
      if (!form || navigator.onLine) {
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      queueFromForm(form);
    },
    true,
  );
  // Online but the request failed on the way: keep the note the same way.
  document.addEventListener("htmx:sendError", (event) => {
    const form = event.target.closest && event.target.closest("form[data-note-kind]");
    if (form) {
      queueFromForm(form);
    }
  });

  async function showQueuedNotes() {
    for (const note of await Core.pendingNotes()) {
      const form = document.querySelector(
        `form[data-note-kind="${note.kind}"][data-note-pk="${note.pk}"]`,
      );
      if (!form) {
        continue;
      }
      form.querySelector("textarea").value = note.text;
      form.querySelector("details").open = true;
      noteStatus(
        form,
        note.conflict
          ? "Noten er ændret på en anden enhed. Vælg, hvilken udgave du vil beholde, under »Møder på denne enhed«."
          : "Noten er gemt på enheden og sendes, når du er online igen.",
      );
    }
  }

  function noteSaved(note) {
    const form = document.querySelector(
      `form[data-note-kind="${note.kind}"][data-note-pk="${note.pk}"]`,
    );
    if (form) {
      form.dataset.noteUpdated = note.updatedAt || "";
      noteStatus(form, "Noten er sendt til portalen og gemt.");
    }
  }

  // --- The list of stored meetings (/offline/) ------------------------------------------------

  const stored = document.querySelector('[data-role="offline-stored"]');

  async function showOverview() {
    if (!stored) {
      return;
    }
    const connection = document.querySelector('[data-role="offline-connection"]');
    connection.textContent = navigator.onLine
      ? ""
      : "Du er offline. Møderne herunder kan læses fra enheden.";
    const list = stored.querySelector('[data-role="offline-list"]');
    const records = await Core.meetings();
    list.replaceChildren();
    for (const record of records) {
      const item = element("li", { class: "offline-list-item", "data-meeting": String(record.id) });
      const link = element("a", { href: record.url }, record.title);
      const line = element("p", { class: "offline-state" }, stateLine(record));
      const button = element(
        "button",
        { type: "button", class: "button button-unstyled function-link", "data-remove": String(record.id) },
        "Fjern fra enheden",
      );
      item.append(link, line, button);
      list.append(item);
    }
    stored.querySelector('[data-role="offline-empty"]').hidden = records.length > 0;
    await showPending();
  }

  async function showPending() {
    const section = document.querySelector('[data-role="offline-pending"]');
    if (!section) {
      return;
    }
    const list = section.querySelector('[data-role="offline-notes"]');
    const notes = await Core.pendingNotes();
    list.replaceChildren();
    for (const note of notes) {
      const item = element("li", { class: "offline-note", "data-note": note.key });
      item.append(element("p", { class: "offline-note-label" }, note.label || note.page));
      if (note.kind === "annotation") {
        // A highlight or note in a bilag: made on a replaced version, it is kept until the
        // member deletes it (the text and note stay readable in the viewer too).
        const what = note.op === "delete" ? "Sletning af en markering" : note.text || "Markering";
        item.append(element("p", { class: "offline-note-text" }, what));
        if (note.conflict) {
          item.classList.add("offline-note--conflict");
          item.append(
            element("p", { class: "offline-note-conflict" }, "Bilaget er kommet i en ny version, mens du var offline. Markeringen kunne ikke placeres; den er gemt på enheden og vises i bilaget under »Kunne ikke placeres i den nye version«."),
            element("button", { type: "button", class: "button button-secondary", "data-choose": "theirs" }, "Slet markeringen fra enheden"),
          );
        } else {
          item.append(element("p", { class: "offline-state" }, "Sendes, når du er online igen."));
        }
        list.append(item);
        continue;
      }
      if (note.conflict) {
        item.classList.add("offline-note--conflict");
        item.append(
          element("p", { class: "offline-note-conflict" }, "Noten er ændret på en anden enhed, mens du skrev offline. Begge udgaver er gemt; vælg, hvilken du vil beholde."),
        );
        const both = element("div", { class: "offline-note-versions" });
        const mine = element("div");
        mine.append(element("h3", { class: "h5" }, "Din udgave (skrevet offline)"), element("p", { class: "offline-note-text" }, note.text));
        const theirs = element("div");
        theirs.append(element("h3", { class: "h5" }, "Udgaven fra den anden enhed"), element("p", { class: "offline-note-text" }, note.conflict.text || "(noten er slettet)"));
        both.append(mine, theirs);
        item.append(both);
        const actions = element("div", { class: "offline-actions" });
        actions.append(
          element("button", { type: "button", class: "button button-primary", "data-choose": "mine" }, "Behold min udgave"),
          element("button", { type: "button", class: "button button-secondary", "data-choose": "theirs" }, "Behold den anden udgave"),
          element("button", { type: "button", class: "button button-secondary", "data-choose": "both" }, "Saml begge"),
        );
        item.append(actions);
      } else {
        item.append(element("p", { class: "offline-note-text" }, note.text), element("p", { class: "offline-state" }, "Sendes, når du er online igen."));
      }
      list.append(item);
    }
    section.hidden = notes.length === 0;
  }

  document.addEventListener("click", async (event) => {
    const remove = event.target.closest("[data-remove]");
    if (remove) {
      await Core.removeMeeting(Number(remove.dataset.remove));
      await showOverview();
      return;
    }
    const choose = event.target.closest("[data-choose]");
    if (choose) {
      const key = choose.closest("[data-note]").dataset.note;
      await Core.resolveNote(key, choose.dataset.choose);
      if (navigator.onLine) {
        await Core.flushNotes(csrfToken()).catch((error) => console.warn("offline:", error));
      }
      await showPending();
    }
  });

  // --- At each contact with the server ----------------------------------------------------

  function syncThroughWorker() {
    const controller = navigator.serviceWorker.controller;
    if (!controller) {
      return Core.sync();
    }
    return new Promise((resolve, reject) => {
      const channel = new MessageChannel();
      const timer = setTimeout(() => reject(new Error("the service worker did not answer")), 120000);
      channel.port1.onmessage = (event) => {
        clearTimeout(timer);
        if (event.data && event.data.error) {
          reject(new Error(event.data.error));
        } else {
          resolve(event.data);
        }
      };
      controller.postMessage({ type: "sync" }, [channel.port2]);
    });
  }

  let contacting = null;

  let retries = 0;

  async function contact() {
    if (logoutPending()) {
      // Logged out in another tab while offline: the log-out goes first, nothing is stored.
      showLoggedOut();
      await finishOnce();
      return;
    }
    let notice = "";
    let failed = false;
    try {
      const summary = await syncThroughWorker();
      const id = panel ? Number(panel.dataset.offlineMeeting) : null;
      if (id && !summary.wiped && summary.updated.includes(id)) {
        notice = "Mødet er opdateret på enheden: en nyere dagsorden eller et nyere bilag er hentet.";
      }
    } catch (error) {
      failed = true;
      console.warn("offline: check", error);
    }
    try {
      const notes = await Core.flushNotes(csrfToken());
      notes.saved.forEach(noteSaved);
      root.dataset.offlineNotes = String(notes.saved.length);
      // The bilag viewer shows what was sent, and what could not be placed (bilag-viewer.js).
      document.dispatchEvent(new CustomEvent("dap:offline-sent", { detail: notes }));
    } catch (error) {
      failed = true;
      console.warn("offline: notes", error);
    }
    await showPanel(notice);
    await showQueuedNotes();
    await showOverview();
    root.dataset.offlineSync = failed ? "failed" : "done";
    // The network often comes back a moment before it carries requests: try again shortly.
    if (failed && navigator.onLine && retries < 5) {
      retries += 1;
      setTimeout(contactOnce, 2000 * retries);
    } else if (!failed) {
      retries = 0;
    }
  }

  function contactOnce() {
    if (!contacting) {
      contacting = contact().finally(() => {
        contacting = null;
      });
    }
    return contacting;
  }

  async function start() {
    if (navigator.onLine) {
      await contactOnce();
    } else {
      await showPanel();
      await showQueuedNotes();
      await showOverview();
      root.dataset.offlineSync = "offline";
    }
  }

  window.addEventListener("online", () => {
    if (logoutPending()) {
      finishOnce(); // no check first: it would store the coming meetings again
      return;
    }
    root.dataset.offlineSync = "pending";
    contactOnce();
  });
  window.addEventListener("offline", () => {
    if (logoutPending()) {
      return;
    }
    showPanel();
    showOverview();
  });

  start().catch((error) => console.warn("offline:", error));
})();
