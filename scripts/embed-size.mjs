// Prints the JavaScript an embed (`?embed`, no editor) downloads, gzipped: the entry script and
// the modules it preloads, from dist/index.html. Monaco is a lazy chunk and is not counted: the
// embed requests it only when the YAML is shown. Issue 5's goal: ≤ 400 KB. Run after `vite build`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const scripts = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => m[1] ?? m[2]);
let total = 0;
for (const src of scripts) {
  const size = gzipSync(readFileSync(join(dist, src)), { level: 9 }).length;
  total += size;
  console.log(`  ${src}  ${(size / 1024).toFixed(1)} KB gzip`);
}
const goal = 400 * 1024;
console.log(`embed JS before the editor: ${(total / 1024).toFixed(1)} KB gzip (goal ≤ 400 KB${total > goal ? ', OVER' : ''})`);
