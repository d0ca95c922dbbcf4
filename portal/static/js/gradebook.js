// The gradebook's progressive enhancement: sort by a heading without a page load (the links
// still work without it: ?sort=), and one dialog to change a cell or a final grade (without
// it, each row's "Change" link opens the adjust page). Cells are reached with the arrow keys
// (one cell in the tab order at a time) and opened with Enter or a click.
(function () {
  "use strict";

  var table = document.querySelector("[data-gradebook]");
  if (!table) return;
  var body = table.tBodies[0];
  var headings = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var texts = JSON.parse(document.getElementById("gb-labels").textContent);
  var dialog = document.querySelector("[data-gb-dialog]");
  table.classList.add("gb-live");

  // --- Sorting -------------------------------------------------------------------------------

  var ATTENDANCE = { "s-pr": 100, "s-la": 100, "s-ab": 0 };

  function cellValue(cell) {
    if (!cell || cell.classList.contains("na")) return null;
    for (var css in ATTENDANCE) {
      if (cell.classList.contains(css)) return ATTENDANCE[css];
    }
    var text = cell.textContent.trim();
    return text === "" ? null : parseFloat(text);
  }

  function nameOf(row) {
    return row.querySelector(".gb-person").textContent.trim();
  }

  function sortBy(key, descending) {
    var index = headings.findIndex(function (th) {
      var link = th.querySelector("[data-sort]");
      return link && link.dataset.sort === key;
    });
    if (index < 0) return;
    var rows = Array.prototype.slice.call(body.rows);
    var collator = new Intl.Collator(document.documentElement.lang || undefined);
    rows.forEach(function (row, position) { row.dataset.position = position; });
    rows.sort(function (a, b) {
      if (key === "name") {
        var byName = collator.compare(nameOf(a), nameOf(b));
        return descending ? -byName : byName;
      }
      var x = cellValue(a.cells[index]), y = cellValue(b.cells[index]);
      // No value goes last whichever the direction; ties keep their order.
      if (x === null || y === null) return (x === null) - (y === null) || a.dataset.position - b.dataset.position;
      return (descending ? y - x : x - y) || a.dataset.position - b.dataset.position;
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    body.appendChild(fragment);
    headings.forEach(function (th, i) {
      var link = th.querySelector("[data-sort]");
      if (!link) return;
      var own = i === index;
      th.setAttribute("aria-sort", own ? (descending ? "descending" : "ascending") : "none");
      var next = own && !descending ? "-" + link.dataset.sort : link.dataset.sort;
      var url = new URL(link.href, window.location.href);
      url.searchParams.set("sort", next);
      link.href = url.pathname + url.search;
    });
    var here = new URL(window.location.href);
    here.searchParams.set("sort", (descending ? "-" : "") + key);
    here.hash = "";
    window.history.replaceState(null, "", here.pathname + here.search);
    syncNext();
  }

  table.tHead.addEventListener("click", function (event) {
    var link = event.target.closest("[data-sort]");
    if (!link) return;
    event.preventDefault();
    var wanted = new URL(link.href, window.location.href).searchParams.get("sort") || "name";
    sortBy(wanted.replace(/^-/, ""), wanted.charAt(0) === "-");
  });

  // --- Reaching cells with the keyboard ------------------------------------------------------

  function isEditable(cell) {
    return cell && cell.tagName === "TD" && !cell.classList.contains("na") &&
      (cell.dataset.item === "final" || headings[cell.cellIndex].dataset.key !== undefined);
  }

  var current = null;
  function focusCell(cell) {
    if (!cell) return;
    if (current && current !== cell) current.removeAttribute("tabindex");
    cell.setAttribute("tabindex", "0");
    current = cell;
    cell.focus();
  }

  var first = body.querySelector("td[data-item=final]");
  if (first) { first.setAttribute("tabindex", "0"); current = first; }

  table.addEventListener("keydown", function (event) {
    var cell = event.target;
    if (cell.tagName !== "TD") return;
    var row = cell.parentElement, index = cell.cellIndex, next = null;
    if (event.key === "ArrowRight") next = row.cells[index + 1];
    else if (event.key === "ArrowLeft" && index > 1) next = row.cells[index - 1];
    else if (event.key === "ArrowDown" && row.nextElementSibling) next = row.nextElementSibling.cells[index];
    else if (event.key === "ArrowUp" && row.previousElementSibling) next = row.previousElementSibling.cells[index];
    else if ((event.key === "Enter" || event.key === " ") && isEditable(cell)) {
      event.preventDefault();
      open(cell);
      return;
    } else return;
    event.preventDefault();
    focusCell(next);
  });

  body.addEventListener("click", function (event) {
    var cell = event.target.closest("td");
    if (!isEditable(cell)) return;
    focusCell(cell);
    open(cell);
  });

  // --- The dialog ----------------------------------------------------------------------------

  function statusOf(cell) {
    for (var i = 0; i < cell.classList.length; i++) {
      var label = texts.statuses[cell.classList[i]];
      if (label) return label;
    }
    return "";
  }

  function format(template, value) {
    return template.replace("%(value)s", value);
  }

  function syncNext() {
    if (!dialog) return;
    dialog.querySelector("[name=next]").value = window.location.pathname + window.location.search;
  }

  var opener = null;
  function open(cell) {
    if (!dialog || typeof dialog.showModal !== "function") {
      var link = cell.parentElement.querySelector(".gb-adjust");
      if (link) window.location.href = link.href;
      return;
    }
    opener = cell;
    var row = cell.parentElement;
    var isFinal = cell.dataset.item === "final";
    var item = isFinal ? "final" : headings[cell.cellIndex].dataset.key;
    var form = dialog.querySelector("form");
    // Not form.elements.item: that is the collection's item() method.
    form.querySelector("[name=student]").value = row.dataset.student;
    form.querySelector("[name=item]").value = item;
    form.elements.reason.value = "";
    form.elements.percent.value = cell.textContent.trim();
    form.querySelector("[name=action][value=override]").checked = true;
    dialog.querySelector("[data-gb-learner]").textContent = nameOf(row);
    dialog.querySelector("[data-gb-item]").textContent = isFinal ? texts.final
      : headings[cell.cellIndex].querySelector(".gb-title").textContent;
    var shown = cell.textContent.trim() || (ATTENDANCE[cell.classList[0]] !== undefined ? "" : texts.empty);
    var words = [shown, statusOf(cell)].filter(Boolean).join(" · ");
    if (cell.dataset.p) words += " (" + format(texts.was, cell.dataset.p) + ")";
    dialog.querySelector("[data-gb-now]").textContent = format(texts.now, words);
    dialog.querySelectorAll("[data-gb-item-only]").forEach(function (label) { label.hidden = isFinal; });
    var history = new URL(table.dataset.historyUrl, window.location.href);
    history.searchParams.set("student", row.dataset.student);
    dialog.querySelector("[data-gb-history]").href = history.pathname + history.search;
    syncNext();
    togglePercent();
    dialog.showModal();
    form.elements.percent.focus();
  }

  function togglePercent() {
    var form = dialog.querySelector("form");
    var override = form.querySelector("[name=action]:checked").value === "override";
    dialog.querySelector("[data-gb-percent]").hidden = !override;
    form.elements.percent.required = override;
  }

  if (dialog) {
    dialog.addEventListener("change", function (event) {
      if (event.target.name === "action") togglePercent();
    });
    dialog.querySelectorAll("[data-close-dialog]").forEach(function (button) {
      button.addEventListener("click", function () { dialog.close(); });
    });
    dialog.addEventListener("close", function () {
      if (opener) opener.focus();
    });
  }
})();
