// The portal's service worker (issue 16). Online, every request goes to the server as
// before; when the network fails, a meeting stored for offline reading answers from Cache
// Storage, the meeting list becomes the list of stored meetings, and any other page says it
// is not available offline. The configuration comes from /sw.js (self.DAP_OFFLINE).
/* global DapOffline */
(function () {
  "use strict";

  const CONFIG = self.DAP_OFFLINE;
  const Core = self.DapOffline;
  Core.configure(CONFIG);

  let syncing = null;

  function syncOnce() {
    if (!syncing) {
      syncing = Core.sync().finally(() => {
        syncing = null;
      });
    }
    return syncing;
  }

  self.addEventListener("install", () => self.skipWaiting());
  self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

  // The page asks for the check at each contact (it cannot be done while offline).
  self.addEventListener("message", (event) => {
    const port = event.ports[0];
    const type = event.data && event.data.type;
    let work = null;
    if (type === "sync") {
      work = syncOnce();
    } else if (type === "wipe") {
      work = Core.wipe().then(() => ({ wiped: true }));
    }
    if (work) {
      event.waitUntil(
        work.then(
          (result) => port && port.postMessage(result),
          (error) => port && port.postMessage({ error: String(error) }),
        ),
      );
    }
  });

  function offlinePage(title, text) {
    const html = `<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} – DAP-portalen</title></head><body><main><h1>${title}</h1><p>${text}</p><p><a href="${CONFIG.overview}">Møder på denne enhed</a></p></main></body></html>`;
    return new Response(html, {
      status: 503,
      headers: { "Content-Type": "text/html; charset=utf-8" },
    });
  }

  async function fromStore(request) {
    await Core.expire().catch(() => []);
    const cached = await caches.match(request.url, { ignoreVary: true, ignoreSearch: false });
    if (cached) {
      return cached;
    }
    if (request.mode === "navigate") {
      const path = new URL(request.url).pathname;
      const list = path === "/" || path === CONFIG.meetings;
      const page = await caches.match(list ? CONFIG.overview : CONFIG.unavailable, {
        ignoreVary: true,
      });
      if (page) {
        return page;
      }
      return offlinePage(
        "Siden er ikke tilgængelig offline",
        "Du har ikke forbindelse til portalen, og siden er ikke gemt på denne enhed.",
      );
    }
    return Response.error();
  }

  // Written only when new or changed (unhashed names in development), not at every load.
  async function keepStatic(request, response) {
    const cache = await caches.open(Core.SHELL_CACHE);
    const cached = await cache.match(request, { ignoreVary: true });
    const same = (name) => cached.headers.get(name) === response.headers.get(name);
    if (cached && same("last-modified") && same("content-length") && same("etag")) {
      return;
    }
    await cache.put(request, response);
  }

  function isJson(response) {
    return (response.headers.get("content-type") || "").startsWith("application/json");
  }

  // Replace a stored meeting's copy of a URL (never adds one the manifest did not list).
  async function refreshStored(request, response) {
    for (const name of await caches.keys()) {
      if (!name.startsWith(Core.MEETING_PREFIX)) {
        continue;
      }
      const cache = await caches.open(name);
      if (await cache.match(request.url, { ignoreVary: true })) {
        await cache.put(request.url, response);
        return;
      }
    }
  }

  async function networkFirst(event) {
    const request = event.request;
    try {
      const response = await fetch(request);
      const path = new URL(request.url).pathname;
      if (response.ok && response.type === "basic" && path.startsWith(CONFIG.static)) {
        // The pages' own files, kept as they are used, so a stored page can draw offline.
        event.waitUntil(keepStatic(request, response.clone()));
      } else if (response.ok && isJson(response)) {
        // The member's own marks in a bilag, read online after a change: the stored copy
        // follows at once, not only at the next check.
        event.waitUntil(refreshStored(request, response.clone()));
      }
      return response;
    } catch (error) {
      return fromStore(request);
    }
  }

  self.addEventListener("fetch", (event) => {
    const request = event.request;
    const url = new URL(request.url);
    if (request.method !== "GET" || url.origin !== self.location.origin) {
      return;
    }
    if (url.pathname === CONFIG.sw || url.pathname === CONFIG.status) {
      return;
    }
    event.respondWith(networkFirst(event));
  });
})();
