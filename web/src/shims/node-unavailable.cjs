// Any other `node:*` module in the browser bundle: modules the page imports may import these for
// code paths it never takes (files, worker threads). Any use fails loudly instead of silently.
function unavailable(name) {
  return function () {
    throw new Error(`${String(name)} is not available in the browser build of arcompress`);
  };
}
module.exports = new Proxy({}, {
  get(_target, name) {
    if (name === '__esModule') return false;
    if (name === 'default') return module.exports;
    return unavailable(name);
  },
});
