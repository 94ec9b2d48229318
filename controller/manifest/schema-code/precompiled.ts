import type { ValidateFunction } from 'ajv/dist/2020.js';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the build writes one validator module per schema, named by schema key (schema-key.ts).
 * In the package every module is bundled into dist/cli/ (scripts/build.ts), so this is
 * dist/validators/. A run from the TypeScript sources uses the checkout's own build when there
 * is one (a validator is found only for a schema whose text has the same digest, so a stale
 * build is never used for a changed schema) and otherwise compiles each schema on first use.
 */
export const PRECOMPILED_DIR = [new URL('../validators/', import.meta.url), new URL('../../../dist/validators/', import.meta.url)].map((u) => fileURLToPath(u)).find((d) => existsSync(d)) ?? '';

/** The build's validators, looked up one schema at a time. */
export interface PrecompiledValidators {
  find(key: string): ValidateFunction | undefined;
}

export const NO_PRECOMPILED: PrecompiledValidators = { find: () => undefined };

/** Validators from a directory of `<key>.cjs` modules; only those a run needs are loaded. */
export function precompiledFrom(dir: string): PrecompiledValidators {
  if (!dir || !existsSync(dir)) return NO_PRECOMPILED;
  const load = createRequire(join(dir, 'index.cjs'));
  return {
    find(key) {
      const file = join(dir, `${key}.cjs`);
      return existsSync(file) ? (load(file) as { validate: ValidateFunction }).validate : undefined;
    },
  };
}
