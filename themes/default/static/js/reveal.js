/*
 * ccgpages reveal.js: progressive enhancement for a CCG page, whose older
 * years are folded in <details>. When the address names an element inside a
 * closed <details> (a link to #decision-x from another page, or a year),
 * open every <details> around it and bring it into view. Browsers that open
 * them on their own are left to it; without JavaScript the years are still
 * there to open by hand. An ES module (<script type="module">), run once the
 * page is parsed.
 */

function reveal() {
  let id = location.hash.slice(1);
  if (!id) return;
  try { id = decodeURIComponent(id); } catch (e) { /* keep it as it is */ }
  const target = document.getElementById(id);
  if (!target) return;
  let opened = false;
  for (let el = target.parentNode; el && el !== document; el = el.parentNode) {
    if (el.nodeName === 'DETAILS' && !el.open) {
      el.open = true;
      opened = true;
    }
  }
  if (opened && target.scrollIntoView) target.scrollIntoView();
}

window.addEventListener('hashchange', reveal);
reveal();
