// Builds the `native` backend's addon (native/, over OpenBLAS and LAPACKE) with node-gyp.
// Runs as the package's install script and never fails the install: without a compiler, the Node
// headers or the BLAS/LAPACK development packages, it prints what is missing and exits 0, and
// `tl.loadBackend('native')` then says what to install.
// Usage: node scripts/build-native.mjs [--strict]   (--strict: exit 1 on failure, for CI)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const strict = process.argv.includes('--strict');

if (process.env.TENSORLY_SKIP_NATIVE) {
  console.log('tensorly-ts: TENSORLY_SKIP_NATIVE is set; not building the native addon');
  process.exit(0);
}

/** node-gyp: the one npm runs scripts with, else the copy bundled with npm, else a local install. */
function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(
      dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
    join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((p) => p && existsSync(p));
}

function giveUp(why) {
  console.warn(`tensorly-ts: the native backend was not built (${why}).`);
  console.warn(
    "tensorly-ts: everything else works; for the 'native' backend install a C++ compiler and " +
      '`apt-get install libopenblas-dev liblapacke-dev`, then run `npm rebuild tensorly-ts`.',
  );
  process.exit(strict ? 1 : 0);
}

const missing = ['/usr/include/lapacke.h'].filter((f) => process.platform === 'linux' && !existsSync(f));
if (missing.length > 0) giveUp(`missing ${missing.join(', ')}`);
const gyp = findNodeGyp();
if (gyp === undefined) giveUp('node-gyp not found');

const args = [gyp, 'rebuild', '--directory', join(root, 'native')];
// Build against the Node headers that ship with this Node when they are there, so nothing is downloaded.
const nodedir = process.env.npm_config_nodedir ?? resolve(dirname(process.execPath), '..');
if (existsSync(join(nodedir, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${nodedir}`);
const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
if (r.status !== 0) giveUp(`node-gyp exited with ${r.status}`);
console.log('tensorly-ts: built the native addon (native/build/Release/tensorly_native.node)');
