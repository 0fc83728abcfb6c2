// mechelen-data site: the rows behind a highlighted passage, and sorting and filtering a
// table. No library, nothing fetched; the pages read the same without it.
"use strict";

// A source document: a click (or Enter or Space) on a highlighted passage lists every row
// whose quote covers that point, innermost first, from the list of rows under the text.
(function passages() {
  const panel = document.getElementById("panel");
  if (!panel) return;
  const list = panel.querySelector("ol.rows");
  const hint = document.getElementById("panel-hint");

  function show(mark) {
    const items = [];
    document.querySelectorAll("mark.q.selected").forEach((m) => m.classList.remove("selected"));
    for (let m = mark; m; m = m.parentElement.closest("mark.q")) {
      const row = document.getElementById(`r-${m.dataset.table}-${m.dataset.id}`);
      if (row) {
        const copy = row.cloneNode(true);
        copy.removeAttribute("id");
        items.push(copy);
      }
      document.querySelectorAll(`mark.q[data-table="${m.dataset.table}"][data-id="${CSS.escape(m.dataset.id)}"]`)
        .forEach((piece) => piece.classList.add("selected"));
    }
    list.replaceChildren(...items);
    hint.textContent = `${items.length} row${items.length === 1 ? "" : "s"} quote this passage:`;
  }

  document.addEventListener("click", (event) => {
    const mark = event.target.closest("mark.q");
    if (mark) show(mark);
  });
  document.addEventListener("keydown", (event) => {
    if ((event.key === "Enter" || event.key === " ") && event.target.matches("mark.q")) {
      event.preventDefault();
      show(event.target);
    }
  });
  function fromHash() {
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.matches("mark.q")) show(target);
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();

// A table: filter the rows by any text, sort by a column (numbers as numbers).
(function tables() {
  const table = document.querySelector("table.data");
  if (!table) return;
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const input = document.getElementById("site_filter");
  const shown = document.getElementById("site_shown");
  // Cell by cell, so that a word never matches across two cells.
  const texts = rows.map((row) => Array.from(row.cells, (cell) => cell.textContent.toLowerCase()).join("\n"));

  input.addEventListener("input", () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let count = 0;
    rows.forEach((row, i) => {
      row.hidden = !words.every((word) => texts[i].includes(word));
      count += row.hidden ? 0 : 1;
    });
    shown.textContent = `${count} of ${rows.length} rows`;
  });

  table.querySelectorAll("thead th").forEach((th, column) => {
    th.querySelector("button").addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      const numeric = th.dataset.type === "number";
      const key = (row) => row.cells[column].textContent.trim();
      const sorted = Array.from(body.rows).sort((a, b) => {
        const x = key(a), y = key(b);
        if (!x || !y) return (!x) - (!y);  // empty cells last, either way
        const order = numeric ? Number(x) - Number(y) : x.localeCompare(y, undefined, { numeric: true });
        return ascending ? order : -order;
      });
      table.querySelectorAll("thead th").forEach((other) => other.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      body.append(...sorted);
    });
  });
})();
