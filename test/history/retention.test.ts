import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../controller/history/history-entry.ts';
import { pruneBefore } from '../../controller/history/retention.ts';
import { LocalState } from '../../controller/state/local/index.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const entry = (at: string, key: string): HistoryEntry => ({ at, panel: 'p', kind: 'User', key, action: 'update', cause: 'change', changes: [], result: 'succeeded', actor: 't@h', runId: at });

describe('history retention', () => {
  it('defaults to 180 days, takes PANELOPS_HISTORY_RETENTION, and 0 keeps everything', () => {
    const now = new Date('2027-07-01T00:00:00Z');
    expect(pruneBefore({}, now)).toBe('2027-01-02T00:00:00.000Z');
    expect(pruneBefore({ PANELOPS_HISTORY_RETENTION: '7d' }, now)).toBe('2027-06-24T00:00:00.000Z');
    expect(pruneBefore({ PANELOPS_HISTORY_RETENTION: '30' }, now)).toBe('2027-06-01T00:00:00.000Z');
    expect(pruneBefore({ PANELOPS_HISTORY_RETENTION: '0' }, now)).toBeUndefined();
  });

  it('drops old lines when it writes, and leaves the inventory as it was', async () => {
    const dir = await tempDir();
    try {
      const state = new LocalState(dir.path);
      const { inventory } = await state.snapshot('p');
      inventory.record('User', 'old', { specHash: 'h', secretHashes: {}, protect: false }, '2020-01-01T00:00:00Z');
      await state.saveInventory(inventory);
      const before = await readFile(join(dir.path, 'p.json'), 'utf8');
      await state.recordHistory('p', [entry('2020-01-01T00:00:00.000Z', 'old')]);
      await state.recordHistory('p', [entry('2027-06-30T00:00:00.000Z', 'new')], '2027-01-01T00:00:00.000Z');
      expect((await state.readHistory({})).map((e) => e.key)).toEqual(['new']);
      expect(await readFile(join(dir.path, 'p.json'), 'utf8')).toBe(before);
      expect(await state.panels()).toEqual(['p']);
    } finally {
      await dir.cleanup();
    }
  });
});
