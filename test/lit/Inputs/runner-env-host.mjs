// test/lit/cli/runner-env.wat: what glibc got when Node started, what
// process.env says now (on stderr), then the program's own environment
// (on stdout).
import { readFileSync } from 'node:fs';

export async function main(instance) {
  const initial = readFileSync('/proc/self/environ', 'latin1').split('\0')
    .find((e) => e.startsWith('GLIBC_TUNABLES='));
  const env = process.env;
  console.error(`glibc: [${initial?.slice('GLIBC_TUNABLES='.length)}] process.env: ` +
              `[${env.GLIBC_TUNABLES}] [${env.WRR_GLIBC_TUNABLES}] [${env.WRR_ENV_TEST}]`);
  instance.exports.show();
}
