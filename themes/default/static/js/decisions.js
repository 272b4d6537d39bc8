/*
 * ccgpages decisions.js: filters, sorting and pages for the national
 * decisions table (/decisions/). Without it the page shows every row.
 *
 * The rows are read once into memory; each change filters and sorts that
 * list (a few milliseconds on 30,000 rows) and puts one page of rows back
 * in the table, so the browser never lays out more than PAGE rows again.
 * The filters, the sort and the page are kept in the address
 * (?region=London&category=practice-merger&sort=value&dir=desc&page=2),
 * so a filtered view can be shared; opening such an address restores it.
 */
(function () {
  'use strict';

  var table = document.getElementById('decisions');
  var form = document.getElementById('decision-filters');
  if (!table || !form || !table.tBodies.length || !window.URLSearchParams) return;

  var PAGE = 100;
  var body = table.tBodies[0];
  var status = document.getElementById('decision-status');
  var pager = document.getElementById('decision-pager');
  var wrap = table.parentNode;
  var FILTERS = ['region', 'level', 'category', 'outcome', 'conflicts', 'from', 'to'];
  var KEYS = ['date', 'title', 'ccg', 'region', 'level', 'category', 'outcome', 'conflicts', 'value'];
  var NUMERIC = { level: true, conflicts: true, value: true };

  // Labels shown in the table, back to the keys the filters and URL use.
  function keysByLabel(select) {
    var map = {};
    for (var i = 0; i < select.options.length; i++) {
      map[select.options[i].textContent.trim()] = select.options[i].value;
    }
    return map;
  }
  var categoryKey = keysByLabel(form.elements.category);
  var outcomeKey = keysByLabel(form.elements.outcome);

  var rows = [];
  var trs = body.rows;
  for (var i = 0; i < trs.length; i++) {
    var c = trs[i].cells;
    var value = c[8].getAttribute('data-v');
    var level = c[4].textContent;
    rows.push({
      tr: trs[i],
      index: i,
      date: c[0].getAttribute('data-v') || '',
      title: c[1].textContent,
      ccg: c[2].textContent,
      region: c[3].textContent,
      level: level === 'None' ? 0 : +level,
      category: categoryKey[c[5].textContent] || '',
      outcome: outcomeKey[c[6].textContent] || '',
      conflicts: +c[7].textContent,
      value: value === null ? null : +value
    });
  }

  var collator = window.Intl && Intl.Collator ? new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' }) : null;
  function compareText(a, b) {
    return collator ? collator.compare(a, b) : (a < b ? -1 : a > b ? 1 : 0);
  }

  var state = { sort: 'date', dir: 'desc', page: 1 };

  function readUrl() {
    var q = new URLSearchParams(window.location.search);
    FILTERS.forEach(function (name) {
      var v = q.get(name) || '';
      var el = form.elements[name];
      if (el.tagName === 'SELECT' && v && !Array.prototype.some.call(el.options, function (o) { return o.value === v; })) v = '';
      if (el.type === 'date' && v && !/^\d{4}-\d{2}-\d{2}$/.test(v)) v = '';
      el.value = v;
    });
    var sort = q.get('sort');
    state.sort = KEYS.indexOf(sort) >= 0 ? sort : 'date';
    state.dir = q.get('dir') === 'asc' ? 'asc' : (q.get('dir') === 'desc' ? 'desc' : (state.sort === 'date' ? 'desc' : 'asc'));
    state.page = Math.max(1, parseInt(q.get('page'), 10) || 1);
  }

  function filters() {
    var f = {};
    FILTERS.forEach(function (name) { f[name] = form.elements[name].value; });
    return f;
  }

  function query(f, page) {
    var q = new URLSearchParams();
    FILTERS.forEach(function (name) { if (f[name]) q.set(name, f[name]); });
    if (state.sort !== 'date' || state.dir !== 'desc') { q.set('sort', state.sort); q.set('dir', state.dir); }
    if (page > 1) q.set('page', String(page));
    var s = q.toString();
    return s ? '?' + s : window.location.pathname;
  }

  function matches(f) {
    var level = f.level === '' ? null : +f.level;
    return rows.filter(function (r) {
      return (!f.region || r.region === f.region) &&
        (level === null || r.level === level) &&
        (!f.category || r.category === f.category) &&
        (!f.outcome || r.outcome === f.outcome) &&
        (!f.conflicts || (f.conflicts === 'yes') === (r.conflicts > 0)) &&
        (!f.from || r.date >= f.from) &&
        (!f.to || r.date <= f.to);
    });
  }

  function sortRows(list) {
    var key = state.sort;
    var sign = state.dir === 'desc' ? -1 : 1;
    var numeric = NUMERIC[key];
    list.sort(function (a, b) {
      var x = a[key];
      var y = b[key];
      if (x === null || y === null) {
        // Rows without a value go last either way.
        if (x !== y) return x === null ? 1 : -1;
        return a.index - b.index;
      }
      var r = numeric ? x - y : (key === 'date' ? (x < y ? -1 : x > y ? 1 : 0) : compareText(x, y));
      return r !== 0 ? r * sign : a.index - b.index;
    });
    return list;
  }

  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (th) {
    var key = th.getAttribute('data-key');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'nhsuk-link';
    button.textContent = th.textContent.trim();
    th.textContent = '';
    th.appendChild(button);
    th.setAttribute('data-sort', '');
    button.addEventListener('click', function () {
      if (state.sort === key) {
        state.dir = state.dir === 'asc' ? 'desc' : 'asc';
      } else {
        state.sort = key;
        state.dir = key === 'date' || NUMERIC[key] ? 'desc' : 'asc';
      }
      state.page = 1;
      update();
    });
  });

  function pageLink(text, page, f, label) {
    var a = document.createElement('a');
    a.className = 'nhsuk-link ccg-pager__link';
    a.href = query(f, page);
    a.textContent = text;
    if (label) a.setAttribute('aria-label', label);
    a.addEventListener('click', function (e) {
      e.preventDefault();
      state.page = page;
      update();
      wrap.focus();
    });
    return a;
  }

  function update() {
    var f = filters();
    var list = sortRows(matches(f));
    var pages = Math.max(1, Math.ceil(list.length / PAGE));
    if (state.page > pages) state.page = pages;
    var start = (state.page - 1) * PAGE;
    var shown = list.slice(start, start + PAGE);

    var frag = document.createDocumentFragment();
    for (var i = 0; i < shown.length; i++) frag.appendChild(shown[i].tr);
    body.textContent = '';
    body.appendChild(frag);

    headers.forEach(function (th) {
      if (th.getAttribute('data-key') === state.sort) {
        th.setAttribute('aria-sort', state.dir === 'asc' ? 'ascending' : 'descending');
      } else {
        th.removeAttribute('aria-sort');
      }
    });

    var n = list.length.toLocaleString('en-GB');
    status.textContent = list.length === 0
      ? 'No decisions match these filters.'
      : 'Showing ' + (start + 1).toLocaleString('en-GB') + ' to ' + (start + shown.length).toLocaleString('en-GB') +
        ' of ' + n + ' decision' + (list.length === 1 ? '' : 's') + (list.length < rows.length ? ' that match' : '') + '.';

    pager.textContent = '';
    pager.hidden = pages < 2;
    if (pages > 1) {
      if (state.page > 1) pager.appendChild(pageLink('Previous page', state.page - 1, f));
      var where = document.createElement('span');
      where.className = 'ccg-pager__where';
      where.textContent = 'Page ' + state.page + ' of ' + pages;
      pager.appendChild(where);
      if (state.page < pages) pager.appendChild(pageLink('Next page', state.page + 1, f));
    }
    window.history.replaceState(null, '', query(f, state.page));
  }

  form.addEventListener('submit', function (e) { e.preventDefault(); state.page = 1; update(); });
  form.addEventListener('change', function () { state.page = 1; update(); });
  form.addEventListener('reset', function () { window.setTimeout(function () { state.page = 1; update(); }, 0); });

  readUrl();
  form.hidden = false;
  update();
})();
