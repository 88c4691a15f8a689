// The bilag viewer: pdf.js (vendored from npm, static/vendor/pdfjs-dist) draws one page at a
// time on a canvas, with page navigation, zoom and search in the text of the PDF. Over the
// canvas lies pdf.js's text layer: the page's words as (transparent) text, so a screen reader
// reads them and they can be selected and copied. The file URL and the library's URLs come
// from data- attributes (no inline script: CSP script-src 'self').

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

  const state = { page: 1, scale: 1.0, term: "", rendering: null, textLayer: null };
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
    await renderText(page, viewport);
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
    render();
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
    }
  });
  pageInput.addEventListener("change", () => go(Number.parseInt(pageInput.value, 10) || 1));
  searchForm.addEventListener("submit", (event) => {
    event.preventDefault();
    find(searchInput.value);
  });
  await render();
}

if (section) {
  start().catch((error) => {
    const status = section.querySelector('[data-role="status"]');
    status.textContent = "Bilaget kunne ikke vises. Hent originalfilen i stedet.";
    console.warn("pdf.js:", error);
  });
}
