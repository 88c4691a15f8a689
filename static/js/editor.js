// The secretariat's agenda editor: rich text (Quill), drag-and-drop ordering (SortableJS),
// the keyboard's move buttons, files dropped onto an item, and messages for failed requests.
// A file, never inline (CSP script-src 'self'). Every form also works without this script:
// it only makes the same requests without reloading the page.
(function () {
  "use strict";

  var messageArea = function () {
    return document.getElementById("editor-messages");
  };

  // A message about a form belongs beside that form, where the user is working, not at the
  // top of a long page: a slot just before the form, made when first needed.
  function messageSlot(element) {
    var form = element && element.closest ? element.closest("form, .editor-section") : null;
    if (!form || !form.parentNode) return messageArea();
    var slot = form.previousElementSibling;
    if (!slot || !slot.classList.contains("request-message")) {
      slot = document.createElement("div");
      slot.className = "request-message";
      slot.setAttribute("aria-live", "polite");
      form.parentNode.insertBefore(slot, form);
    }
    return slot;
  }

  function announce(text, level, near) {
    var area = near ? messageSlot(near) : messageArea();
    if (!area) return;
    var alert = document.createElement("div");
    alert.className = "alert alert-" + (level || "info");
    alert.setAttribute("role", level === "error" ? "alert" : "status");
    var body = document.createElement("div");
    body.className = "alert-body";
    var p = document.createElement("p");
    p.className = "alert-text";
    p.textContent = text;
    body.appendChild(p);
    alert.appendChild(body);
    area.replaceChildren(alert);
    if (near && area.scrollIntoView) area.scrollIntoView({ block: "nearest" });
  }

  // --- Rich text --------------------------------------------------------------------------

  // Only what the server's allow-list keeps (meetings/sanitize.py): bold, italic, underline,
  // links, lists (nested too) and simple tables. Pasted Word styling is dropped because no
  // other format is registered; Quill turns Word's "MsoListParagraph" paragraphs into lists.
  var FORMATS = [
    "bold", "italic", "underline", "link", "list", "indent",
    "table", "table-row", "table-body", "table-container",
  ];
  var BUTTONS = [
    ["bold", "Fed"], ["italic", "Kursiv"], ["underline", "Understreget"],
    ["list:ordered", "Nummereret liste"], ["list:bullet", "Punktopstilling"],
    ["indent:-1", "Ryk ud", "Alt+Shift+ArrowLeft", "Alt+Skift+venstrepil"],
    ["indent:+1", "Ryk ind", "Alt+Shift+ArrowRight", "Alt+Skift+højrepil"],
    ["link", "Link"],
  ];
  var KEYBOARD_HINT =
    "Tab går videre til næste felt. Ryk et listepunkt ind eller ud med knapperne " +
    "»Ryk ind« og »Ryk ud« eller med Alt+Skift+højre- eller venstrepil.";

  // Tab and Shift+Tab leave the editor, as in every other field (WCAG 2.1.2: no keyboard
  // trap): every default binding Quill has for Tab is overridden by name (the keyboard
  // module's documented way) with a handler that returns true, so Quill neither indents nor
  // types a tab and the browser moves focus. Indenting is on the toolbar and on
  // Alt+Shift+arrow, as in Word.
  function leave() { return true; }
  function indentBy(step) {
    return function () {
      this.quill.format("indent", step, "user");
      return false;
    };
  }
  var KEY_BINDINGS = {
    tab: { key: "Tab", handler: leave },
    indent: { key: "Tab", handler: leave },
    outdent: { key: "Tab", shiftKey: true, handler: leave },
    "remove tab": { key: "Tab", shiftKey: true, handler: leave },
    "table tab": { key: "Tab", shiftKey: null, handler: leave },
    "indent code-block": { key: "Tab", handler: leave },
    "outdent code-block": { key: "Tab", shiftKey: true, handler: leave },
    "dap indent": { key: "ArrowRight", altKey: true, shiftKey: true, handler: indentBy("+1") },
    "dap outdent": { key: "ArrowLeft", altKey: true, shiftKey: true, handler: indentBy("-1") },
  };
  var TABLE_BUTTONS = [
    ["table-insert", "Tabel", "Indsæt en tabel med 3 rækker og 2 kolonner"],
    ["table-row", "+ Række", "Tilføj en række under markøren"],
    ["table-column", "+ Kolonne", "Tilføj en kolonne til højre for markøren"],
    ["table-delete-row", "− Række", "Slet rækken med markøren"],
    ["table-delete-column", "− Kolonne", "Slet kolonnen med markøren"],
    ["table-delete", "Slet tabel", "Slet tabellen med markøren"],
  ];

  function button(className, label, value, text) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "ql-" + className;
    element.setAttribute("aria-label", label);
    element.title = label;
    if (value) element.value = value;
    if (text) {
      element.textContent = text;
      element.classList.add("ql-text-button");
    }
    return element;
  }

  function toolbar() {
    var bar = document.createElement("div");
    bar.className = "rich-text-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Formatering");
    var group = document.createElement("span");
    group.className = "ql-formats";
    BUTTONS.forEach(function (spec) {
      var parts = spec[0].split(":");
      var element = button(parts[0], spec[1], parts[1]);
      if (spec[2]) {
        element.setAttribute("aria-keyshortcuts", spec[2]);
        element.title = spec[1] + " (" + spec[3] + ")";
      }
      group.appendChild(element);
    });
    bar.appendChild(group);
    var tables = document.createElement("span");
    tables.className = "ql-formats";
    TABLE_BUTTONS.forEach(function (spec) {
      tables.appendChild(button(spec[0], spec[2], null, spec[1]));
    });
    bar.appendChild(tables);
    return bar;
  }

  // Word pastes its lists as paragraphs styled "mso-list: l0 level1", with the bullet or
  // number in a span marked "mso-list: Ignore", and the list types in a <style> block. Quill
  // can rebuild such lists, but even an unattached parse of that HTML makes the browser report
  // every style attribute to the CSP. So the styles are taken out of the text before anything
  // parses it (the list marks kept as data-mso-list), and the lists rebuilt the way Quill's own
  // Word clean-up builds them. Every other piece of Word styling is simply gone.
  var WORD_NAMESPACE = "urn:schemas-microsoft-com:office:word";
  var STYLE_ATTRIBUTE = /\sstyle\s*=\s*("([^"]*)"|'([^']*)'|[^\s>]+)/gi;

  function withoutStyles(html) {
    return html
      .replace(/<style[\s\S]*?<\/style\s*>/gi, "")
      .replace(/<link[^>]*>/gi, "")
      .replace(STYLE_ATTRIBUTE, function (all, value, doubled, single) {
        var style = doubled !== undefined ? doubled : single !== undefined ? single : value;
        var list = /mso-list:\s*([^;"']*)/i.exec(style);
        return list ? ' data-mso-list="' + list[1].replace(/[^\w ]/g, "") + '"' : "";
      });
  }

  function wordListItems(doc, html) {
    var items = [];
    doc.querySelectorAll("[data-mso-list]").forEach(function (element) {
      var mark = element.getAttribute("data-mso-list");
      if (/ignore/i.test(mark)) {
        element.remove();
        return;
      }
      var id = mark.match(/\bl(\d+)/i);
      if (!id) return;
      var level = mark.match(/\blevel(\d+)/i);
      var indent = level ? Number(level[1]) : 1;
      var format = new RegExp(
        "@list l" + id[1] + ":level" + indent + "\\s*\\{[^\\}]*mso-level-number-format:\\s*([\\w-]+)",
        "i"
      ).exec(html);
      items.push({
        id: id[1],
        indent: indent,
        type: format && format[1] === "bullet" ? "bullet" : "ordered",
        element: element,
      });
    });
    return items;
  }

  function cleanPastedHtml(html) {
    var doc = new DOMParser().parseFromString(withoutStyles(html), "text/html");
    if (doc.documentElement.getAttribute("xmlns:w") === WORD_NAMESPACE) {
      var items = wordListItems(doc, html);
      while (items.length) {
        var group = [items.shift()];
        while (
          items.length &&
          items[0].id === group[0].id &&
          items[0].element === group[group.length - 1].element.nextElementSibling
        ) {
          group.push(items.shift());
        }
        var list = doc.createElement("ul");
        group.forEach(function (item) {
          var li = doc.createElement("li");
          li.setAttribute("data-list", item.type);
          if (item.indent > 1) li.className = "ql-indent-" + (item.indent - 1);
          while (item.element.firstChild) li.appendChild(item.element.firstChild);
          list.appendChild(li);
        });
        group[0].element.replaceWith(list);
        group.slice(1).forEach(function (item) { item.element.remove(); });
      }
    }
    doc.querySelectorAll("meta, script, xml, [data-mso-list]").forEach(function (element) {
      element.removeAttribute("data-mso-list");
      if (element.matches("meta, script, xml")) element.remove();
    });
    doc.querySelectorAll("[class]").forEach(function (element) {
      if (!/^ql-indent-\d+$/.test(element.className)) element.removeAttribute("class");
    });
    return doc.body.innerHTML;
  }

  function pasteCleanly(quill) {
    quill.root.addEventListener(
      "paste",
      function (event) {
        var data = event.clipboardData;
        var html = data && data.getData("text/html");
        if (!html || !/style|xmlns:w/i.test(html)) return; // Quill handles the rest
        event.preventDefault();
        event.stopImmediatePropagation();
        var Delta = window.Quill.import("delta");
        var range = quill.getSelection(true);
        var pasted = quill.clipboard.convert({ html: cleanPastedHtml(html) });
        quill.updateContents(
          new Delta().retain(range.index).delete(range.length).concat(pasted),
          "user"
        );
        quill.setSelection(range.index + pasted.length(), 0, "silent");
        quill.scrollSelectionIntoView();
      },
      true
    );
  }

  function serialize(quill) {
    if (quill.getLength() <= 1) return "";
    // getSemanticHTML writes every space as &nbsp;, which would stop lines from wrapping.
    return quill.getSemanticHTML()
      .replace(/&nbsp;/g, " ")
      .replace(/(<p>(<br>)?<\/p>)+$/, "");
  }

  function initRichText(textarea) {
    if (textarea.dataset.richTextReady || !window.Quill) return;
    textarea.dataset.richTextReady = "1";
    var wrapper = document.createElement("div");
    wrapper.className = "rich-text";
    var bar = toolbar();
    var area = document.createElement("div");
    area.className = "rich-text-area";
    var hint = document.createElement("p");
    hint.className = "form-hint rich-text-hint";
    hint.id = textarea.id + "-keys";
    hint.textContent = KEYBOARD_HINT;
    wrapper.appendChild(bar);
    wrapper.appendChild(area);
    wrapper.appendChild(hint);
    textarea.insertAdjacentElement("afterend", wrapper);
    textarea.classList.add("rich-text-hidden");
    textarea.setAttribute("aria-hidden", "true");
    textarea.tabIndex = -1;

    var quill = new window.Quill(area, {
      theme: "snow",
      formats: FORMATS,
      modules: {
        table: true,
        toolbar: {
          container: bar,
          handlers: {
            "table-insert": function () { this.quill.getModule("table").insertTable(3, 2); },
            "table-row": function () { this.quill.getModule("table").insertRowBelow(); },
            "table-column": function () { this.quill.getModule("table").insertColumnRight(); },
            "table-delete-row": function () { this.quill.getModule("table").deleteRow(); },
            "table-delete-column": function () { this.quill.getModule("table").deleteColumn(); },
            "table-delete": function () { this.quill.getModule("table").deleteTable(); },
          },
        },
        keyboard: { bindings: KEY_BINDINGS },
      },
    });
    pasteCleanly(quill);
    if (textarea.value.trim()) {
      quill.setContents(quill.clipboard.convert({ html: textarea.value }), "silent");
    }
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      if (!label.id) label.id = textarea.id + "-label";
      quill.root.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", function () { quill.focus(); });
    }
    quill.root.setAttribute("aria-describedby", hint.id);
    quill.root.setAttribute("role", "textbox");
    quill.root.setAttribute("aria-multiline", "true");
    quill.on("text-change", function () {
      textarea.value = serialize(quill);
    });

    // 'Det indstilles, at styregruppen' starts an Indstilling written from scratch. Which
    // heading is the Indstilling is the server's rule (models.is_recommendation), given here
    // as data-recommendation-key: the heading trimmed and case-folded.
    var start = textarea.dataset.indstilling;
    var key = textarea.dataset.recommendationKey;
    var form = textarea.closest("form");
    var heading = form && form.querySelector("[data-heading-input]");
    if (start && key && heading) {
      heading.addEventListener("change", function () {
        if (heading.value.trim().toLowerCase() === key && quill.getLength() <= 1) {
          quill.setContents(quill.clipboard.convert({ html: start }), "user");
          quill.setSelection(quill.getLength() - 1, 0);
        }
      });
    }
  }

  // --- Ordering ---------------------------------------------------------------------------

  function sendOrder(container) {
    var form = document.getElementById(container.dataset.orderForm);
    if (!form || !window.htmx) return;
    var kind = container.dataset.sortable === "items" ? "item" : "bilag";
    var attribute = kind === "item" ? "data-item-id" : "data-bilag-id";
    form.querySelectorAll('input[name="' + kind + '"]').forEach(function (input) {
      input.remove();
    });
    Array.prototype.forEach.call(container.children, function (child) {
      var id = child.getAttribute(attribute);
      if (!id) return;
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = kind;
      input.value = id;
      form.appendChild(input);
    });
    window.htmx.trigger(form, "dap:reorder");
  }

  function initSortable(container) {
    if (container.dataset.sortableReady || !window.Sortable) return;
    container.dataset.sortableReady = "1";
    var items = container.dataset.sortable === "items";
    window.Sortable.create(container, {
      handle: ".drag-handle",
      draggable: items ? ".editor-item" : "li",
      animation: 150,
      // Pointer events rather than native drag-and-drop: the same on touch screens, and a
      // dragged item is never mistaken for a file dropped onto an item.
      forceFallback: true,
      fallbackOnBody: true,
      ghostClass: "sortable-ghost",
      chosenClass: "sortable-chosen",
      onEnd: function (event) {
        if (event.oldIndex === event.newIndex) return;
        sendOrder(container);
        if (items) {
          announce("Punktet er flyttet til nr. " + (event.newIndex + 1) + ".");
        }
      },
    });
  }

  // The move buttons (the keyboard's way of dragging): move the card at once, then save the
  // order exactly as a drag does. Focus stays on the button that was pressed.
  function moveItem(buttonElement) {
    var card = buttonElement.closest(".editor-item");
    var container = card && card.parentElement;
    if (!container || container.dataset.sortable !== "items") return false;
    var up = buttonElement.dataset.move === "up";
    var sibling = up ? card.previousElementSibling : card.nextElementSibling;
    while (sibling && !sibling.classList.contains("editor-item")) {
      sibling = up ? sibling.previousElementSibling : sibling.nextElementSibling;
    }
    if (!sibling) {
      announce(up ? "Punktet er allerede først." : "Punktet er allerede sidst.");
      return true;
    }
    if (up) container.insertBefore(card, sibling);
    else container.insertBefore(card, sibling.nextElementSibling);
    buttonElement.focus();
    sendOrder(container);
    var number = Array.prototype.indexOf.call(
      container.querySelectorAll(":scope > .editor-item"), card) + 1;
    announce("Punktet er flyttet til nr. " + number + ".");
    return true;
  }

  // --- Files dropped onto an item ----------------------------------------------------------

  function hasFiles(event) {
    var types = event.dataTransfer && event.dataTransfer.types;
    return !!types && Array.prototype.indexOf.call(types, "Files") !== -1;
  }

  function initDropTarget(card) {
    if (card.dataset.dropReady) return;
    card.dataset.dropReady = "1";
    card.addEventListener("dragover", function (event) {
      if (!hasFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
      card.classList.add("drop-active");
    });
    card.addEventListener("dragleave", function (event) {
      if (!card.contains(event.relatedTarget)) card.classList.remove("drop-active");
    });
    card.addEventListener("drop", function (event) {
      if (!hasFiles(event)) return;
      event.preventDefault();
      card.classList.remove("drop-active");
      var form = document.getElementById(card.dataset.dropTarget);
      var input = form && form.querySelector('input[type="file"]');
      if (!input) return;
      var files = event.dataTransfer.files;
      if (files.length > 1) {
        announce("Træk én fil ad gangen hen på punktet. Den første fil uploades nu.", "warning");
      }
      var transfer = new DataTransfer();
      transfer.items.add(files[0]);
      input.files = transfer.files;
      form.requestSubmit();
    });
  }

  // --- Start-up, and again for whatever htmx swaps in ---------------------------------------

  function init(scope) {
    var root = scope && scope.querySelectorAll ? scope : document;
    var all = function (selector) {
      var found = Array.prototype.slice.call(root.querySelectorAll(selector));
      if (root.matches && root.matches(selector)) found.unshift(root);
      return found;
    };
    all("textarea[data-rich-text]").forEach(initRichText);
    all("[data-sortable]").forEach(initSortable);
    all("[data-drop-target]").forEach(initDropTarget);
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("button[data-move], [data-confirm], [data-reload]");
    if (!target) return;
    if (target.matches("[data-reload]")) {
      event.preventDefault();
      window.location.reload();
      return;
    }
    if (target.matches("[data-confirm]") && !window.confirm(target.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    if (target.matches("button[data-move]") && window.htmx && moveItem(target)) {
      event.preventDefault();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    if (!window.htmx) return;
    window.htmx.onLoad(function (element) { init(element); });
    // A refusal the server sends to the page's message area is shown beside the form instead.
    document.body.addEventListener("htmx:beforeSwap", function (event) {
      var target = event.detail.target;
      var config = event.detail.requestConfig;
      if (target && target.id === "editor-messages" && config && config.elt) {
        event.detail.target = messageSlot(config.elt);
      }
    });
    document.body.addEventListener("htmx:afterSwap", function (event) {
      var target = event.detail.target;
      if (target && target.classList && target.classList.contains("request-message")) {
        target.scrollIntoView({ block: "nearest" });
      }
    });
    document.body.addEventListener("htmx:responseError", function (event) {
      var status = event.detail.xhr ? event.detail.xhr.status : "";
      announce(
        status === 404
          ? "Det, du ville ændre, findes ikke længere (måske er det slettet af en anden). " +
            "Genindlæs siden."
          : "Ændringen kunne ikke gemmes (fejl " + status + "). Genindlæs siden, og prøv igen.",
        "error",
        event.detail.elt
      );
    });
    document.body.addEventListener("htmx:sendError", function () {
      announce("Der er ingen forbindelse til portalen. Ændringen er ikke gemt.", "error");
    });
  });
})();
