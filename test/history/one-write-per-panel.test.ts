import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { applyPlan } from '../../controller/engine/apply.ts';
import { makePlan } from '../../controller/engine/make-plan.ts';
import type { HistoryEntry } from '../../controller/history/history-entry.ts';
import { historyWriter } from '../../controller/history/record-history.ts';
import { loadManifests } from '../../controller/manifest/load.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { createLogger } from '../../controller/shared/logger.ts';
import { LocalState } from '../../controller/state/local/index.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

/** The file state, counting the history writes it is asked for. */
class CountingState extends LocalState {
  writes: Array<{ panel: string; entries: number }> = [];
  override recordHistory(panel: string, entries: readonly HistoryEntry[], pruneBefore?: string): Promise<void> {
    this.writes.push({ panel, entries: entries.length });
    return super.recordHistory(panel, entries, pruneBefore);
  }
}

describe('the cost of history', () => {
  let emulator: MarzbanEmulator;
  let dir: { path: string; cleanup(): Promise<void> };
  beforeAll(async () => {
    emulator = await startMarzbanEmulator({ seed: 9 });
    dir = await tempDir();
  });
  afterAll(async () => {
    await emulator.close();
    await dir.cleanup();
  });

  it('an apply of 61 operations in two phases (admins, users) writes the history once for its panel', async () => {
    const names = Array.from({ length: 60 }, (_, i) => `{ name: user${i} }`).join(', ');
    await writeFiles(join(dir.path, 'm'), {
      'panel.yaml': marzbanPanel(),
      'users.yaml': `apiVersion: marzban.panelops.io/v1\nkind: Admin\nmetadata: { name: reseller }\nspec: { password: { env: RP } }\n---\napiVersion: marzban.panelops.io/v1\nkind: UserList\nspec:\n  defaults: { owner: reseller, proxies: { vless: {} } }\n  items: [${names}]\n`,
    });
    const env = { MZ_URL: emulator.url, MZ_USER: 'admin', MZ_PASS: 'sandbox-admin-pass', RP: 'reseller-pass-123' };
    const state = new CountingState(join(dir.path, 'state'));
    const manifests = await loadManifests({ dir: join(dir.path, 'm'), registry: defaultRegistry(), env });
    const logger = createLogger({ level: 'silent' });
    const run = await makePlan(manifests, { registry: defaultRegistry(), logger }, { state });
    expect(run.plan.panels[0]?.operations).toHaveLength(61);
    const changes = await applyPlan(run, { logger, ...historyWriter(run, { actor: 't@h', runId: 'r1' }, { env }) });
    expect(changes.entries.filter((e) => e.result === 'succeeded')).toHaveLength(61);
    expect(state.writes).toEqual([{ panel: 'mz', entries: 61 }]);
    expect(await state.readHistory({ panel: 'mz' })).toHaveLength(61);
  });
});
