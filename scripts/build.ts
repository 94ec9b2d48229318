/**
 * `npm run build` (and `prepack`): the package's JavaScript in dist/.
 * - dist/cli/: the CLI bundled by esbuild, one chunk per lazily loaded command. Every module sits
 *   two levels below the package root, as in controller/, so paths built from import.meta.url
 *   (package.json, examples/, schemas/) hold in both.
 * - dist/validators/: every schema's validator as Ajv standalone code.
 * - dist/THIRD-PARTY-NOTICES.md: the licences of the packages bundled in.
 * Loading some 300 files from node_modules cost more than half of a `validate`; the packages
 * bundled in are devDependencies. What stays in `dependencies` is loaded from node_modules at
 * run time: ajv and ajv-formats by the validators and the fallback compiler, pg by the
 * PostgreSQL state. Figures: test/bench/RESULTS.md, cold start.
 */
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { precompiledModules } from '../controller/manifest/schema-code/write-precompiled.ts';
import { defaultRegistry } from '../controller/providers/index.ts';
import { thirdPartyNotices } from './third-party-notices.ts';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

await rm(dist, { recursive: true, force: true });
const result = await build({
  entryPoints: { main: join(root, 'controller', 'cli', 'main.ts') },
  outdir: join(dist, 'cli'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(pkg.dependencies),
  // The bundled CommonJS packages require Node's built-in modules: give each chunk a require.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});
await writeFile(join(dist, 'THIRD-PARTY-NOTICES.md'), await thirdPartyNotices(root, Object.keys(result.metafile.inputs)));

const validators = join(dist, 'validators');
await mkdir(validators, { recursive: true });
const modules = precompiledModules(defaultRegistry());
for (const [key, source] of modules) await writeFile(join(validators, `${key}.cjs`), source);
process.stdout.write(`built dist/cli and ${modules.size} precompiled validators in dist/validators\n`);
