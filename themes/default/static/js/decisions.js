/*
 * ccgpages decisions.js: filters and sorting for the national decisions
 * pages (/decisions/, /decisions/page/2/ …). Without it the numbered pages
 * still list every decision, newest first.
 *
 * Nothing is fetched until a filter or a sort is chosen. Then the script
 * reads the decisions as the build wrote them for it (see
 * src/render/national.rs): decisions/data/index.json (the CCGs, regions,
 * categories and outcomes, and the list of pieces), then the pieces it
 * needs (those outside the dates asked for are skipped), showing the
 * matches so far as each arrives and saying so in the status line. The
 * matches are shown in pages as the built pages are, in the same markup.
 * The filters, the sort and the page are kept in the address
 * (/decisions/?ccg=leeds-north&q=merger&sort=value&dir=desc&page=2), so a
 * view can be shared; opening such an address, or going back or forward
 * to one, shows that view again. An ES module (<script type="module">),
 * run once the page is parsed.
 */
import { getJson, longDate, plural, textComparer } from './common.js';

const form = document.getElementById('decision-filters');
const table = document.getElementById('decisions');
if (form && table && table.tBodies.length && window.URLSearchParams && window.fetch && window.history.pushState) enhance(form, table);

function enhance(form, table) {
  const PER = parseInt(form.getAttribute('data-per-page'), 10) || 200;
  const indexUrl = form.getAttribute('data-index');
  const root = form.getAttribute('action');
  const body = table.tBodies[0];
  const status = document.getElementById('decision-status');
  const pager = document.getElementById('decision-pager');
  const wrap = table.parentNode;
  const FILTERS = ['ccg', 'q', 'region', 'level', 'category', 'outcome', 'conflicts', 'from', 'to'];
  const KEYS = ['date', 'title', 'ccg', 'region', 'level', 'category', 'outcome', 'conflicts', 'value'];
  const NUMERIC = { level: true, conflicts: true, value: true };
  const ccgInput = form.elements.ccg;

  // The page as built, put back when no filter or sort is set.
  const built = {
    rows: Array.prototype.slice.call(body.rows),
    status: status.textContent,
    pager: pager.innerHTML,
    pagerHidden: pager.hidden,
    path: window.location.pathname
  };

  // CCG names and ids from the type-ahead's list: no fetch needed.
  const ccgIdByName = {};
  const ccgNameById = {};
  const ccgNames = [];
  const options = document.getElementById('f-ccg-list').options;
  for (let i = 0; i < options.length; i++) {
    const id = options[i].getAttribute('data-id');
    ccgIdByName[options[i].value.toLowerCase()] = id;
    ccgNameById[id] = options[i].value;
    ccgNames.push(options[i].value);
  }

  // The CCG typed: its exact name (any case), or the one name holding it.
  function ccgOf(text) {
    const t = text.trim().toLowerCase();
    if (!t) return '';
    if (ccgIdByName[t]) return ccgIdByName[t];
    const found = ccgNames.filter(function (n) { return n.toLowerCase().indexOf(t) >= 0; });
    return found.length === 1 ? ccgIdByName[found[0].toLowerCase()] : null;
  }

  const ccgError = document.createElement('span');
  ccgError.className = 'nhsuk-error-message';
  ccgError.id = 'f-ccg-error';
  ccgError.hidden = true;
  ccgInput.parentNode.insertBefore(ccgError, ccgInput);

  function fold(s) {
    s = s.toLowerCase();
    return s.normalize ? s.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : s;
  }

  // ---------------------------------------------------------------- data

  let data = null;
  let indexPromise = null;
  // Per piece: a promise of its decisions, each decoded once.
  const pieces = [];

  function loadIndex() {
    if (!indexPromise) {
      indexPromise = getJson(indexUrl).then(function (ix) {
        data = ix;
        return ix;
      });
      indexPromise.catch(function () { indexPromise = null; });
    }
    return indexPromise;
  }

  // A piece's decisions as objects, with `n` their place newest first.
  function loadPiece(p) {
    if (!pieces[p]) {
      let first = 0;
      for (let k = 0; k < p; k++) first += data.pieces[k].n;
      pieces[p] = getJson(data.pieces[p].url).then(function (rows) {
        return rows.map(function (r, j) {
          const ccg = data.ccgs[r[1]] || ['', '', 0, ''];
          return {
            n: first + j,
            date: r[0],
            ccgId: ccg[0],
            ccg: ccg[1],
            region: data.regions[ccg[2]] || '',
            url: ccg[3] + '#decision-' + r[2],
            title: r[3],
            level: r[4],
            category: (data.categories[r[5]] || [''])[0],
            categoryLabel: (data.categories[r[5]] || ['', ''])[1],
            outcome: (data.outcomes[r[6]] || [''])[0],
            outcomeLabel: (data.outcomes[r[6]] || ['', ''])[1],
            conflicts: r[7],
            value: r[8],
            undeclared: r[9] || 0,
            words: fold(r[3] + ' ' + ccg[1])
          };
        });
      });
      pieces[p].catch(function () { pieces[p] = null; });
    }
    return pieces[p];
  }

  // ---------------------------------------------------------------- state

  const state = { sort: 'date', dir: 'desc', page: 1 };

  function readUrl() {
    const q = new URLSearchParams(window.location.search);
    FILTERS.forEach(function (name) {
      let v = q.get(name) || '';
      const el = form.elements[name];
      if (name === 'ccg') v = ccgNameById[v] || '';
      if (el.tagName === 'SELECT' && v && !Array.prototype.some.call(el.options, function (o) { return o.value === v; })) v = '';
      if (el.type === 'date' && v && !/^\d{4}-\d{2}-\d{2}$/.test(v)) v = '';
      el.value = v;
    });
    const sort = q.get('sort');
    state.sort = KEYS.indexOf(sort) >= 0 ? sort : 'date';
    state.dir = q.get('dir') === 'asc' ? 'asc' : (q.get('dir') === 'desc' ? 'desc' : (state.sort === 'date' ? 'desc' : 'asc'));
    state.page = Math.max(1, parseInt(q.get('page'), 10) || 1);
  }

  function filters() {
    const f = {};
    FILTERS.forEach(function (name) { f[name] = form.elements[name].value.trim(); });
    const ccg = ccgOf(f.ccg);
    ccgError.hidden = ccg !== null;
    ccgInput.classList.toggle('nhsuk-input--error', ccg === null);
    ccgInput.parentNode.classList.toggle('nhsuk-form-group--error', ccg === null);
    if (ccg === null) {
      ccgError.innerHTML = '<span class="nhsuk-u-visually-hidden">Error:</span> ';
      ccgError.appendChild(document.createTextNode('No single CCG is called \u201c' + f.ccg + '\u201d: choose one from the list'));
      ccgInput.setAttribute('aria-describedby', 'f-ccg-error f-ccg-hint');
    } else {
      ccgInput.setAttribute('aria-describedby', 'f-ccg-hint');
    }
    // A name typed in part reads whole once it has been applied.
    if (ccg && ccgInput.value !== ccgNameById[ccg] && document.activeElement !== ccgInput) ccgInput.value = ccgNameById[ccg];
    f.ccg = ccg || '';
    return f;
  }

  function isDefault(f) {
    return FILTERS.every(function (name) { return !f[name]; }) && state.sort === 'date' && state.dir === 'desc';
  }

  function address(f, page) {
    const q = new URLSearchParams();
    FILTERS.forEach(function (name) { if (f[name]) q.set(name, f[name]); });
    if (state.sort !== 'date' || state.dir !== 'desc') { q.set('sort', state.sort); q.set('dir', state.dir); }
    if (page > 1) q.set('page', String(page));
    const s = q.toString();
    return root + (s ? '?' + s : '');
  }

  // ---------------------------------------------------------------- matching

  function matcher(f) {
    const level = f.level === '' ? null : +f.level;
    const words = fold(f.q).split(/\s+/).filter(Boolean);
    return function (r) {
      if (f.ccg && r.ccgId !== f.ccg) return false;
      if (f.region && r.region !== f.region) return false;
      if (level !== null && r.level !== level) return false;
      if (f.category && r.category !== f.category) return false;
      if (f.outcome && r.outcome !== f.outcome) return false;
      if (f.conflicts === 'undeclared') { if (!r.undeclared) return false; } else if (f.conflicts && (f.conflicts === 'yes') !== (r.conflicts > 0)) return false;
      if (f.from && r.date < f.from) return false;
      if (f.to && r.date > f.to) return false;
      for (let i = 0; i < words.length; i++) if (r.words.indexOf(words[i]) < 0) return false;
      return true;
    };
  }

  const compareText = textComparer('en-GB');

  function sortRows(list) {
    const key = state.sort;
    const field = key === 'category' ? 'categoryLabel' : key === 'outcome' ? 'outcomeLabel' : key;
    const sign = state.dir === 'desc' ? -1 : 1;
    list.sort(function (a, b) {
      const x = a[field];
      const y = b[field];
      if (x === null || y === null) {
        // Decisions without a value go last either way.
        if (x !== y) return x === null ? 1 : -1;
        return a.n - b.n;
      }
      const r = NUMERIC[key] ? x - y : (key === 'date' ? (x < y ? -1 : x > y ? 1 : 0) : compareText(x, y));
      return r !== 0 ? r * sign : a.n - b.n;
    });
    return list;
  }

  // ---------------------------------------------------------------- showing

  function money(pence) {
    const s = '\u00a3' + Math.floor(pence / 100).toLocaleString('en-GB');
    return pence % 100 ? s + '.' + String(100 + pence % 100).slice(1) : s;
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // Check 11's flag with its count, as Undeclared::flag in src/checks.rs
  // writes it for the built pages and the cards.
  function flag(n) {
    return 'No declaration recorded (' + plural(n, 'registered interest') + ')';
  }

  // A row as decisions.html writes it: keep the two alike.
  function cell(tr, heading, value, numeric) {
    const td = el('td', 'nhsuk-table__cell' + (numeric ? ' nhsuk-table__cell--numeric' : ''));
    if (heading) {
      const h = el('span', 'nhsuk-table-responsive__heading', heading + ' ');
      h.setAttribute('aria-hidden', 'true');
      td.appendChild(h);
    }
    if (typeof value === 'string') td.appendChild(document.createTextNode(value));
    else if (value) td.appendChild(value);
    tr.appendChild(td);
  }

  function rowOf(r) {
    const tr = el('tr', 'nhsuk-table__row');
    const time = el('time', '', longDate(r.date));
    time.setAttribute('datetime', r.date);
    cell(tr, 'Date', time);
    const a = el('a', '', r.title);
    a.href = r.url;
    if (r.undeclared) {
      const title = document.createDocumentFragment();
      title.appendChild(a);
      title.appendChild(el('br'));
      title.appendChild(el('strong', 'nhsuk-tag nhsuk-tag--orange', flag(r.undeclared)));
      cell(tr, '', title);
    } else {
      cell(tr, '', a);
    }
    cell(tr, 'CCG', r.ccg);
    cell(tr, 'Region', r.region);
    cell(tr, 'Level', r.level ? String(r.level) : 'None');
    cell(tr, 'Category', r.categoryLabel);
    cell(tr, 'Outcome', r.outcomeLabel);
    cell(tr, 'Conflicts', String(r.conflicts), true);
    cell(tr, r.value === null ? '' : 'Value', r.value === null ? '' : money(r.value), true);
    return tr;
  }

  // The page numbers shown for page `current` of `pages`, 0 for a gap:
  // as pager_numbers in src/render/national.rs.
  function numbers(current, pages) {
    const want = [1, pages];
    for (let n = Math.max(1, current - 2); n <= Math.min(pages, current + 2); n++) want.push(n);
    want.sort(function (a, b) { return a - b; });
    const out = [];
    let prev = 0;
    want.forEach(function (n) {
      if (n === prev) return;
      if (n === prev + 2) out.push(prev + 1);
      else if (n > prev + 2) out.push(0);
      out.push(n);
      prev = n;
    });
    return out;
  }

  function pageLink(f, page, cls, text, label) {
    const a = el('a', 'nhsuk-pagination__link');
    a.href = address(f, page);
    if (label) a.setAttribute('aria-label', label);
    if (cls) {
      a.setAttribute('rel', cls);
      const title = el('span', 'nhsuk-pagination__title', text);
      const hidden = el('span', 'nhsuk-u-visually-hidden', ' page');
      title.appendChild(hidden);
      a.appendChild(title);
    } else {
      a.textContent = text;
    }
    a.addEventListener('click', function (e) {
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.button) return;
      e.preventDefault();
      state.page = page;
      show(true);
      wrap.focus();
      wrap.scrollIntoView();
    });
    return a;
  }

  function drawPager(f, page, pages) {
    pager.textContent = '';
    pager.hidden = pages < 2;
    if (pages < 2) return;
    if (page > 1) {
      const prev = el('div', 'nhsuk-pagination__previous');
      prev.appendChild(pageLink(f, page - 1, 'prev', 'Previous'));
      pager.appendChild(prev);
    }
    const ul = el('ul', 'nhsuk-pagination__list');
    numbers(page, pages).forEach(function (n) {
      const li = el('li', 'nhsuk-pagination__item');
      if (!n) {
        li.className += ' nhsuk-pagination__item--ellipsis';
        li.textContent = '\u22ef';
      } else {
        const a = pageLink(f, n, '', String(n), 'Page ' + n);
        if (n === page) {
          li.className += ' nhsuk-pagination__item--current';
          a.setAttribute('aria-current', 'page');
        }
        li.appendChild(a);
      }
      ul.appendChild(li);
    });
    pager.appendChild(ul);
    if (page < pages) {
      const next = el('div', 'nhsuk-pagination__next');
      next.appendChild(pageLink(f, page + 1, 'next', 'Next'));
      pager.appendChild(next);
    }
  }

  function sortedBy() {
    const asc = state.dir === 'asc';
    if (state.sort === 'date') return asc ? 'oldest first' : 'newest first';
    let name = '';
    headers.forEach(function (th) { if (th.getAttribute('data-key') === state.sort) name = th.textContent.trim().toLowerCase(); });
    return 'by ' + name + (NUMERIC[state.sort] ? (asc ? ', lowest first' : ', highest first') : (asc ? ', A to Z' : ', Z to A'));
  }

  // Puts page state.page of `list` in the table; `read` of `total`
  // decisions looked through so far.
  function draw(f, list, read, total) {
    const pages = Math.max(1, Math.ceil(list.length / PER));
    if (state.page > pages && read === total) state.page = pages;
    const start = (state.page - 1) * PER;
    const shown = list.slice(start, start + PER);
    const frag = document.createDocumentFragment();
    shown.forEach(function (r) { frag.appendChild(rowOf(r)); });
    body.textContent = '';
    body.appendChild(frag);
    drawPager(f, state.page, pages);

    const filtered = FILTERS.some(function (name) { return f[name]; });
    const what = plural(list.length, 'decision') + (f.ccg ? ' of ' + ccgNameById[f.ccg] : '');
    const words = f.q ? ' \u201c' + f.q + '\u201d' : '';
    let s;
    if (!filtered) s = what + ', ' + sortedBy() + '.';
    else if (list.length === 0 && read === total) s = 'No decisions' + (f.ccg ? ' of ' + ccgNameById[f.ccg] : '') + ' match' + words + (words ? '' : ' these filters') + '.';
    else s = what + (list.length === 1 ? ' matches' : ' match') + words + (read < total ? ' so far' : '') + '.';
    if (shown.length && pages > 1) s += ' Showing ' + (start + 1).toLocaleString('en-GB') + ' to ' + (start + shown.length).toLocaleString('en-GB') + '.';
    if (read < total) s += ' Looking through the decisions: ' + read.toLocaleString('en-GB') + ' of ' + total.toLocaleString('en-GB') + ' read\u2026';
    status.textContent = s;
  }

  function drawBuilt() {
    body.textContent = '';
    built.rows.forEach(function (tr) { body.appendChild(tr); });
    status.textContent = built.status;
    pager.innerHTML = built.pager;
    pager.hidden = built.pagerHidden;
  }

  function markSort() {
    headers.forEach(function (th) {
      if (th.getAttribute('data-key') === state.sort) th.setAttribute('aria-sort', state.dir === 'asc' ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
  }

  // Each view started counts up, so an older one still loading stops.
  let current = 0;

  // Shows the view the form and state ask for; `push` adds it to the
  // history (a change by the reader), else the address is only made right.
  function show(push) {
    const f = filters();
    const view = ++current;
    markSort();
    if (isDefault(f)) {
      table.removeAttribute('aria-busy');
      drawBuilt();
      if (push && window.location.pathname + window.location.search !== built.path) window.history.pushState(null, '', built.path);
      else if (!push && window.location.search) window.history.replaceState(null, '', built.path);
      return Promise.resolve();
    }
    const url = address(f, state.page);
    if (push && window.location.pathname + window.location.search !== url) window.history.pushState(null, '', url);
    else if (!push) window.history.replaceState(null, '', url);
    table.setAttribute('aria-busy', 'true');
    if (!data) status.textContent = 'Loading the decisions\u2026';
    return loadIndex().then(function () {
      if (view !== current) return;
      const wanted = [];
      data.pieces.forEach(function (p, i) {
        if ((f.from && p.newest < f.from) || (f.to && p.oldest > f.to)) return;
        wanted.push(i);
      });
      const total = wanted.reduce(function (s, i) { return s + data.pieces[i].n; }, 0);
      const got = [];
      let read = 0;
      const match = matcher(f);
      function redraw() {
        if (view !== current) return;
        const list = [];
        got.forEach(function (rows) {
          if (!rows) return;
          for (let i = 0; i < rows.length; i++) if (match(rows[i])) list.push(rows[i]);
        });
        draw(f, sortRows(list), read, total);
      }
      if (!wanted.length) { redraw(); table.removeAttribute('aria-busy'); return; }
      return Promise.all(wanted.map(function (p, k) {
        return loadPiece(p).then(function (rows) {
          got[k] = rows;
          read += rows.length;
          redraw();
        });
      })).then(function () {
        if (view !== current) return;
        table.removeAttribute('aria-busy');
      });
    }).catch(function () {
      if (view !== current) return;
      table.removeAttribute('aria-busy');
      status.textContent = 'The decisions could not be loaded to filter them. Check your connection and try again, or use the numbered pages without filters.';
    });
  }

  // ---------------------------------------------------------------- wiring

  const headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (th) {
    const key = th.getAttribute('data-key');
    const button = el('button', 'nhsuk-link', th.textContent.trim());
    button.type = 'button';
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
      show(true);
    });
  });
  table.setAttribute('data-sortable-ready', '');

  function apply() {
    state.page = 1;
    show(true);
  }
  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  // Lists apply at once, text fields when left or on Enter.
  form.addEventListener('change', apply);
  // Choosing a name from the type-ahead applies it at once.
  ccgInput.addEventListener('input', function () {
    if (ccgIdByName[ccgInput.value.trim().toLowerCase()]) apply();
  });
  form.addEventListener('reset', function () {
    window.setTimeout(function () {
      state.sort = 'date';
      state.dir = 'desc';
      apply();
    }, 0);
  });
  window.addEventListener('popstate', function () {
    if (window.location.pathname !== root && window.location.pathname !== built.path) return;
    readUrl();
    show(false);
  });

  readUrl();
  form.hidden = false;
  const first = filters();
  if (isDefault(first) && state.page > 1 && window.location.pathname === root) {
    // /decisions/?page=3 with nothing else: the built page 3.
    window.location.replace(root + 'page/' + state.page + '/');
  } else if (!isDefault(first)) {
    show(false);
  } else {
    markSort();
  }
}
