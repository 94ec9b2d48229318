import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyCommand } from '../../controller/cli/apply-command.ts';
import { planCommand } from '../../controller/cli/plan-command.ts';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { DEFAULT_OWNER, startPasarGuardEmulator, type PasarGuardEmulator } from '../../controller/emulators/pasarguard/index.ts';
import { startRemnawaveEmulator, type RemnawaveEmulator } from '../../controller/emulators/remnawave/index.ts';
import { captureRuntime } from '../helpers/capture-runtime.ts';
import type { ApiUser } from '../helpers/marzban-api.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { connectMarzban } from '../lane/marzban/api.ts';
import { connectPasarGuard } from '../lane/pasarguard/api.ts';
import { connectRemnawave, response } from '../lane/remnawave/api.ts';
import type { LaneTarget } from '../lane/target.ts';

type Table = Record<string, Record<string, unknown>>;
interface PgUser { id: number; username: string; data_limit: number; proxy_settings: Table }

const at = (type: string, url: string, auth: LaneTarget['auth']): LaneTarget => ({ where: 'emulator', type, version: '', url, auth, prefix: '', close: async () => {} });

const panels = `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: mz }
spec: { type: marzban, url: { env: MZ_URL }, auth: { username: { env: MZ_USER }, password: { env: MZ_PASS } }, limits: { requestsPerSecond: 0 }, policy: { adopt: true } }
---
apiVersion: panelops.io/v1
kind: Panel
metadata: { name: pg }
spec: { type: pasarguard, url: { env: PG_URL }, auth: { username: { env: PG_USER }, password: { env: PG_PASS } }, limits: { requestsPerSecond: 0 }, policy: { adopt: true } }
---
apiVersion: panelops.io/v1
kind: Panel
metadata: { name: rw }
spec: { type: remnawave, url: { env: RW_URL }, auth: { token: { env: RW_TOKEN } }, limits: { requestsPerSecond: 0 }, policy: { adopt: true } }
`;

const frank = (limit: string) => `apiVersion: panelops.io/v1
kind: Subscriber
metadata: { name: frank }
spec:
  dataLimit: ${limit}
  credentials: { from: mz }
  placements:
    - { panel: mz, inbounds: { vless: ["VLESS TCP REALITY"], trojan: ["Trojan Websocket TLS"], shadowsocks: ["Shadowsocks TCP"] } }
    - { panel: pg, groups: [premium] }
    - { panel: rw, squads: [Default-Squad] }
`;

describe('a subscriber whose keys differ on PasarGuard and Remnawave', () => {
  let emulators: Array<MarzbanEmulator | PasarGuardEmulator | RemnawaveEmulator> = [];
  let dir: Awaited<ReturnType<typeof tempDir>> | undefined;
  afterEach(async () => {
    await Promise.all(emulators.map((e) => e.close()));
    await dir?.cleanup();
    emulators = [];
  });

  it('is blocked; a run that allows it re-keys PasarGuard in the whole table as read and refuses Remnawave; later edits send no key', async () => {
    const marzban = await startMarzbanEmulator({ seed: 5 });
    const pasarguard = await startPasarGuardEmulator({ seed: 5 });
    const remnawave = await startRemnawaveEmulator({ seed: 5 });
    emulators = [marzban, pasarguard, remnawave];
    const mz = await connectMarzban(at('marzban', marzban.url, { username: 'admin', password: 'sandbox-admin-pass' }));
    const pg = await connectPasarGuard(at('pasarguard', pasarguard.url, { ...DEFAULT_OWNER }));
    const rw = await connectRemnawave(at('remnawave', remnawave.url, { token: remnawave.apiToken }));
    const GiB = 2 ** 30;
    const source = await mz.ok<ApiUser>('POST', '/api/user', {
      username: 'frank', data_limit: 5 * GiB,
      proxies: { vless: {}, trojan: {}, shadowsocks: {} },
      inbounds: { vless: ['VLESS TCP REALITY'], trojan: ['Trojan Websocket TLS'], shadowsocks: ['Shadowsocks TCP'] },
    });
    const group = await pg.ok<{ id: number }>('POST', '/api/group', { name: 'premium', inbound_tags: ['Shadowsocks TCP'] });
    // frank is already on both new panels, with keys of their own.
    const own = await pg.ok<PgUser>('POST', '/api/user', { username: 'frank', status: 'active', data_limit: 5 * GiB, expire: 0, group_ids: [group.id] });
    const rwOwn = await response<{ vlessUuid: string }>(rw, 'POST', '/api/users', { username: 'frank', expireAt: '2099-12-31T00:00:00.000Z', trafficLimitBytes: 5 * GiB, activeInternalSquads: [] });
    const squads = await response<{ internalSquads: Array<{ uuid: string; name: string }> }>(rw, 'GET', '/api/internal-squads');
    await response(rw, 'PATCH', '/api/users', { username: 'frank', activeInternalSquads: squads.internalSquads.filter((s) => s.name === 'Default-Squad').map((s) => s.uuid) });

    dir = await tempDir();
    const manifests = join(dir.path, 'manifests');
    const stateDir = join(dir.path, 'state');
    await writeFiles(manifests, { 'panels.yaml': panels, 'frank.yaml': frank('5GiB') });
    const env = { MZ_URL: marzban.url, MZ_USER: 'admin', MZ_PASS: 'sandbox-admin-pass', PG_URL: pasarguard.url, PG_USER: DEFAULT_OWNER.username, PG_PASS: DEFAULT_OWNER.password, RW_URL: remnawave.url, RW_TOKEN: remnawave.apiToken };
    const run = async (fn: (rt: ReturnType<typeof captureRuntime>['rt']) => Promise<number>) => {
      const c = captureRuntime(env);
      const code = await fn(c.rt).catch((err: Error & { exitCode?: number }) => err.exitCode ?? 99);
      return { code, out: c.stdout() + c.stderr() };
    };
    const pgUser = async () => pg.ok<PgUser>('GET', `/api/user/by-id/${own.id}`);

    const blocked = await run((rt) => planCommand(rt, { dir: manifests, stateDir, format: 'text' }));
    expect(blocked.code, blocked.out).toBe(3);
    expect(blocked.out).toContain('credentials differ');
    for (const key of [source.proxies.vless?.id, own.proxy_settings.vless?.id, rwOwn.vlessUuid]) expect(blocked.out.includes(String(key))).toBe(false);
    expect((await run((rt) => applyCommand(rt, { dir: manifests, stateDir, autoApprove: true }))).code).toBe(3);
    expect((await pgUser()).proxy_settings).toEqual(own.proxy_settings);

    const allowed = await run((rt) => applyCommand(rt, { dir: manifests, stateDir, autoApprove: true, allowCredentialChanges: true }));
    // PasarGuard takes the keys; Remnawave cannot change keys of a user it has, and says so.
    expect(allowed.out).toMatch(/User\/frank: [^\n]*cannot change on an existing Remnawave user/);
    const rekeyed = (await pgUser()).proxy_settings;
    expect(rekeyed.vless?.id).toBe(source.proxies.vless?.id);
    expect(rekeyed.trojan?.password).toBe(source.proxies.trojan?.password);
    expect(rekeyed.shadowsocks?.password).toBe(source.proxies.shadowsocks?.password);
    // Everything the subscriber does not carry is as it was: the whole table was sent as read.
    expect({ ...rekeyed, vless: undefined, trojan: undefined, shadowsocks: undefined }).toEqual({ ...own.proxy_settings, vless: undefined, trojan: undefined, shadowsocks: undefined });
    expect(rekeyed.shadowsocks?.method).toBe(own.proxy_settings.shadowsocks?.method);
    expect((await response<{ vlessUuid: string }>(rw, 'GET', '/api/users/by-username/frank')).vlessUuid).toBe(rwOwn.vlessUuid);

    // A later edit of another field sends no key: a partial table would make the panel regenerate the rest.
    await rw.ok('DELETE', `/api/users/${(await response<{ id: number }>(rw, 'GET', '/api/users/by-username/frank')).id}`);
    await writeFiles(manifests, { 'frank.yaml': frank('6GiB') });
    const edited = await run((rt) => applyCommand(rt, { dir: manifests, stateDir, autoApprove: true }));
    expect(edited.code, edited.out).toBe(0);
    const after = await pgUser();
    expect(after.data_limit).toBe(6 * GiB);
    expect(after.proxy_settings).toEqual(rekeyed);
    const onRw = await response<{ vlessUuid: string; trojanPassword: string; ssPassword: string }>(rw, 'GET', '/api/users/by-username/frank');
    expect([onRw.vlessUuid, onRw.trojanPassword, onRw.ssPassword]).toEqual([source.proxies.vless?.id, source.proxies.trojan?.password, source.proxies.shadowsocks?.password]);
    const again = await run((rt) => planCommand(rt, { dir: manifests, stateDir, format: 'text' }));
    expect(again.code, again.out).toBe(0);
  });
});
