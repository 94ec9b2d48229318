import type * as AjvModule from 'ajv/dist/2020.js';
import type { Ajv2020, Options } from 'ajv/dist/2020.js';
import { createRequire } from 'node:module';

/** The options every validator is compiled with, at run time and ahead of time alike. */
export const AJV_OPTIONS: Options = { allErrors: true, strict: false };

// Required synchronously and only when needed: a precompiled validator needs neither Ajv's
// compiler (about 60 ms to load) nor ajv-formats' plugin.
const requireCjs = createRequire(import.meta.url);

/** A fresh Ajv (draft 2020-12) with the string formats the schemas use. */
export function createAjv(extra: Options = {}): Ajv2020 {
  const { Ajv2020: AjvClass } = requireCjs('ajv/dist/2020.js') as typeof AjvModule;
  const formats = requireCjs('ajv-formats') as { default?: (ajv: Ajv2020) => void } & ((ajv: Ajv2020) => void);
  const ajv = new AjvClass({ ...AJV_OPTIONS, ...extra });
  // ajv-formats is CommonJS: its function arrives as the module itself or as its default.
  (formats.default ?? formats)(ajv);
  return ajv;
}
