// Loaded into Node with --require: says at exit whether Node started its
// ES module loader (internal/modules/esm/loader), which an .mjs entry does.
process.on('exit', () => {
  const esm = process.moduleLoadList.some((m) => m.endsWith('internal/modules/esm/loader'));
  require('node:fs').writeSync(2, `esm loader: ${esm ? 'started' : 'not started'}\n`);
});
