import { LocalState } from '../../controller/state/local/index.ts';
import { readFileSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { makePlan } from '../../controller/engine/make-plan.ts';
import type { MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { hasErrors, ManifestError } from '../../controller/manifest/diagnostics.ts';
import { loadManifests } from '../../controller/manifest/load.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { silentLogger } from '../../controller/shared/logger.ts';
import { writeFiles } from '../helpers/temp-dir.ts';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');

/** Every example manifest (the seeds for mutation), by relative path. */
export const exampleFiles: ReadonlyArray<readonly [string, string]> = readdirSync(EXAMPLES, { recursive: true, encoding: 'utf8' })
  .filter((f) => /^(marzban|3x-ui|openpanel|users-api)\/.*\.ya?ml$/.test(f))
  .map((f) => [f, readFileSync(join(EXAMPLES, f), 'utf8')] as const);

const NASTY = ['\t', ':', ': ', '{', '}', '[', ']', '- ', '&a', '*a', '!!binary', '"', "'", '#', '\u0000', '🚀', 'ü', '\u202e', '---\n', '\n  ', '~', '0x1F', '1e999', '-1', 'NaN', '.inf', 'null', 'true'];

/** A mutation of one example file: cut, insert, duplicate a line, swap a value, or blow a value up. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 })) }),
  fc.record({ kind: fc.constant('dupLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('value' as const), at: fc.nat(), text: fc.constantFrom('x'.repeat(100_000), '99999999999999999999999', '[]', '{}', '"50GiB"', '-5', 'yes', '~', 'unlimited', '2027-02-30', '{ env: NOPE }', '{ file: /etc/shadow }') }),
);

function apply(text: string, m: { kind: string; at: number; len?: number; text?: string }): string {
  const at = m.at % (text.length + 1);
  const lines = text.split('\n');
  switch (m.kind) {
    case 'cut':
      return text.slice(0, at) + text.slice(at + (m.len ?? 1));
    case 'insert':
      return text.slice(0, at) + (m.text ?? '') + text.slice(at);
    case 'dupLine': {
      const i = m.at % lines.length;
      return [...lines.slice(0, i + 1), lines[i] ?? '', ...lines.slice(i + 1)].join('\n');
    }
    default: {
      const i = m.at % lines.length;
      const line = lines[i] ?? '';
      const colon = line.indexOf(': ');
      if (colon < 0) return text;
      lines[i] = `${line.slice(0, colon + 2)}${m.text ?? ''}`;
      return lines.join('\n');
    }
  }
}

export const fuzzCase = fc.record({
  file: fc.nat({ max: exampleFiles.length - 1 }),
  extra: fc.nat({ max: exampleFiles.length - 1 }),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
});

export interface FuzzStats {
  cases: number;
  invalid: number;
}

/**
 * One case: a panel file plus one mutated example (and an untouched second one, for
 * cross-file references). Loading must not throw; every diagnostic names a file in the
 * directory and a line; with errors, planning refuses before any request reaches a panel.
 */
export async function checkCase(dir: string, emulator: MarzbanEmulator, c: { file: number; extra: number; mutations: Array<{ kind: string; at: number; len?: number; text?: string }> }, stats: FuzzStats): Promise<void> {
  const [name, text] = exampleFiles[c.file] ?? ['x.yaml', ''];
  const [extraName, extraText] = exampleFiles[c.extra] ?? ['y.yaml', ''];
  const mutated = c.mutations.reduce((t, m) => apply(t, m), text);
  await rm(dir, { recursive: true, force: true });
  await writeFiles(dir, { [extraName]: extraText, [name]: mutated });
  const env = { MARZBAN_URL: emulator.url, MARZBAN_USERNAME: 'admin', MARZBAN_PASSWORD: 'sandbox-admin-pass', XUI_URL: emulator.url, XUI_TOKEN: 't', OPENPANEL_URL: emulator.url, USERS_API_URL: emulator.url };
  const set = await loadManifests({ dir, registry: defaultRegistry(), env });
  stats.cases += 1;
  for (const d of set.diagnostics) {
    if (relative(dir, d.file).startsWith('..') || !(d.line >= 1) || !(d.column >= 1)) throw new Error(`diagnostic without a place: ${JSON.stringify(d)}`);
  }
  if (!hasErrors(set.diagnostics)) return;
  stats.invalid += 1;
  const before = emulator.counters.total();
  const refused = await makePlan(set, { registry: defaultRegistry(), logger: silentLogger() }, { state: new LocalState(join(dir, '.state')) }).then(
    () => false,
    (err: unknown) => err instanceof ManifestError,
  );
  if (!refused) throw new Error('an invalid manifest set was planned');
  if (emulator.counters.total() !== before) throw new Error('a request reached the panel for an invalid manifest set');
}
