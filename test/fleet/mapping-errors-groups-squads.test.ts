import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planCommand } from '../../controller/cli/plan-command.ts';
import { validateCommand } from '../../controller/cli/validate-command.ts';
import { DEFAULT_OWNER, startPasarGuardEmulator, type PasarGuardEmulator } from '../../controller/emulators/pasarguard/index.ts';
import { startRemnawaveEmulator, type RemnawaveEmulator } from '../../controller/emulators/remnawave/index.ts';
import { captureRuntime } from '../helpers/capture-runtime.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

const panels = `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: de-3 }
spec: { type: pasarguard, url: { env: PG_URL }, auth: { username: { env: PG_USER }, password: { env: PG_PASS } }, limits: { requestsPerSecond: 0 } }
---
apiVersion: panelops.io/v1
kind: Panel
metadata: { name: nl-4 }
spec: { type: remnawave, url: { env: RW_URL }, auth: { token: { env: RW_TOKEN } }, limits: { requestsPerSecond: 0 } }
`;

const subscribers = `apiVersion: panelops.io/v1
kind: SubscriberList
metadata: { name: mixed }
spec:
  defaults:
    credentials: { derive: { key: { env: FLEET_KEY } } }
    placements:
      - { panel: de-3, groups: [premium] }
      - { panel: nl-4, squads: [Default-Squad] }
  items:
    - { name: kim, dataLimit: 1GiB, dataLimitReset: year }
    - { name: lea.b, dataLimit: 1GiB }
    - { name: max__x, dataLimit: 1GiB }
    - { name: nina, status: disabled, expire: { afterFirstUse: 7d } }
    - { name: otto, expire: 2099-06-01T00:00:00Z }
`;

describe('a subscriber field PasarGuard or Remnawave cannot hold', () => {
  let emulators: Array<PasarGuardEmulator | RemnawaveEmulator> = [];
  let dir: Awaited<ReturnType<typeof tempDir>> | undefined;
  afterEach(async () => {
    await Promise.all(emulators.map((e) => e.close()));
    await dir?.cleanup();
    emulators = [];
  });

  it('stops validate and plan with file, line, panel and field, and sends nothing', async () => {
    const pg = await startPasarGuardEmulator({ seed: 2 });
    const rw = await startRemnawaveEmulator({ seed: 2 });
    emulators = [pg, rw];
    dir = await tempDir();
    const manifests = join(dir.path, 'manifests');
    await writeFiles(manifests, { 'panels.yaml': panels, 'subscribers.yaml': subscribers });
    const env = { PG_URL: pg.url, PG_USER: DEFAULT_OWNER.username, PG_PASS: DEFAULT_OWNER.password, RW_URL: rw.url, RW_TOKEN: rw.apiToken, FLEET_KEY: 'fleet-key-for-tests-0123456789' };
    const before = pg.counters.total() + rw.counters.total();
    const v = captureRuntime(env);
    expect(await validateCommand(v.rt, manifests, {}).catch(() => 1)).toBe(1);
    const p = captureRuntime(env);
    expect(await planCommand(p.rt, { dir: manifests, stateDir: join(dir.path, 'state'), format: 'text' }).catch(() => 1)).toBe(1);
    for (const out of [v.stderr(), p.stderr()]) {
      expect(out).toMatch(/subscribers\.yaml:11:\d+: \/spec\/items\/0\/dataLimitReset: panel nl-4 \(remnawave\): dataLimitReset: Remnawave cannot reset traffic every year/);
      expect(out).toMatch(/subscribers\.yaml:12:\d+: \/spec\/items\/1\/name: panel nl-4 \(remnawave\): metadata\.name: Remnawave refuses the username "lea\.b"/);
      expect(out).toMatch(/subscribers\.yaml:13:\d+: \/spec\/items\/2\/name: panel de-3 \(pasarguard\): metadata\.name: PasarGuard refuses the username "max__x"/);
      expect(out).toMatch(/subscribers\.yaml:14:\d+: \/spec\/items\/3\/status: panel de-3 \(pasarguard\): status: PasarGuard cannot hold a disabled subscriber with a delayed start/);
      expect(out).toMatch(/subscribers\.yaml:14:\d+: \/spec\/items\/3\/expire: panel nl-4 \(remnawave\): expire: Remnawave has no delayed start/);
      expect(out).toMatch(/subscribers\.yaml:15:\d+: \/spec\/items\/4\/expire: panel nl-4 \(remnawave\): expire: Remnawave reads any date in 2099 as "never"/);
      // What the panel can hold is not refused: kim's yearly reset on PasarGuard, lea.b's name there.
      expect(out).not.toMatch(/items\/0\/dataLimitReset: panel de-3/);
      expect(out).not.toMatch(/items\/1\/name: panel de-3/);
    }
    expect(pg.counters.total() + rw.counters.total()).toBe(before);
  });
});
