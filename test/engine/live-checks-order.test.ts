import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { makePlan } from '../../controller/engine/make-plan.ts';
import { formatDiagnostic, ManifestError } from '../../controller/manifest/diagnostics.ts';
import { loadManifests } from '../../controller/manifest/load.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { createLogger } from '../../controller/shared/logger.ts';
import { LocalState } from '../../controller/state/local/index.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

const user = (panel: string, name: string) =>
  `apiVersion: marzban.panelops.io/v1\nkind: User\nmetadata: { name: ${name}, panel: ${panel} }\nspec: { proxies: { vless: {} }, inbounds: { vless: ["No Such Inbound"] } }\n`;

describe('what only the live panels can tell', () => {
  let slow: MarzbanEmulator;
  let fast: MarzbanEmulator;
  let dir: { path: string; cleanup(): Promise<void> };
  beforeAll(async () => {
    // The first Panel answers last: its findings must still come first.
    slow = await startMarzbanEmulator({ seed: 3, faults: { latencyMs: 60 } });
    fast = await startMarzbanEmulator({ seed: 4 });
    dir = await tempDir();
  });
  afterAll(async () => {
    await Promise.all([slow.close(), fast.close()]);
    await dir.cleanup();
  });

  it('is reported in the order of the Panels, whichever panel answers first, and plans nothing', async () => {
    await writeFiles(join(dir.path, 'm'), {
      'panels.yaml': `${marzbanPanel('{ prune: true }', 'one', 'ONE')}---\n${marzbanPanel('{ prune: true }', 'two', 'TWO')}`,
      'users.yaml': `${user('one', 'alice')}---\n${user('two', 'bob')}`,
    });
    const env = { ONE_URL: slow.url, ONE_USER: 'admin', ONE_PASS: 'sandbox-admin-pass', TWO_URL: fast.url, TWO_USER: 'admin', TWO_PASS: 'sandbox-admin-pass' };
    const manifests = await loadManifests({ dir: join(dir.path, 'm'), registry: defaultRegistry(), env });
    expect(manifests.diagnostics).toEqual([]);
    const planning = makePlan(manifests, { registry: defaultRegistry(), logger: createLogger({ level: 'silent' }) }, { state: new LocalState(join(dir.path, 'state')) });
    const err = await planning.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestError);
    const lines = (err as ManifestError).diagnostics.map(formatDiagnostic);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/users\.yaml:4:\d+: \/spec\/inbounds\/vless: inbound "No Such Inbound" does not exist/);
    expect(lines[1]).toMatch(/users\.yaml:9:\d+: \/spec\/inbounds\/vless: inbound "No Such Inbound" does not exist/);
    // Logins only: nothing was written.
    for (const panel of [slow, fast]) expect(panel.counters.writes()).toBe(panel.counters.get('POST', '/api/admin/token'));
  });
});
