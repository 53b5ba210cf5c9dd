// Sort by clicking a column header; filter by text and by one framework's verdict.
// Works on the table already in the page (nothing is fetched, nothing injected as HTML).
(function () {
  var table = document.getElementById("rows");
  if (!table) { return; }
  var body = table.tBodies[0];
  var text = document.getElementById("filter-text");
  var framework = document.getElementById("filter-framework");
  var verdict = document.getElementById("filter-verdict");
  function cell(row, index) { return row.cells[index] ? row.cells[index].textContent.trim() : ""; }
  function apply() {
    var needle = text.value.toLowerCase();
    var column = framework.value === "" ? -1 : parseInt(framework.value, 10);
    var wanted = verdict.value;
    Array.prototype.forEach.call(body.rows, function (row) {
      var show = needle === "" || row.textContent.toLowerCase().indexOf(needle) >= 0;
      if (show && column >= 0 && wanted !== "") {
        show = row.cells[column] && row.cells[column].getAttribute("data-verdict") === wanted;
      }
      row.hidden = !show;
    });
  }
  [text, framework, verdict].forEach(function (el) { el.addEventListener("input", apply); });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    th.addEventListener("click", function () {
      var numeric = th.getAttribute("data-sort") === "number";
      var descending = th.getAttribute("aria-sort") === "ascending";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = cell(a, index), y = cell(b, index);
        var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
        return descending ? -order : order;
      });
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
