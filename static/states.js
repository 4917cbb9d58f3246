/* The states table, made sortable and filterable. Without this script the full table is there,
   in alphabetical order; with it, readers can find a participant by name, show only those that
   signed or deposited, and sort by any column (dates by their ISO value). */
(() => {
  const table = document.getElementById("participants");
  const tools = document.querySelector(".table-tools");
  if (!table || !tools) return;
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const filter = document.getElementById("participants-filter");
  const standing = document.getElementById("participants-standing");
  const count = tools.querySelector(".table-count");
  const lang = document.documentElement.lang || undefined;
  const collator = new Intl.Collator(lang, { sensitivity: "base", ignorePunctuation: true });
  // Case, accents and Arabic hamza and diacritics do not matter when looking a name up.
  const fold = (text) =>
    text.normalize("NFD").replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, "")
      .replace(/[أإآ]/g, "ا").replace(/ى/g, "ي").replace(/ة/g, "ه").toLocaleLowerCase(lang);
  const names = rows.map((row) => fold(row.cells[0].textContent));

  const update = () => {
    const wanted = fold(filter.value.trim());
    const kind = standing.value;
    let shown = 0;
    rows.forEach((row, index) => {
      const matches = (!wanted || names[index].includes(wanted)) &&
        (!kind || row.dataset.standing === kind || (kind === "signed" && row.dataset.standing === "deposited"));
      row.hidden = !matches;
      if (matches) shown += 1;
    });
    count.textContent = count.dataset.template
      .replace(/\d+/, String(shown)).replace(/\d+(?!.*\d)/, String(rows.length));
  };

  const headers = Array.from(table.tHead.rows[0].cells);
  headers.forEach((header, column) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.title = table.dataset.sortLabel;
    button.append(...header.childNodes);
    header.append(button);
    button.addEventListener("click", () => {
      const ascending = header.getAttribute("aria-sort") !== "ascending";
      headers.forEach((other) => other.removeAttribute("aria-sort"));
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const value = (row) => {
        const cell = row.cells[column];
        return header.dataset.sort === "date" ? (cell.dataset.value || "") : cell.textContent.trim();
      };
      const sorted = rows.slice().sort((a, b) => {
        const [x, y] = [value(a), value(b)];
        // Rows without a value (no signature, no deposit) go last either way.
        if (!x || x === "—") return 1;
        if (!y || y === "—") return -1;
        const order = header.dataset.sort === "date" ? x.localeCompare(y) : collator.compare(x, y);
        return ascending ? order : -order;
      });
      body.append(...sorted);
    });
  });

  filter.addEventListener("input", update);
  standing.addEventListener("change", update);
  tools.hidden = false;
  update();
})();
