import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.ts';
import { changedTo, snapshotDifference } from './compare.ts';
import { connectMarzban } from './marzban/api.ts';
import { marzbanEmulatorSource } from './marzban/emulator-target.ts';
import { ProbeDifference, runProbe } from './probe.ts';
import { writeRun } from './results.ts';
import type { LaneTarget } from './target.ts';

/** The lane's own parts: how it reports a difference, and how it keeps results. */
describe('lane machinery', () => {
  it('names the first request whose answer differs, and still cleans up', async () => {
    const target: LaneTarget = await marzbanEmulatorSource('0.8.4').open();
    try {
      const api = await connectMarzban(target);
      let cleaned = false;
      const probe = {
        name: 'wrong on purpose',
        async run(x: Parameters<Parameters<typeof runProbe>[0]['run']>[0]) {
          await x({ method: 'GET', path: '/api/system', expect: { status: 200, body: { version: '0.8.4' } } });
          await x({ method: 'GET', path: '/api/user/nobody-here', expect: { status: 200 } });
        },
        async cleanup() {
          cleaned = true;
        },
      };
      const err = await runProbe(probe, { prefix: 'x', version: '0.8.4', api }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProbeDifference);
      expect((err as Error).message).toBe('request 2: GET /api/user/nobody-here: expected 200, got 404 {"detail":"User not found"}');
      expect(cleaned).toBe(true);
    } finally {
      await target.close();
    }
  });

  it('reads back: an unnamed object that moved, a named change, a removal and a creation', () => {
    const before = { 'User/a': { note: null, id: 1 }, 'User/b': { id: 2 }, 'User/c': { id: 3 } };
    expect(snapshotDifference(before, { ...before })).toBeUndefined();
    expect(snapshotDifference(before, { ...before, 'User/b': { id: 9 } })).toMatch(/^User\/b: changed, nothing asked for it: …\{"id":2\}… became …\{"id":9\}…$/);
    const edited = { 'User/a': { note: 'x', id: 1 }, 'User/b': { id: 2 }, 'User/d': { id: 4 } };
    const expected = { 'User/a': { changed: changedTo({ note: 'x' }) }, 'User/c': { gone: true as const }, 'User/d': { added: () => undefined } };
    expect(snapshotDifference(before, edited, expected)).toBeUndefined();
    expect(snapshotDifference(before, { ...edited, 'User/a': { note: 'x', id: 5 } }, expected)).toMatch(/^User\/a: /);
    expect(snapshotDifference(before, { ...edited, 'User/c': { id: 3 } }, expected)).toBe('User/c: still there, its manifest was removed');
  });

  describe('RESULTS.md', () => {
    let dir: { path: string; cleanup(): Promise<void> };
    beforeAll(async () => {
      dir = await tempDir();
    });
    afterAll(() => dir.cleanup());

    it('keeps one section per panel, replaces a panel run again, and shows the first difference of a failure', async () => {
      const file = join(dir.path, 'RESULTS.md');
      const date = new Date('2026-12-07T12:00:00Z');
      writeRun(file, { type: 'marzban', version: '0.8.4', date, cases: [{ name: 'cycle', passed: true, ms: 1200 }] });
      writeRun(file, { type: 'marzban', version: '0.4.2', answeredVersion: '0.4.2', date, cases: [{ name: 'probe', passed: false, ms: 10, requests: 3, detail: 'request 3: GET /a|b: expected 200, got 404' }] });
      writeRun(file, { type: 'marzban', version: '0.8.4', date, cases: [{ name: 'cycle', passed: false, ms: 1200, detail: 'plan: exit 2' }] });
      const text = await readFile(file, 'utf8');
      expect(text.match(/^## /gm)).toHaveLength(2);
      expect(text.indexOf('## marzban 0.4.2')).toBeLessThan(text.indexOf('## marzban 0.8.4'));
      expect(text).toContain('0 of 1 cases passed; 3 answers compared request by request.');
      expect(text).toContain('| probe | **fail** | 3 | 0.0 s | request 3: GET /a\\|b: expected 200, got 404 |');
      expect(text).toContain('| cycle | **fail** |  | 1.2 s | plan: exit 2 |');
      expect(text).not.toContain('| cycle | pass |');
    });
  });
});
