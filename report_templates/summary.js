// Sort by a column header's button (click, or Tab to it and press Enter or Space); filter
// by text and by verdict, in one framework's column or in any, alone or together. Works only on the table already in the page:
// nothing is fetched, and text is read and written with textContent only.
(function () {
  "use strict";
  var table = document.getElementById("rows");
  var controls = document.getElementById("filters");
  if (!table || !table.tHead || !controls) { return; }
  var body = table.tBodies[0];
  var headers = table.tHead.rows[0].cells;
  var text = document.getElementById("filter-text");
  var framework = document.getElementById("filter-framework");
  var verdict = document.getElementById("filter-verdict");
  var shown = document.getElementById("shown");
  var firstFramework = 3;
  var frameworkCount = framework.options.length - 1;

  function cell(row, index) { return row.cells[index] ? row.cells[index].textContent.trim() : ""; }

  function hasVerdict(row, column, wanted) {
    var from = column >= 0 ? column : firstFramework;
    var to = column >= 0 ? column : firstFramework + frameworkCount - 1;
    for (var i = from; i <= to; i += 1) {
      if (row.cells[i] && row.cells[i].getAttribute("data-verdict") === wanted) { return true; }
    }
    return false;
  }

  function apply() {
    var needle = text.value.trim().toLowerCase();
    var column = framework.value === "" ? -1 : parseInt(framework.value, 10);
    var wanted = verdict.value;
    var count = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var show = needle === "" || row.textContent.toLowerCase().indexOf(needle) >= 0;
      if (show && wanted !== "") {
        show = hasVerdict(row, column, wanted);
      } else if (show && column >= 0) {
        // A framework alone: the submissions checked against it (any verdict).
        show = Boolean(row.cells[column] && row.cells[column].getAttribute("data-verdict"));
      }
      row.hidden = !show;
      if (show) { count += 1; }
    });
    shown.textContent = shown.getAttribute("data-template")
      .replace("{shown}", String(count)).replace("{total}", String(body.rows.length));
  }

  function sortBy(th, index) {
    var numeric = th.getAttribute("data-sort") === "number";
    var descending = th.getAttribute("aria-sort") === "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      // A file that could not be checked has no values to sort by: it stays at the end.
      var badA = a.classList.contains("bad"), badB = b.classList.contains("bad");
      if (badA !== badB) { return badA ? 1 : -1; }
      var x = cell(a, index), y = cell(b, index);
      var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
      if (order === 0) { order = cell(a, 0).localeCompare(cell(b, 0)); }
      return descending ? -order : order;
    });
    Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    rows.forEach(function (row) { body.appendChild(row); });
  }

  // A button in each header: reached with Tab, pressed with Enter or Space (native).
  Array.prototype.forEach.call(headers, function (th, index) {
    var button = th.querySelector("button");
    if (button) { button.addEventListener("click", function () { sortBy(th, index); }); }
  });
  [text, framework, verdict].forEach(function (el) {
    el.addEventListener("input", apply);
    el.addEventListener("change", apply);
  });
  controls.hidden = false;
  apply();
})();
