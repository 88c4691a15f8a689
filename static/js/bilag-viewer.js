// The bilag viewer: pdf.js (vendored from npm, static/vendor/pdfjs-dist) draws one page at a
// time on a canvas, with page navigation, zoom and search in the text of the PDF. Over the
// canvas lies pdf.js's text layer: the page's words as (transparent) text, so a screen reader
// reads them and they can be selected and copied. The file URL and the library's URLs come
// from data- attributes (no inline script: CSP script-src 'self').
//
// The reader's own highlights and notes ("Mine markeringer") are drawn as positioned elements
// in a layer between the canvas and the text layer. They are stored in PDF user space
// (points, origin bottom left; viewport.convertToPdfPoint and convertToViewportRectangle
// translate), so any zoom and a phone show them in the same place. Only the owner ever gets
// them from the server (meetings/annotations).
//
// Offline (issue 25): the device keeps the owner's marks with the meeting (the offline
// manifest lists the API's URL, the service worker answers it from the store). Marks made,
// changed or deleted without a network go into the queue the notes use (offline-core.js,
// window.DapOffline) and are sent when the device is online again; one made on a version of
// the bilag that has since been replaced is kept on the device and shown as not placed.

const section = document.querySelector(".pdf-viewer");

async function start() {
  const pdfjs = await import(section.dataset.libraryUrl);
  pdfjs.GlobalWorkerOptions.workerSrc = section.dataset.workerUrl;

  const canvas = section.querySelector('[data-role="canvas"]');
  const pageBox = section.querySelector('[data-role="page"]');
  const textLayerDiv = section.querySelector('[data-role="text-layer"]');
  const status = section.querySelector('[data-role="status"]');
  const pageInput = section.querySelector("#pdf-page");
  const pageCount = section.querySelector('[data-role="page-count"]');
  const zoomLabel = section.querySelector('[data-role="zoom"]');
  const searchForm = section.querySelector('[data-role="search"]');
  const searchInput = section.querySelector("#pdf-search");

  const params = new URLSearchParams(window.location.search);
  const state = {
    page: Number.parseInt(params.get("side") || "1", 10) || 1,
    scale: 1.0,
    term: "",
    rendering: null,
    textLayer: null,
    viewport: null,
    view: null,
  };
  const texts = new Map(); // page number -> its text items, fetched once

  // isEvalSupported: false keeps pdf.js from trying eval (refused by our CSP anyway).
  // The standard fonts and CMaps are vendored too, so a PDF that does not embed Helvetica,
  // or uses a CJK encoding, renders with its text.
  const pdf = await pdfjs.getDocument({
    url: section.dataset.pdfUrl,
    isEvalSupported: false,
    standardFontDataUrl: section.dataset.standardFontsUrl,
    cMapUrl: section.dataset.cmapsUrl,
    cMapPacked: true,
  }).promise;
  pageCount.textContent = String(pdf.numPages);
  state.page = Math.max(1, Math.min(pdf.numPages, state.page));
  pageInput.max = String(pdf.numPages);

  async function textOf(number) {
    if (!texts.has(number)) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      texts.set(number, content.items.filter((item) => typeof item.str === "string"));
    }
    return texts.get(number);
  }

  async function render() {
    if (state.rendering) {
      state.rendering.cancel();
    }
    const page = await pdf.getPage(state.page);
    const fit = Math.min(1.5, (section.clientWidth - 4) / page.getViewport({ scale: 1 }).width);
    const viewport = page.getViewport({ scale: fit * state.scale });
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = `${Math.floor(viewport.width)}px`;
    canvas.style.height = `${Math.floor(viewport.height)}px`;
    const context = canvas.getContext("2d");
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    state.rendering = page.render({ canvasContext: context, viewport });
    try {
      await state.rendering.promise;
    } catch (error) {
      if (error && error.name === "RenderingCancelledException") {
        return;
      }
      throw error;
    }
    state.rendering = null;
    state.viewport = viewport;
    state.view = page.view;
    await renderText(page, viewport);
    drawMarks();
    if (state.term) {
      context.fillStyle = "rgba(255, 221, 0, 0.45)";
      for (const item of await textOf(state.page)) {
        if (item.str.toLowerCase().includes(state.term)) {
          const box = pdfjs.Util.transform(viewport.transform, item.transform);
          const height = Math.hypot(box[2], box[3]);
          context.fillRect(box[4], box[5] - height, item.width * viewport.scale, height * 1.15);
        }
      }
    }
    pageInput.value = String(state.page);
    canvas.setAttribute("aria-label", `Side ${state.page} af ${pdf.numPages}`);
    // The real zoom: the page as drawn against its printed size (a PDF point is 1/72 inch, a
    // CSS pixel 1/96), not the user's factor on top of "fit to width" (a phone shrinks it).
    zoomLabel.textContent = `${Math.round((viewport.scale * 72 * 100) / 96)} %`;
    section.dataset.page = String(state.page);
    status.textContent = `Side ${state.page} af ${pdf.numPages}`;
  }

  // The page's text as pdf.js's text layer, positioned over the canvas.
  async function renderText(page, viewport) {
    if (state.textLayer) {
      state.textLayer.cancel();
    }
    textLayerDiv.replaceChildren();
    pageBox.style.setProperty("--scale-factor", String(viewport.scale));
    pageBox.style.width = `${Math.floor(viewport.width)}px`;
    pageBox.style.height = `${Math.floor(viewport.height)}px`;
    state.textLayer = new pdfjs.TextLayer({
      textContentSource: await page.getTextContent(),
      container: textLayerDiv,
      viewport,
    });
    try {
      await state.textLayer.render();
    } catch (error) {
      if (!error || error.name !== "AbortException") {
        console.warn("pdf.js text layer:", error);
      }
    }
    textLayerDiv.setAttribute("aria-label", `Tekst på side ${state.page}`);
  }

  function go(number) {
    const next = Math.max(1, Math.min(pdf.numPages, number));
    if (next !== state.page) {
      state.page = next;
    }
    return render();
  }

  async function find(term) {
    state.term = term.trim().toLowerCase();
    if (!state.term) {
      render();
      return;
    }
    // From the current page onwards, then from the start: the next page with a hit.
    for (let offset = 0; offset < pdf.numPages; offset += 1) {
      const number = ((state.page - 1 + offset) % pdf.numPages) + 1;
      const items = await textOf(number);
      if (items.some((item) => item.str.toLowerCase().includes(state.term))) {
        state.page = number;
        await render();
        status.textContent = `»${term.trim()}« fundet på side ${number} af ${pdf.numPages}`;
        return;
      }
    }
    await render();
    status.textContent = `»${term.trim()}« findes ikke i bilaget`;
  }

  section.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action]");
    if (!button) {
      return;
    }
    const action = button.dataset.action;
    if (action === "prev") {
      go(state.page - 1);
    } else if (action === "next") {
      go(state.page + 1);
    } else if (action === "zoom-in") {
      state.scale = Math.min(4, state.scale * 1.25);
      render();
    } else if (action === "zoom-out") {
      state.scale = Math.max(0.25, state.scale / 1.25);
      render();
    } else if (action === "pin") {
      startPin(event.detail === 0);
    } else if (action === "cancel-note") {
      closeForm();
    }
  });
  pageInput.addEventListener("change", () => go(Number.parseInt(pageInput.value, 10) || 1));
  searchForm.addEventListener("submit", (event) => {
    event.preventDefault();
    find(searchInput.value);
  });
  // --- The reader's own highlights and notes ------------------------------------------------

  const layer = section.querySelector('[data-role="annotation-layer"]');
  const markBar = section.querySelector('[data-role="mark-toolbar"]');
  const form = section.querySelector('[data-role="annotation-form"]');
  const formQuote = section.querySelector('[data-role="form-quote"]');
  const noteInput = form.querySelector("textarea");
  const list = section.querySelector('[data-role="annotation-list"]');
  const empty = section.querySelector('[data-role="annotation-empty"]');
  const unplacedBlock = section.querySelector('[data-role="unplaced-block"]');
  const unplacedList = section.querySelector('[data-role="unplaced-list"]');
  const COLOURS = { yellow: "gul", green: "grøn", blue: "blå", pink: "lyserød" };
  const Offline = window.DapOffline || null;
  const bilagId = Number(section.dataset.bilag);
  const deleteModal = document.getElementById("annotation-delete-modal");
  const panelHeading = section.querySelector("#annotations-heading");
  const marks = {
    list: [],
    version: Number(section.dataset.version),
    pending: null,
    form: null,
    current: null,
    pinning: false,
  };

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // No network: a TypeError, as fetch gives when the request cannot be made.
  class NoNetwork extends TypeError {}

  async function api(url, method, body) {
    if (!navigator.onLine && method !== "GET") {
      throw new NoNetwork("offline");
    }
    const response = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": csrfToken(),
        Accept: "application/json",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(data.error || "Markeringen kunne ikke gemmes. Prøv igen.");
    }
    return data;
  }

  function detailUrl(id) {
    return section.dataset.annotationUrl.replace(/\/0\/$/, `/${id}/`);
  }

  function isLocal(id) {
    return String(id).startsWith("local-");
  }

  // A mark made on the device and not yet on the server, as the API would give it.
  function localMark(id, body, conflict) {
    return {
      id,
      kind: body.kind,
      colour: body.colour,
      page: body.page,
      areas: body.areas,
      quote: { exact: "", prefix: "", suffix: "", ...body.quote },
      note: body.note || "",
      status: conflict ? "unplaced" : "placed",
      placed: !conflict,
      waiting: false,
      local: true,
      conflict: conflict || null,
    };
  }

  // The server's list (or the device's copy of it) with what waits in the queue laid over it.
  async function withQueued(rows) {
    if (!Offline) {
      return rows;
    }
    let records = [];
    try {
      records = await Offline.pendingAnnotations(bilagId);
    } catch (error) {
      return rows; // no IndexedDB here: nothing can be waiting
    }
    let merged = rows;
    for (const record of records) {
      if (record.op === "create") {
        merged.push(localMark(record.id, record.body, record.conflict));
      } else if (record.op === "delete") {
        merged = merged.filter((row) => row.id !== record.id);
      } else {
        merged = merged.map((row) =>
          row.id === record.id ? { ...row, ...record.body, queued: true } : row,
        );
      }
    }
    return merged;
  }

  async function queue(change) {
    await Offline.queueAnnotation({
      bilag: bilagId,
      label: document.title,
      ...change,
    });
  }

  function oneLine(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  function short(text, length = 60) {
    return text.length > length ? `${text.slice(0, length - 1)}…` : text;
  }

  function drawMarks() {
    layer.replaceChildren();
    if (!state.viewport) {
      return;
    }
    for (const mark of marks.list) {
      if (!mark.placed || mark.waiting || mark.page !== state.page) {
        continue;
      }
      for (const area of mark.areas) {
        const [a, b, c, d] = state.viewport.convertToViewportRectangle(area);
        const box = document.createElement("div");
        box.dataset.id = String(mark.id);
        box.className = `annotation-${mark.kind} annotation-colour-${mark.colour}`;
        if (mark.id === marks.current) {
          box.classList.add("is-current");
        }
        box.style.left = `${Math.min(a, c)}px`;
        box.style.top = `${Math.min(b, d)}px`;
        if (mark.kind === "highlight") {
          box.style.width = `${Math.abs(c - a)}px`;
          box.style.height = `${Math.abs(d - b)}px`;
        }
        if (mark.note) {
          box.title = mark.note;
        }
        layer.append(box);
      }
    }
  }

  function entry(mark) {
    const item = document.createElement("li");
    item.className = "annotation-entry";
    item.id = `markering-${mark.id}`;
    const head = document.createElement("p");
    head.className = "annotation-entry-head";
    const swatch = document.createElement("span");
    swatch.className = `annotation-swatch annotation-colour-${mark.colour}`;
    swatch.setAttribute("aria-hidden", "true");
    const where = document.createElement("strong");
    const what = mark.kind === "note" ? "Note" : `Markering (${COLOURS[mark.colour] || ""})`;
    where.textContent = mark.placed ? `${what}, side ${mark.page}` : what;
    head.append(swatch, where);
    if (mark.quote.exact) {
      const quote = document.createElement("q");
      quote.textContent = mark.quote.exact;
      head.append(" ", quote);
    }
    item.append(head);
    if (mark.note) {
      const note = document.createElement("p");
      note.className = "annotation-entry-note";
      note.textContent = mark.note;
      item.append(note);
    }
    if (mark.conflict) {
      const line = document.createElement("p");
      line.className = "annotation-entry-state";
      line.textContent =
        "Lavet offline på en tidligere version af bilaget. Den er gemt på enheden med tekst og note.";
      item.append(line);
    } else if (mark.local || mark.queued) {
      const line = document.createElement("p");
      line.className = "annotation-entry-state";
      line.textContent = "Gemt på enheden. Sendes, når du er online igen.";
      item.append(line);
    }
    const label = mark.quote.exact ? `»${short(mark.quote.exact, 40)}«` : `noten på side ${mark.page}`;
    const buttons = document.createElement("div");
    buttons.className = "annotation-entry-buttons";
    const button = (text, aria, handler) => {
      const element = document.createElement("button");
      element.type = "button";
      element.className = "button button-secondary button-small";
      element.textContent = text;
      element.setAttribute("aria-label", aria);
      element.addEventListener("click", handler);
      buttons.append(element);
    };
    if (mark.placed && !mark.waiting) {
      button("Vis", `Vis ${label} på side ${mark.page}`, () => jump(mark.id));
    }
    button(mark.note ? "Ret note" : "Skriv note", `Note til ${label}`, () =>
      openForm({ mode: "edit", id: mark.id, quote: mark.quote.exact, page: mark.page, note: mark.note }),
    );
    if (mark.kind === "highlight") {
      const next = Object.keys(COLOURS)[(Object.keys(COLOURS).indexOf(mark.colour) + 1) % 4];
      button("Skift farve", `Skift farve på ${label} til ${COLOURS[next]}`, () =>
        change(mark.id, { colour: next }, `Farven er nu ${COLOURS[next]}.`),
      );
    }
    button("Slet", `Slet ${label}`, (event) => confirmRemove(event, mark.id, label));
    item.append(buttons);
    return item;
  }

  function showList() {
    const placed = marks.list.filter((mark) => mark.placed);
    const unplaced = marks.list.filter((mark) => !mark.placed);
    placed.sort((a, b) => a.page - b.page || a.id - b.id);
    list.replaceChildren(...placed.map(entry));
    unplacedList.replaceChildren(...unplaced.map(entry));
    unplacedBlock.hidden = unplaced.length === 0;
    empty.hidden = marks.list.length > 0;
  }

  async function jump(id) {
    const mark = marks.list.find((row) => row.id === id);
    if (!mark) {
      return;
    }
    marks.current = id;
    await go(mark.page);
    const box = layer.querySelector(`[data-id="${id}"]`);
    if (box) {
      box.scrollIntoView({ block: "center", behavior: "smooth" });
    }
    status.textContent = `Markeringen er på side ${mark.page} af ${pdf.numPages}`;
  }

  // The selection on the page: its rectangles in PDF user space, and its text with some text
  // before and after it (the W3C text quote selector) to find it again in a new version.
  function selectionOnPage() {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0 || !state.viewport) {
      return null;
    }
    const range = selection.getRangeAt(0);
    if (!textLayerDiv.contains(range.commonAncestorContainer)) {
      return null;
    }
    const exact = oneLine(selection.toString());
    if (!exact) {
      return null;
    }
    const origin = pageBox.getBoundingClientRect();
    const rects = [...range.getClientRects()].filter((rect) => rect.width >= 1 && rect.height >= 1);
    const heights = rects.map((rect) => rect.height).sort((a, b) => a - b);
    const typical = heights[Math.floor(heights.length / 2)] || 0;
    const [left, bottom, right, top] = state.view;
    const areas = [];
    for (const rect of rects) {
      if (rect.height > typical * 3) {
        continue; // the end-of-content filler pdf.js puts after the text, not a line
      }
      const [x0, y0] = state.viewport.convertToPdfPoint(rect.left - origin.left, rect.top - origin.top);
      const [x1, y1] = state.viewport.convertToPdfPoint(rect.right - origin.left, rect.bottom - origin.top);
      const area = [
        Math.max(left, Math.min(x0, x1)),
        Math.max(bottom, Math.min(y0, y1)),
        Math.min(right, Math.max(x0, x1)),
        Math.min(top, Math.max(y0, y1)),
      ];
      if (area[2] <= area[0] || area[3] <= area[1]) {
        continue;
      }
      // One rectangle per line: a span on the line of the one before widens it.
      const last = areas[areas.length - 1];
      const overlap = last ? Math.min(last[3], area[3]) - Math.max(last[1], area[1]) : 0;
      if (last && overlap > 0.5 * Math.min(last[3] - last[1], area[3] - area[1])) {
        last[0] = Math.min(last[0], area[0]);
        last[1] = Math.min(last[1], area[1]);
        last[2] = Math.max(last[2], area[2]);
        last[3] = Math.max(last[3], area[3]);
      } else {
        areas.push(area);
      }
    }
    if (areas.length === 0) {
      return null;
    }
    const before = document.createRange();
    before.selectNodeContents(textLayerDiv);
    before.setEnd(range.startContainer, range.startOffset);
    const after = document.createRange();
    after.selectNodeContents(textLayerDiv);
    after.setStart(range.endContainer, range.endOffset);
    return {
      kind: "highlight",
      page: state.page,
      areas: areas.slice(0, 200),
      quote: {
        exact: exact.slice(0, 2000),
        prefix: oneLine(before.toString()).slice(-32),
        suffix: oneLine(after.toString()).slice(0, 32),
      },
    };
  }

  document.addEventListener("selectionchange", () => {
    const found = selectionOnPage();
    if (found) {
      marks.pending = found;
      markBar.hidden = false;
    } else if (!markBar.contains(document.activeElement)) {
      marks.pending = null;
      markBar.hidden = true;
    }
  });
  // A click on a colour keeps the selection it is about.
  markBar.addEventListener("pointerdown", (event) => event.preventDefault());
  markBar.addEventListener("click", (event) => {
    const button = event.target.closest("[data-mark]");
    if (!button || !marks.pending) {
      return;
    }
    const pending = marks.pending;
    if (button.dataset.withNote) {
      openForm({ mode: "new", pending, colour: button.dataset.mark });
    } else {
      create(pending, button.dataset.mark, "");
    }
  });

  async function create(pending, colour, note) {
    const body = {
      version: marks.version,
      kind: pending.kind,
      colour,
      page: pending.page,
      areas: pending.areas,
      quote: pending.quote,
      note,
    };
    let offline = false;
    try {
      let mark;
      try {
        mark = await api(section.dataset.annotationsUrl, "POST", body);
      } catch (error) {
        if (!(error instanceof TypeError) || !Offline) {
          throw error;
        }
        // No network: kept on the device, sent by the notes' queue when online again.
        const id = `local-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
        await queue({ op: "create", id, url: section.dataset.annotationsUrl, body });
        mark = localMark(id, body, null);
        offline = true;
      }
      marks.list.push(mark);
      marks.pending = null;
      markBar.hidden = true;
      document.getSelection().removeAllRanges();
      showList();
      drawMarks();
      if (offline) {
        status.textContent = "Du er offline. Markeringen er gemt på enheden og sendes, når du er online igen.";
      } else if (pending.kind === "note") {
        status.textContent = "Noten er gemt.";
      } else {
        status.textContent = note.trim() ? "Markeringen og noten er gemt." : "Markeringen er gemt.";
      }
      return true;
    } catch (error) {
      status.textContent = error.message;
      return false;
    }
  }

  async function change(id, fields, done) {
    try {
      let mark;
      try {
        if (isLocal(id)) {
          throw new NoNetwork("not on the server yet");
        }
        mark = await api(detailUrl(id), "PATCH", fields);
      } catch (error) {
        if (!(error instanceof TypeError) || !Offline) {
          throw error;
        }
        await queue({ op: "update", id, url: detailUrl(id), body: fields });
        const row = marks.list.find((one) => one.id === id);
        mark = { ...row, ...fields, queued: !isLocal(id) };
        done = `${done} Ændringen er gemt på enheden og sendes, når du er online igen.`;
      }
      marks.list = marks.list.map((row) => (row.id === id ? mark : row));
      showList();
      drawMarks();
      status.textContent = done;
      return true;
    } catch (error) {
      status.textContent = error.message;
      return false;
    }
  }

  // Deleting asks first, in the design system's modal (DKFDS): focus moves into it, the page
  // behind is inert, Escape or "Annullér" closes it and focus returns to the "Slet" button.
  const confirmation = { id: null, modal: null };

  function confirmRemove(event, id, label) {
    if (!deleteModal || !window.DKFDS || !window.DKFDS.Modal) {
      remove(id); // without the design system's script: no dialog can be shown
      return;
    }
    confirmation.id = id;
    deleteModal.querySelector('[data-role="delete-question"]').textContent =
      `Vil du slette ${label}? Noten slettes også, og det kan ikke fortrydes.`;
    confirmation.modal = new window.DKFDS.Modal(deleteModal);
    confirmation.modal.show(event);
  }

  if (deleteModal) {
    deleteModal.querySelector('[data-role="delete-confirm"]').addEventListener("click", () => {
      const id = confirmation.id;
      confirmation.id = null;
      if (confirmation.modal) {
        confirmation.modal.hide();
      }
      if (id !== null) {
        remove(id);
      }
    });
  }

  async function remove(id) {
    try {
      let queued = false;
      try {
        if (isLocal(id)) {
          throw new NoNetwork("not on the server yet");
        }
        await api(detailUrl(id), "DELETE");
      } catch (error) {
        if (!(error instanceof TypeError) || !Offline) {
          throw error;
        }
        await queue({ op: "delete", id, url: detailUrl(id) });
        queued = !isLocal(id);
      }
      marks.list = marks.list.filter((row) => row.id !== id);
      showList();
      drawMarks();
      status.textContent = queued
        ? "Markeringen er slettet på enheden og slettes i portalen, når du er online igen."
        : "Markeringen er slettet.";
      // The entry and its button are gone: focus goes to the panel, not to <body>.
      panelHeading.focus();
    } catch (error) {
      status.textContent = error.message;
    }
  }

  function openForm(context) {
    marks.form = context;
    const quote = context.pending ? context.pending.quote.exact : context.quote;
    const page = context.pending ? context.pending.page : context.page;
    formQuote.textContent = quote ? `Note til »${short(quote, 120)}«` : `Note på side ${page}`;
    noteInput.value = context.note || "";
    form.hidden = false;
    noteInput.focus();
  }

  function closeForm() {
    marks.form = null;
    marks.pinning = false;
    form.hidden = true;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const context = marks.form;
    if (!context) {
      return;
    }
    const note = noteInput.value;
    const saved =
      context.mode === "new"
        ? await create(context.pending, context.colour || "yellow", note)
        : await change(context.id, { note }, "Noten er gemt.");
    if (saved) {
      closeForm();
    }
  });

  // A note pinned to a point: the next click on the page places it; from the keyboard it is
  // put in the page's top left corner.
  function startPin(fromKeyboard) {
    if (fromKeyboard) {
      pinAt(24, 24);
      return;
    }
    marks.pinning = true;
    status.textContent = "Klik på det sted på siden, hvor noten skal stå.";
  }

  function pinAt(x, y) {
    marks.pinning = false;
    const [px, py] = state.viewport.convertToPdfPoint(x, y);
    const point = [px, py, px, py];
    openForm({
      mode: "new",
      colour: "yellow",
      pending: { kind: "note", page: state.page, areas: [point], quote: { exact: "", prefix: "", suffix: "" } },
    });
  }

  pageBox.addEventListener("click", (event) => {
    if (!marks.pinning || !state.viewport) {
      return;
    }
    const origin = pageBox.getBoundingClientRect();
    pinAt(event.clientX - origin.left, event.clientY - origin.top);
  });

  async function load() {
    try {
      const data = await api(section.dataset.annotationsUrl, "GET");
      marks.list = data.annotations;
      marks.version = data.version;
    } catch (error) {
      // Offline without the device's copy: what waits in the queue is still shown.
      status.textContent = navigator.onLine
        ? error.message
        : "Du er offline. Dine markeringer i bilaget er ikke gemt på enheden.";
    }
    marks.list = await withQueued(marks.list);
    showList();
    drawMarks();
  }

  // The notes' queue was sent (offline.js): the server now has what was made offline.
  document.addEventListener("dap:offline-sent", async (event) => {
    const mine = (records) => records.filter((r) => r.kind === "annotation" && r.bilag === bilagId);
    const sent = mine(event.detail.saved);
    const placedNot = mine(event.detail.conflicts);
    if (sent.length === 0 && placedNot.length === 0) {
      return;
    }
    await load();
    const parts = [];
    if (sent.length) {
      parts.push("Markeringerne, du lavede offline, er sendt til portalen.");
    }
    if (placedNot.length) {
      parts.push(
        "Bilaget er kommet i en ny version: en markering, du lavede offline, kunne ikke placeres. Den er gemt på enheden.",
      );
    }
    status.textContent = parts.join(" ");
    section.dataset.annotationsSent = String(sent.length);
  });

  await render();
  await load();
  const wanted = /^#markering-(\d+)$/.exec(window.location.hash);
  if (wanted) {
    jump(Number(wanted[1]));
  }
}

if (section) {
  start().catch((error) => {
    const status = section.querySelector('[data-role="status"]');
    status.textContent = "Bilaget kunne ikke vises. Hent originalfilen i stedet.";
    console.warn("pdf.js:", error);
  });
}
