import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../../controller/emulators/marzban/index.ts';
import { jsonError } from '../../../controller/emulators/marzban/wording.ts';
import { login } from './raw.ts';

/**
 * A body that is not JSON is a 422 keyed by the offset where parsing stopped (marzban.md §16.7):
 * the offsets and messages below are what Python's json module gives for each text.
 */
const PYTHON: Array<[string, number, string]> = [
  ['{"username": x}', 13, 'Expecting value'],
  ['', 0, 'Expecting value'],
  ['{"a": 1,}', 8, 'Expecting property name enclosed in double quotes'],
  ['[1 2]', 3, "Expecting ',' delimiter"],
  ['{"a" 1}', 5, "Expecting ':' delimiter"],
  ['{"a": "b', 6, 'Unterminated string starting at'],
  ['[1] x', 4, 'Extra data'],
  ['{\n  "a": tru\n}', 9, 'Expecting value'],
  ['  {"a":[1,2,]}', 12, 'Expecting value'],
  ['{"x": 01}', 7, "Expecting ',' delimiter"],
];

describe('Marzban emulator: malformed JSON bodies', () => {
  it.each(PYTHON)('%j stops at %i (%s), as Python does', (text, at, expecting) => {
    expect(jsonError(text)).toEqual([at, expecting]);
  });

  describe.each(['0.4.2', '0.7.0', '0.8.4'] as const)('over HTTP, %s', (version) => {
    let emu: MarzbanEmulator;
    let token: string;
    beforeAll(async () => {
      emu = await startMarzbanEmulator({ seed: 1, version });
      token = await login(emu);
    });
    afterAll(() => emu.close());

    it('answers 422 keyed by the offset, in the release wording; a second line counts its column from the break', async () => {
      const post = async (body: string) => {
        const res = await fetch(`${emu.url}/api/user`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
        return { status: res.status, body: (await res.json()) as unknown };
      };
      const old = version !== '0.8.4';
      expect(await post('{"username": x}')).toEqual({ status: 422, body: { detail: { 13: old ? 'Expecting value: line 1 column 14 (char 13)' : 'JSON decode error' } } });
      expect(await post('{\n  "a": tru\n}')).toEqual({ status: 422, body: { detail: { 9: old ? 'Expecting value: line 2 column 8 (char 9)' : 'JSON decode error' } } });
    });
  });
});
