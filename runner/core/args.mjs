// The runners' one command-line reader (node/wrr-run.mjs, host/engines.mjs):
// options from a table, then the module and the program's arguments (after
// the first word that is no option, or after `--`). A bad command line
// throws a UsageError (exit status 2), one line that names the option.
export class UsageError extends Error {
  constructor(message) { super(message); this.status = 2; }
}

// `table` maps each option to [key, takes]: what it sets in the result and
// what it takes:
//   'flag'     nothing: opts[key] = true
//   'string'   a value: opts[key] = it
//   'fd'       a descriptor number
//   'seconds'  a positive number of seconds
//   'mode'     a directory: opts.mode = the option's name without '--' (one
//              such option at most), opts[key] = the directory
//   a function (value, opts): stores the value itself
// `defaults` gives the result's other fields.
export function parseArgs(argv, table, defaults) {
  const opts = { mode: null, ...defaults, module: null, args: [] };
  const modes = Object.keys(table).filter((o) => table[o][1] === 'mode');
  let i = 0;
  for (; i < argv.length; ++i) {
    const a = argv[i];
    if (a === '--') {
      ++i;
      break;
    }
    if (!a.startsWith('-')) break;
    if (!Object.hasOwn(table, a)) throw new UsageError(`unknown option ${a}`);
    const [key, takes] = table[a];
    if (takes === 'flag') {
      opts[key] = true;
      continue;
    }
    if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
    const v = argv[++i];
    if (typeof takes === 'function') {
      takes(v, opts);
    } else if (takes === 'string') {
      opts[key] = v;
    } else if (takes === 'fd') {
      if (!/^\d+$/.test(v)) throw new UsageError(`${a} needs a descriptor number, not '${v}'`);
      opts[key] = Number(v);
    } else if (takes === 'seconds') {
      opts[key] = Number(v);
      if (!(opts[key] > 0)) throw new UsageError(`${a} needs a positive number of seconds, not '${v}'`);
    } else if (takes === 'mode') {
      if (opts.mode) throw new UsageError(`give only one of ${modes.join(' and ')}`);
      opts.mode = a.slice(2);
      opts[key] = v;
    } else {
      throw new Error(`parseArgs: ${a} takes '${takes}'`);
    }
  }
  if (i >= argv.length) throw new UsageError('no module given');
  opts.module = argv[i];
  opts.args = argv.slice(i + 1);
  return opts;
}
