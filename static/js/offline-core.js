// Meetings kept on the device for reading offline (issue 16). Shared by the page script
// (offline.js) and the service worker (offline-sw.js): Cache Storage holds the responses, one
// cache per meeting plus one for the pages' static files; IndexedDB holds what is stored
// (versions, size, when), the notes waiting to be sent, and whose device copy it is.
(function (scope) {
  "use strict";

  const DB_NAME = "dap-offline";
  const SHELL_CACHE = "dap-shell";
  const MEETING_PREFIX = "dap-meeting-";
  const DAY = 24 * 60 * 60 * 1000;
  // A change in one of these is a newer agenda or bilag: the page says "opdateret".
  const CONTENT_KINDS = new Set(["agenda", "bilag-view", "bilag-file"]);

  let config = {};
  let dbPromise = null;

  class Lost extends Error {}

  function configure(value) {
    config = value;
  }

  function asPromise(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  function completed(transaction) {
    return new Promise((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  }

  function db() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const open = indexedDB.open(DB_NAME, 1);
        open.onupgradeneeded = () => {
          const database = open.result;
          database.createObjectStore("meetings", { keyPath: "id" });
          database.createObjectStore("notes", { keyPath: "key" });
          database.createObjectStore("meta", { keyPath: "key" });
        };
        open.onsuccess = () => {
          const database = open.result;
          // Another context deleting the database (logout) must not wait for us.
          database.onversionchange = () => {
            database.close();
            dbPromise = null;
          };
          resolve(database);
        };
        open.onerror = () => reject(open.error);
      });
    }
    return dbPromise;
  }

  async function getAll(store) {
    const database = await db();
    return asPromise(database.transaction(store).objectStore(store).getAll());
  }

  async function get(store, key) {
    const database = await db();
    return asPromise(database.transaction(store).objectStore(store).get(key));
  }

  async function put(store, value) {
    const database = await db();
    const transaction = database.transaction(store, "readwrite");
    transaction.objectStore(store).put(value);
    return completed(transaction);
  }

  async function remove(store, key) {
    const database = await db();
    const transaction = database.transaction(store, "readwrite");
    transaction.objectStore(store).delete(key);
    return completed(transaction);
  }

  function meetingCache(id) {
    return MEETING_PREFIX + id;
  }

  function manifestUrl(id) {
    return config.manifestPattern.replace("/0.json", `/${id}.json`);
  }

  function isLogin(response) {
    return response.redirected && new URL(response.url).pathname === config.login;
  }

  async function fetchJson(url) {
    const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    if (isLogin(response)) {
      throw new Lost("logged out");
    }
    if (response.status === 404) {
      throw new Lost("not found");
    }
    if (!response.ok) {
      throw new Error(`${url}: ${response.status}`);
    }
    return response.json();
  }

  // The response of one URL into a cache; its size, or null when it could not be fetched.
  async function fetchInto(cache, url) {
    // The header tells the server this is a copy for the device, not the member reading.
    const response = await fetch(url, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { "X-DAP-Offline": "store" },
    });
    if (isLogin(response)) {
      throw new Lost("logged out");
    }
    if (!response.ok || response.redirected) {
      return null;
    }
    const blob = await response.clone().blob();
    await cache.put(url, response);
    return blob.size;
  }

  async function storeShell(urls) {
    const cache = await caches.open(SHELL_CACHE);
    for (const url of urls) {
      if (!(await cache.match(url))) {
        await fetchInto(cache, url);
      }
    }
  }

  // Fetch what the manifest lists that the device does not have in this version.
  async function fill(manifest, previous, onProgress) {
    const cache = await caches.open(meetingCache(manifest.meeting));
    const versions = {};
    const sizes = {};
    let changed = false;
    let done = 0;
    const total = manifest.entries.length + 1;
    for (const entry of manifest.entries) {
      const known = previous && previous.versions[entry.url] === entry.version;
      if (known && (await cache.match(entry.url))) {
        versions[entry.url] = entry.version;
        sizes[entry.url] = previous.sizes[entry.url] || 0;
      } else {
        const size = await fetchInto(cache, entry.url);
        if (size !== null) {
          versions[entry.url] = entry.version;
          sizes[entry.url] = size;
        }
        if (previous && CONTENT_KINDS.has(entry.kind)) {
          changed = true;
        }
      }
      done += 1;
      if (onProgress) {
        onProgress(done, total, Object.values(sizes).reduce((a, b) => a + b, 0));
      }
    }
    // What the member may no longer read (or what is gone) leaves the device.
    const listed = new Set(manifest.entries.map((entry) => entry.url));
    for (const request of await cache.keys()) {
      const path = new URL(request.url).pathname;
      if (!listed.has(path)) {
        await cache.delete(request);
        changed = changed || Boolean(previous);
      }
    }
    await storeShell(manifest.shell);
    if (onProgress) {
      onProgress(total, total, Object.values(sizes).reduce((a, b) => a + b, 0));
    }
    return { versions, sizes, changed };
  }

  async function storeMeeting(id, { onProgress = null, auto = false } = {}) {
    const manifest = await fetchJson(manifestUrl(id));
    const previous = await get("meetings", manifest.meeting);
    const { versions, sizes, changed } = await fill(manifest, previous, onProgress);
    const now = Date.now();
    const record = {
      id: manifest.meeting,
      title: manifest.title,
      date: manifest.date,
      url: manifest.url,
      version: manifest.version,
      versions,
      sizes,
      size: Object.values(sizes).reduce((a, b) => a + b, 0),
      // A meeting fetched again by hand starts its time on the device again.
      storedAt: auto && previous ? previous.storedAt : now,
      fetchedAt: now,
      updatedAt: changed ? now : previous ? previous.updatedAt : null,
      auto: auto && (!previous || previous.auto),
    };
    await put("meetings", record);
    return record;
  }

  async function removeMeeting(id) {
    await caches.delete(meetingCache(id));
    await remove("meetings", id);
  }

  async function meetings() {
    const records = await getAll("meetings");
    return records.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  async function meeting(id) {
    return get("meetings", Number(id));
  }

  async function expire(maxAgeDays) {
    const removed = [];
    const limit = Date.now() - (maxAgeDays || config.maxAgeDays || 30) * DAY;
    for (const record of await getAll("meetings")) {
      if (record.storedAt < limit) {
        await removeMeeting(record.id);
        removed.push(record.id);
      }
    }
    return removed;
  }

  // Everything the portal stored in this browser: caches and the database.
  async function wipe() {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith("dap-")).map((n) => caches.delete(n)));
    if (dbPromise) {
      try {
        (await dbPromise).close();
      } catch (error) {
        // A database that never opened has nothing to close.
      }
      dbPromise = null;
    }
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(DB_NAME);
      request.onsuccess = () => resolve();
      request.onerror = () => resolve();
      // Blocked: another context still has it open; it closes on versionchange.
      setTimeout(resolve, 5000);
    });
  }

  // At each contact with the server: who is logged in, whether each stored meeting may still
  // be read and is current, and which coming meetings to store.
  async function sync() {
    const summary = { removed: [], updated: [], stored: [], wiped: false };
    const records = await getAll("meetings");
    const query = records.map((record) => `m=${record.id}`).join("&");
    let status;
    try {
      status = await fetchJson(config.status + (query ? `?${query}` : ""));
    } catch (error) {
      if (error instanceof Lost) {
        await wipe();
        summary.wiped = true;
        return summary;
      }
      throw error;
    }
    const owner = await get("meta", "user");
    if (status.user === null || (owner && owner.value !== status.user)) {
      await wipe();
      summary.wiped = true;
      if (status.user === null) {
        return summary;
      }
    }
    await put("meta", { key: "user", value: status.user });
    summary.removed.push(...(await expire(status.max_age_days)));
    for (const record of await getAll("meetings")) {
      const version = status.meetings[String(record.id)];
      if (version === null) {
        await removeMeeting(record.id);
        summary.removed.push(record.id);
      } else if (version !== undefined && version !== record.version) {
        try {
          const fresh = await storeMeeting(record.id, { auto: true });
          if (fresh.updatedAt && fresh.updatedAt !== record.updatedAt) {
            summary.updated.push(record.id);
          }
        } catch (error) {
          if (error instanceof Lost) {
            await removeMeeting(record.id);
            summary.removed.push(record.id);
          } else {
            throw error;
          }
        }
      }
    }
    const stored = new Set((await getAll("meetings")).map((record) => record.id));
    for (const id of status.auto) {
      if (!stored.has(id)) {
        await storeMeeting(id, { auto: true });
        summary.stored.push(id);
      }
    }
    return summary;
  }

  // --- Notes written on the device, sent when the network is there --------------------------

  async function queueNote(note) {
    await put("notes", { ...note, key: `${note.kind}:${note.pk}`, queuedAt: Date.now() });
  }

  async function pendingNotes() {
    return getAll("notes");
  }

  async function sendNote(note, csrfToken) {
    const body = new URLSearchParams({
      kind: note.kind,
      pk: String(note.pk),
      text: note.text,
      base: note.base || "",
    });
    const response = await fetch(config.notes, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken, Accept: "application/json" },
    });
    if (isLogin(response)) {
      throw new Lost("logged out");
    }
    return { status: response.status, data: await response.json().catch(() => ({})) };
  }

  // --- Highlights and notes in a bilag made on the device (issue 25), in the same queue -----
  // One record per annotation, kind "annotation": "annotation:<id>" changes or deletes one
  // the server has; "annotation:local-…" is one made on the device (op "create"), and a
  // change to it before it is sent changes what will be sent. `url` is the API's URL.

  function isLocal(id) {
    return String(id).startsWith("local-");
  }

  async function queueAnnotation({ op, id, bilag, url, body = null, label = "" }) {
    const key = `annotation:${id}`;
    const known = await get("notes", key);
    const base = { kind: "annotation", key, id, bilag, label, queuedAt: Date.now() };
    if (isLocal(id)) {
      if (op === "delete") {
        // Never sent: deleting it on the device is all there is to do.
        if (known) {
          await remove("notes", key);
        }
        return;
      }
      const merged = known ? { ...known.body, ...body } : body;
      await put("notes", {
        ...base,
        op: "create",
        url: known ? known.url : url,
        body: merged,
        text: merged.note || (merged.quote && merged.quote.exact) || "",
        conflict: known ? known.conflict : null,
      });
      return;
    }
    if (op === "delete") {
      await put("notes", { ...base, op, url, body: null, text: "", conflict: null });
      return;
    }
    const merged = known && known.op === "update" ? { ...known.body, ...body } : body;
    await put("notes", {
      ...base,
      op: "update",
      url,
      body: merged,
      text: merged.note || "",
      conflict: null,
    });
  }

  async function pendingAnnotations(bilag) {
    const records = await getAll("notes");
    return records.filter((record) => record.kind === "annotation" && record.bilag === bilag);
  }

  const METHODS = { create: "POST", update: "PATCH", delete: "DELETE" };

  async function sendAnnotation(record, csrfToken) {
    const response = await fetch(record.url, {
      method: METHODS[record.op],
      body: record.body ? JSON.stringify(record.body) : undefined,
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": csrfToken,
        Accept: "application/json",
      },
    });
    if (isLogin(response)) {
      throw new Lost("logged out");
    }
    return { status: response.status, data: await response.json().catch(() => ({})) };
  }

  async function flushNotes(csrfToken) {
    const result = { saved: [], conflicts: [], dropped: [] };
    for (const note of await getAll("notes")) {
      if (note.conflict) {
        result.conflicts.push(note);
        continue;
      }
      if (note.kind === "annotation") {
        const { status, data } = await sendAnnotation(note, csrfToken);
        if (status === 200 || status === 201 || (note.op === "delete" && status === 404)) {
          await remove("notes", note.key);
          result.saved.push({ ...note, saved: data });
        } else if (status === 409) {
          // Made on a version of the bilag that has since been replaced: kept on the device
          // with its text and note, shown as not placed; never lost.
          note.conflict = { message: data.error || "", text: "" };
          await put("notes", note);
          result.conflicts.push(note);
        } else if (status === 400 || status === 404) {
          await remove("notes", note.key);
          result.dropped.push(note);
        } else {
          throw new Error(`markeringer: ${status}`);
        }
        continue;
      }
      const { status, data } = await sendNote(note, csrfToken);
      if (status === 200) {
        await remove("notes", note.key);
        result.saved.push({ ...note, updatedAt: data.updated_at, text: data.text });
      } else if (status === 409) {
        note.conflict = { text: data.server_text, updatedAt: data.server_updated_at };
        await put("notes", note);
        result.conflicts.push(note);
      } else if (status === 400 || status === 404) {
        // Not the member's to write any more (or not a note at all): it cannot be kept.
        await remove("notes", note.key);
        result.dropped.push(note);
      } else {
        throw new Error(`noter: ${status}`);
      }
    }
    return result;
  }

  // The member's choice in a conflict: "mine", "theirs" or "both" (the two texts joined).
  async function resolveNote(key, choice) {
    const note = await get("notes", key);
    if (!note || !note.conflict) {
      return;
    }
    if (choice === "theirs") {
      await remove("notes", key);
      return;
    }
    if (choice === "both") {
      note.text = `${note.conflict.text}\n\n---\n\n${note.text}`;
    }
    note.base = note.conflict.updatedAt;
    note.conflict = null;
    await put("notes", note);
  }

  scope.DapOffline = {
    configure,
    storeMeeting,
    removeMeeting,
    meetings,
    meeting,
    expire,
    wipe,
    sync,
    queueNote,
    queueAnnotation,
    pendingAnnotations,
    pendingNotes,
    flushNotes,
    resolveNote,
    Lost,
    SHELL_CACHE,
    MEETING_PREFIX,
  };
})(self);
