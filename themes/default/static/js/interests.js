// /interests/: filters by CCG, type of interest and name. Without this
// script the page lists every register, reached from the list of CCGs.
import { plural } from './common.js';

const form = document.getElementById('interest-filters');
const status = document.getElementById('interest-status');
if (form && status) enhance(form, status);

function enhance(form, status) {
  const sections = Array.from(document.querySelectorAll('.ccg-register'));
  const { ccg, type, name } = form.elements;
  const params = new URLSearchParams(location.search);
  ccg.value = params.get('ccg') || '';
  type.value = params.get('type') || '';
  name.value = params.get('name') || '';
  form.hidden = false;
  function apply() {
    const c = ccg.value, t = type.value, n = name.value.trim().toLowerCase();
    let shown = 0;
    sections.forEach(function (s) {
      let any = 0;
      if (!c || s.getAttribute('data-ccg') === c) {
        s.querySelectorAll('tbody tr').forEach(function (r) {
          const ok = (!t || r.getAttribute('data-type') === t) && (!n || r.getAttribute('data-name').indexOf(n) >= 0);
          r.hidden = !ok;
          if (ok) any++;
        });
      }
      s.hidden = any === 0;
      shown += any;
    });
    status.textContent = (c || t || n) ? plural(shown, 'row') + (shown === 1 ? ' matches.' : ' match.') : '';
    const q = new URLSearchParams();
    if (c) q.set('ccg', c);
    if (t) q.set('type', t);
    if (n) q.set('name', name.value.trim());
    const s = q.toString();
    history.replaceState(null, '', s ? '?' + s : location.pathname);
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  apply();
}
