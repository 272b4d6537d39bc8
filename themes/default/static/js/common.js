/*
 * ccgpages common.js: what the theme's page scripts share, imported by
 * each of them (they are ES modules: <script type="module">).
 */

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A date as the pages write it: 2016-04-19 as "19 April 2016"; '' for none. */
export function longDate(iso) {
  if (!iso) return '';
  const p = iso.split('-');
  return +p[2] + ' ' + MONTHS[+p[1] - 1] + ' ' + p[0];
}

/** A count as the pages write it: 1,234. */
export function number(n) {
  return n.toLocaleString('en-GB');
}

/** A count and its noun: "1 decision", "2 decisions", "3 matches" with `many`. */
export function plural(count, one, many = one + 's') {
  return number(count) + ' ' + (count === 1 ? one : many);
}

/** The JSON at `url` (fetch's `options`); rejects on an HTTP error. */
export function getJson(url, options) {
  return window.fetch(url, options).then(function (r) {
    if (!r.ok) throw new Error(r.status + ' ' + url);
    return r.json();
  });
}

/**
 * A comparison of text for sorting, in `locale`'s order: numbers in text by
 * value ("CCG 2" before "CCG 10"), case and accents ignored.
 */
export function textComparer(locale) {
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  return function (a, b) {
    return collator.compare(a, b);
  };
}
