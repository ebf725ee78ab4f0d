// test/lit/cli/runner-env.wat: on stderr, what Node started with, whether
// glibc's malloc asked for huge pages (the "hg" flag of its mappings; only
// when the kernel's setting is madvise does glibc ask), what process.env
// says now; then, on stdout, the program's own environment.
import { readFileSync } from 'node:fs';

export async function main(instance) {
  const initial = readFileSync('/proc/self/environ', 'latin1').split('\0')
    .find((e) => e.startsWith('GLIBC_TUNABLES='));
  let huge = 'n/a';
  try {
    if (readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'latin1').includes('[madvise]')) {
      const asked = readFileSync('/proc/self/smaps', 'latin1').split('\n')
        .some((l) => l.startsWith('VmFlags:') && / hg( |$)/.test(l));
      huge = asked ? 'asked' : 'not asked';
    }
  } catch {}
  const env = process.env;
  console.error(`glibc: [${initial?.slice('GLIBC_TUNABLES='.length)}] huge pages: ${huge} ` +
                `process.env: [${env.GLIBC_TUNABLES}] [${env.WRR_ENV_TEST}]`);
  instance.exports.show();
}
