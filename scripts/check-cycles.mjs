// Fails when the relative imports under a source folder form a cycle.
// Type-only imports are ignored: they vanish at run time and cannot cause
// initialisation-order bugs. Usage: node scripts/check-cycles.mjs src
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'src');

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.ts$/.test(name) && !/\.test\.ts$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const importRe = /^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm;
const files = walk(root, []);
const graph = new Map();
for (const file of files) {
  const src = readFileSync(file, 'utf8');
  const deps = [];
  for (const m of src.matchAll(importRe)) {
    if (m[2]) continue; // import type ... / export type ...
    const target = resolve(dirname(file), m[3]).replace(/\.js$/, '.ts');
    deps.push(target);
  }
  graph.set(file, deps);
}

const state = new Map(); // 1 = on stack, 2 = done
const stack = [];
const cycles = [];
function visit(node) {
  state.set(node, 1);
  stack.push(node);
  for (const dep of graph.get(node) ?? []) {
    if (!graph.has(dep)) continue;
    const s = state.get(dep);
    if (s === 1) cycles.push([...stack.slice(stack.indexOf(dep)), dep]);
    else if (s === undefined) visit(dep);
  }
  stack.pop();
  state.set(node, 2);
}
for (const f of files) if (!state.has(f)) visit(f);

if (cycles.length > 0) {
  for (const c of cycles) console.error('import cycle: ' + c.map((f) => relative(root, f)).join(' -> '));
  process.exit(1);
}
console.log(`check-cycles: ${files.length} modules, no import cycles`);
