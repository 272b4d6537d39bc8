/*
 * ccgpages sort.js: progressive enhancement for <table data-sortable>.
 * An ES module (<script type="module">), run once the page is parsed.
 *
 * - Each thead <th scope="col"> becomes a <button type="button" class="nhsuk-link">
 *   that keeps the header's content, so keyboard users can sort.
 *   Opt a column out with <th scope="col" data-nosort>. Headers that contain a
 *   link or button are left as they are.
 * - Clicking a header sorts ascending. Clicking the same header again reverses
 *   the order. The header gets aria-sort="ascending" or "descending", and the
 *   other headers lose aria-sort. The script makes no other announcements.
 * - Sort key: the cell's data-sort attribute (data-sort-value, the
 *   nhsuk-frontend name, also works), else its text. If both keys are numbers
 *   (after removing currency signs, thousands separators and %), they are
 *   compared as numbers. Otherwise they are compared with the locale collator
 *   (numeric-aware). Empty cells always go last. Equal keys keep their
 *   original order.
 * - Sorting reorders rows within each <tbody>. Column positions count colspan.
 *   Tables with rowspan in the body are not supported.
 */
import { textComparer } from './common.js';

// In the page's language; without one, the browser's.
const compareText = textComparer(document.documentElement.lang || undefined);

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;

function toNumber(s) {
  let t = s.replace(/[\s,£$€%\u00a0]/g, '');
  // (1,234) accounting negatives and the Unicode minus sign
  if (/^\(.*\)$/.test(t)) t = '-' + t.slice(1, -1);
  t = t.replace(/\u2212/g, '-');
  return NUMBER.test(t) ? parseFloat(t) : NaN;
}

// The cell that covers visual column `col`, counting colspan.
function cellAt(row, col) {
  let pos = 0;
  for (let i = 0; i < row.cells.length; i++) {
    const cell = row.cells[i];
    const span = cell.colSpan || 1;
    if (col < pos + span) return cell;
    pos += span;
  }
  return null;
}

function columnOf(th) {
  const row = th.parentNode;
  let pos = 0;
  for (let i = 0; i < row.cells.length; i++) {
    if (row.cells[i] === th) return pos;
    pos += row.cells[i].colSpan || 1;
  }
  return -1;
}

function sortKey(cell) {
  if (!cell) return '';
  let v = cell.getAttribute('data-sort');
  if (v === null) v = cell.getAttribute('data-sort-value');
  if (v === null) v = cell.textContent;
  return v.replace(/\s+/g, ' ').trim();
}

function sortTable(table, col, direction) {
  const sign = direction === 'descending' ? -1 : 1;
  const bodies = table.tBodies;
  for (let b = 0; b < bodies.length; b++) {
    const body = bodies[b];
    const rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      const key = sortKey(cellAt(row, col));
      return { row: row, index: index, key: key, num: toNumber(key) };
    });
    rows.sort(function (a, b) {
      const aEmpty = a.key === '';
      const bEmpty = b.key === '';
      if (aEmpty || bEmpty) {
        return aEmpty === bEmpty ? a.index - b.index : (aEmpty ? 1 : -1);
      }
      const r = (!isNaN(a.num) && !isNaN(b.num))
        ? (a.num < b.num ? -1 : a.num > b.num ? 1 : 0)
        : compareText(a.key, b.key);
      return r !== 0 ? r * sign : a.index - b.index;
    });
    const frag = document.createDocumentFragment();
    rows.forEach(function (r) { frag.appendChild(r.row); });
    body.appendChild(frag);
  }
}

function trimEdge(el, which, re) {
  let node = el[which];
  while (node && node.nodeType === 3) {
    node.nodeValue = node.nodeValue.replace(re, '');
    if (node.nodeValue) return;
    el.removeChild(node);
    node = el[which];
  }
}

function enhance(table) {
  if (table.hasAttribute('data-sortable-ready') || !table.tHead) return;
  table.setAttribute('data-sortable-ready', '');

  const headers = Array.prototype.slice.call(
    table.tHead.querySelectorAll('th[scope="col"]')
  ).filter(function (th) {
    return !th.hasAttribute('data-nosort') && !th.querySelector('a, button, input, select, textarea');
  });

  headers.forEach(function (th) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'nhsuk-link';
    while (th.firstChild) button.appendChild(th.firstChild);
    // Trim whitespace at the start and end (template indentation), which would
    // otherwise put a gap before the NHS sort arrow.
    trimEdge(button, 'firstChild', /^\s+/);
    trimEdge(button, 'lastChild', /\s+$/);
    th.appendChild(button);
    // nhsuk-frontend styles th.nhsuk-table__header[data-sort] (arrows and whole-cell target).
    if (!th.hasAttribute('data-sort')) th.setAttribute('data-sort', '');

    button.addEventListener('click', function () {
      const current = th.getAttribute('aria-sort');
      const direction = current === 'ascending' ? 'descending' : 'ascending';
      sortTable(table, columnOf(th), direction);
      headers.forEach(function (other) {
        if (other !== th) other.removeAttribute('aria-sort');
      });
      th.setAttribute('aria-sort', direction);
    });
  });
}

document.querySelectorAll('table[data-sortable]').forEach(enhance);
