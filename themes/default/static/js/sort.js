/*
 * ccgpages sort.js: progressive enhancement for <table data-sortable>.
 * No dependencies and no modules; safe to load with <script defer>.
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
(function () {
  'use strict';

  if (typeof document === 'undefined' || !document.querySelectorAll) return;

  var collator = (typeof Intl !== 'undefined' && Intl.Collator)
    ? new Intl.Collator(document.documentElement.lang || undefined, { numeric: true, sensitivity: 'base' })
    : null;

  function compareText(a, b) {
    return collator ? collator.compare(a, b) : (a < b ? -1 : a > b ? 1 : 0);
  }

  var NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;

  function toNumber(s) {
    var t = s.replace(/[\s,£$€%\u00a0]/g, '');
    // (1,234) accounting negatives and the Unicode minus sign
    if (/^\(.*\)$/.test(t)) t = '-' + t.slice(1, -1);
    t = t.replace(/\u2212/g, '-');
    return NUMBER.test(t) ? parseFloat(t) : NaN;
  }

  // The cell that covers visual column `col`, counting colspan.
  function cellAt(row, col) {
    var pos = 0;
    for (var i = 0; i < row.cells.length; i++) {
      var cell = row.cells[i];
      var span = cell.colSpan || 1;
      if (col < pos + span) return cell;
      pos += span;
    }
    return null;
  }

  function columnOf(th) {
    var row = th.parentNode;
    var pos = 0;
    for (var i = 0; i < row.cells.length; i++) {
      if (row.cells[i] === th) return pos;
      pos += row.cells[i].colSpan || 1;
    }
    return -1;
  }

  function sortKey(cell) {
    if (!cell) return '';
    var v = cell.getAttribute('data-sort');
    if (v === null) v = cell.getAttribute('data-sort-value');
    if (v === null) v = cell.textContent;
    return v.replace(/\s+/g, ' ').trim();
  }

  function sortTable(table, col, direction) {
    var sign = direction === 'descending' ? -1 : 1;
    var bodies = table.tBodies;
    for (var b = 0; b < bodies.length; b++) {
      var body = bodies[b];
      var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
        var key = sortKey(cellAt(row, col));
        return { row: row, index: index, key: key, num: toNumber(key) };
      });
      rows.sort(function (a, b) {
        var aEmpty = a.key === '';
        var bEmpty = b.key === '';
        if (aEmpty || bEmpty) {
          return aEmpty === bEmpty ? a.index - b.index : (aEmpty ? 1 : -1);
        }
        var r = (!isNaN(a.num) && !isNaN(b.num))
          ? (a.num < b.num ? -1 : a.num > b.num ? 1 : 0)
          : compareText(a.key, b.key);
        return r !== 0 ? r * sign : a.index - b.index;
      });
      var frag = document.createDocumentFragment();
      rows.forEach(function (r) { frag.appendChild(r.row); });
      body.appendChild(frag);
    }
  }

  function trimEdge(el, which, re) {
    var node = el[which];
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

    var headers = Array.prototype.slice.call(
      table.tHead.querySelectorAll('th[scope="col"]')
    ).filter(function (th) {
      return !th.hasAttribute('data-nosort') && !th.querySelector('a, button, input, select, textarea');
    });

    headers.forEach(function (th) {
      var button = document.createElement('button');
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
        var current = th.getAttribute('aria-sort');
        var direction = current === 'ascending' ? 'descending' : 'ascending';
        sortTable(table, columnOf(th), direction);
        headers.forEach(function (other) {
          if (other !== th) other.removeAttribute('aria-sort');
        });
        th.setAttribute('aria-sort', direction);
      });
    });
  }

  function init() {
    var tables = document.querySelectorAll('table[data-sortable]');
    for (var i = 0; i < tables.length; i++) enhance(tables[i]);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
