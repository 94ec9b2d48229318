import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyCommand } from '../../controller/cli/apply-command.ts';
import { importCommand } from '../../controller/cli/import-command.ts';
import { planCommand } from '../../controller/cli/plan-command.ts';
import { DEFAULT_OWNER, startPasarGuardEmulator, type PasarGuardEmulator } from '../../controller/emulators/pasarguard/index.ts';
import { startRemnawaveEmulator, type RemnawaveEmulator } from '../../controller/emulators/remnawave/index.ts';
import { captureRuntime } from '../helpers/capture-runtime.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { connectPasarGuard } from '../lane/pasarguard/api.ts';
import { connectRemnawave, response } from '../lane/remnawave/api.ts';
import type { LaneTarget } from '../lane/target.ts';

const at = (type: string, url: string, auth: LaneTarget['auth']): LaneTarget => ({ where: 'emulator', type, version: '', url, auth, prefix: '', close: async () => {} });
type Table = Record<string, { id?: string; password?: string }>;

const panels = `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: pg }
spec: { type: pasarguard, url: { env: PG_URL }, auth: { username: { env: PG_USER }, password: { env: PG_PASS } }, limits: { requestsPerSecond: 0 } }
---
apiVersion: panelops.io/v1
kind: Panel
metadata: { name: rw }
spec: { type: remnawave, url: { env: RW_URL }, auth: { token: { env: RW_TOKEN } }, limits: { requestsPerSecond: 0 } }
`;

describe('migration from PasarGuard: users imported as subscribers and placed on Remnawave', () => {
  let emulators: Array<PasarGuardEmulator | RemnawaveEmulator> = [];
  let dir: Awaited<ReturnType<typeof tempDir>> | undefined;
  afterEach(async () => {
    await Promise.all(emulators.map((e) => e.close()));
    await dir?.cleanup();
    emulators = [];
  });

  it('takes the keys PasarGuard reports, creates the users on Remnawave with them, and converges', async () => {
    const pgEmu = await startPasarGuardEmulator({ seed: 4 });
    const rwEmu = await startRemnawaveEmulator({ seed: 4 });
    emulators = [pgEmu, rwEmu];
    const pg = await connectPasarGuard(at('pasarguard', pgEmu.url, { ...DEFAULT_OWNER }));
    const rw = await connectRemnawave(at('remnawave', rwEmu.url, { token: rwEmu.apiToken }));
    const group = await pg.ok<{ id: number }>('POST', '/api/group', { name: 'premium', inbound_tags: ['Shadowsocks TCP'] });
    const expire = '2027-05-01T10:20:30Z';
    const users = [
      await pg.ok<{ id: number; username: string; proxy_settings: Table }>('POST', '/api/user', { username: 'pia', status: 'active', data_limit: 7 * 2 ** 30, expire, data_limit_reset_strategy: 'week', note: 'from pasarguard', group_ids: [group.id] }),
      await pg.ok<{ id: number; username: string; proxy_settings: Table }>('POST', '/api/user', { username: 'quinn', status: 'active', data_limit: 0, expire: 0, group_ids: [group.id] }),
    ];
    await pg.ok('PUT', `/api/user/by-id/${users[1]?.id}/disabled`, { disabled: true });

    dir = await tempDir();
    const manifests = join(dir.path, 'manifests');
    const stateDir = join(dir.path, 'state');
    await writeFiles(manifests, { 'panels.yaml': panels });
    const env = { PG_URL: pgEmu.url, PG_USER: DEFAULT_OWNER.username, PG_PASS: DEFAULT_OWNER.password, RW_URL: rwEmu.url, RW_TOKEN: rwEmu.apiToken };
    const run = async (fn: (rt: ReturnType<typeof captureRuntime>['rt']) => Promise<number>) => {
      const c = captureRuntime(env);
      const code = await fn(c.rt).catch((err: Error & { exitCode?: number }) => err.exitCode ?? 99);
      return { code, out: c.stdout() + c.stderr() };
    };
    const imported = await run((rt) => importCommand(rt, { dir: manifests, stateDir, panel: 'pg', kind: ['Subscriber'], selector: [], names: [], adopt: true, placeOn: ['rw=Default-Squad'] }));
    expect(imported.code, imported.out).toBe(0);
    expect(imported.out).toContain('Imported 2 subscriber(s)');
    const applied = await run((rt) => applyCommand(rt, { dir: manifests, stateDir, autoApprove: true }));
    expect(applied.code, applied.out).toBe(0);
    for (const u of users) {
      const got = await response<{ vlessUuid: string; trojanPassword: string; ssPassword: string; status: string }>(rw, 'GET', `/api/users/by-username/${u.username}`);
      expect([got.vlessUuid, got.trojanPassword, got.ssPassword], u.username).toEqual([u.proxy_settings.vless?.id, u.proxy_settings.trojan?.password, u.proxy_settings.shadowsocks?.password]);
    }
    expect(await response(rw, 'GET', '/api/users/by-username/pia')).toMatchObject({ status: 'ACTIVE', trafficLimitBytes: 7 * 2 ** 30, trafficLimitStrategy: 'WEEK', description: 'from pasarguard', expireAt: '2027-05-01T10:20:30.000Z' });
    expect(await response(rw, 'GET', '/api/users/by-username/quinn')).toMatchObject({ status: 'DISABLED', trafficLimitBytes: 0 });
    const again = await run((rt) => planCommand(rt, { dir: manifests, stateDir, format: 'text' }));
    expect(again.code, again.out).toBe(0);
  });
});
