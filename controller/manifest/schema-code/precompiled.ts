import type { ValidateFunction } from 'ajv/dist/2020.js';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the build writes one validator module per schema, named by schema key (schema-key.ts).
 * In the package every module is bundled into dist/cli/ (scripts/build.ts), so this is
 * dist/validators/; a run from the TypeScript sources finds nothing here and compiles each
 * schema on first use instead.
 */
export const PRECOMPILED_DIR = fileURLToPath(new URL('../validators/', import.meta.url));

/** The build's validators, looked up one schema at a time. */
export interface PrecompiledValidators {
  find(key: string): ValidateFunction | undefined;
}

export const NO_PRECOMPILED: PrecompiledValidators = { find: () => undefined };

/** Validators from a directory of `<key>.cjs` modules; only those a run needs are loaded. */
export function precompiledFrom(dir: string): PrecompiledValidators {
  if (!existsSync(dir)) return NO_PRECOMPILED;
  const load = createRequire(join(dir, 'index.cjs'));
  return {
    find(key) {
      const file = join(dir, `${key}.cjs`);
      return existsSync(file) ? (load(file) as { validate: ValidateFunction }).validate : undefined;
    },
  };
}
