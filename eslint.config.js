// ESLint's flat config for the project's JavaScript (.ci/run runs it; its
// packages are ci/browser's devDependencies:
// `(cd ci/browser && npm ci --ignore-scripts)`, then
// `npx --prefix ci/browser eslint themes/default/static/js ci/browser tests/browser bench`).
//
// - the theme's scripts (themes/default/static/js/): ES modules for the
//   browser, in the language of ES2018 (the oldest the site supports);
// - the browser checks, tests and bench (ci/browser/, tests/browser/,
//   bench/*.mjs): ES modules for Node, with the browser's globals too for
//   the functions they run in the page (page.evaluate).
//
// The repository has no package.json at its root, so this file is
// CommonJS, and finds the packages in ci/browser/node_modules.

'use strict';

const path = require('node:path');
const { createRequire } = require('node:module');

const requireBrowser = createRequire(path.join(__dirname, 'ci/browser/package.json'));
const js = requireBrowser('@eslint/js');
const globals = requireBrowser('globals');

const house = {
  'no-var': 'error',
  'prefer-const': 'error',
};

module.exports = [
  { ignores: ['**/node_modules/', 'target/', 'site/'] },
  js.configs.recommended,
  {
    files: ['themes/default/static/js/**/*.js'],
    languageOptions: { ecmaVersion: 2018, sourceType: 'module', globals: { ...globals.browser } },
    // ES2018 has no `catch {}` without a binding.
    rules: { ...house, 'no-unused-vars': ['error', { caughtErrors: 'none' }] },
  },
  {
    files: ['ci/browser/**/*.mjs', 'tests/browser/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: { ...globals.node, ...globals.browser } },
    rules: house,
  },
  {
    files: ['eslint.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: house,
  },
];
