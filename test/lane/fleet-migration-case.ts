/**
 * The migration case of the lane: users seeded on a Marzban panel (an emulator, or a running
 * panel) are imported as subscribers and placed on an emulated 3x-ui panel. After apply every
 * key matches the source byte for byte, read through each panel's own API, every limit, expiry
 * and status is exact, and the next plan is empty. Only names with the run's prefix are touched.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { applyCommand } from '../../controller/cli/apply-command.ts';
import { importCommand } from '../../controller/cli/import-command.ts';
import { planCommand } from '../../controller/cli/plan-command.ts';
import { startXuiEmulator } from '../../controller/emulators/3x-ui/index.ts';
import { captureRuntime } from '../helpers/capture-runtime.ts';
import { marzbanApi, type ApiUser } from '../helpers/marzban-api.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { XUI_TOKEN, xuiGet } from '../helpers/xui-fixture.ts';
import type { LaneTarget } from './target.ts';

const GiB = 2 ** 30;
type Listed = { email: string; uuid: string; password: string; enable: boolean; totalGB: number; expiryTime: number; comment: string };

const panels = `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: old }
spec:
  type: marzban
  url: { env: OLD_URL }
  auth: { username: { env: OLD_USER }, password: { env: OLD_PASS } }
  limits: { concurrency: 2, requestsPerSecond: 0, timeoutSeconds: 60 }
---
apiVersion: panelops.io/v1
kind: Panel
metadata: { name: new }
spec:
  type: 3x-ui
  url: { env: NEW_URL }
  auth: { token: { env: NEW_TOKEN } }
  limits: { concurrency: 4, requestsPerSecond: 0 }
`;

/**
 * Each Marzban user as the 3x-ui panel has it now, read through its own API: the keys byte for
 * byte, the limit, the expiry (an on-hold duration as a delayed start), the status and the note.
 */
export async function expectMigrated(before: ReadonlyMap<string, ApiUser>, xuiUrl: string): Promise<void> {
  const clients = new Map((await xuiGet<Listed[]>(xuiUrl, '/clients/list')).obj.map((c) => [c.email, c]));
  for (const [name, u] of before) {
    const c = clients.get(name);
    expect(c, name).toBeDefined();
    expect(c?.uuid, name).toBe(u.proxies.vless?.id);
    expect(c?.password, name).toBe(u.proxies.trojan?.password);
    expect(c?.totalGB, name).toBe(u.data_limit ?? 0);
    expect(c?.enable, name).toBe(u.status !== 'disabled');
    expect(c?.comment ?? '', name).toBe(u.note ?? '');
    expect(c?.expiryTime, name).toBe(u.status === 'on_hold' ? -1000 * (u.on_hold_expire_duration ?? 0) : (u.expire ?? 0) * 1000);
  }
}

export async function marzbanToXuiMigration(target: LaneTarget): Promise<{ users: number; requestsPerUser: number }> {
  const xui = await startXuiEmulator({ seed: 1, version: '3.6' });
  const root = await tempDir();
  const api = await marzbanApi(target.url, target.auth.username, target.auth.password);
  const p = target.prefix;
  const names = [`${p}a`, `${p}u`, `${p}d`, `${p}h`, `${p}o`];
  try {
    const both = { proxies: { vless: { flow: 'xtls-rprx-vision' }, trojan: {} }, inbounds: { vless: ['VLESS TCP REALITY'], trojan: ['Trojan Websocket TLS'] } };
    const inAYear = Math.floor(Date.now() / 1000) + 365 * 86400 + 17;
    await api.send('POST', '/api/user', { ...both, username: `${p}a`, data_limit: 50 * GiB, expire: inAYear, note: 'paid for a year' });
    await api.send('POST', '/api/user', { ...both, username: `${p}u`, data_limit: 0, expire: 0 });
    await api.send('POST', '/api/user', { ...both, username: `${p}d`, data_limit: 5 * GiB });
    await api.send('PUT', `/api/user/${p}d`, { status: 'disabled' });
    await api.send('POST', '/api/user', { ...both, username: `${p}h`, status: 'on_hold', on_hold_expire_duration: 30 * 86400, expire: 0, data_limit: 10 * GiB });
    await api.send('POST', '/api/user', { ...both, username: `${p}o`, data_limit: 123_456_789, expire: inAYear + 3 });
    const before = new Map<string, ApiUser>();
    for (const n of names) before.set(n, await api.get<ApiUser>(`/api/user/${n}`));

    const manifests = join(root.path, 'manifests');
    const stateDir = join(root.path, 'state');
    await writeFiles(manifests, { 'panels.yaml': panels });
    const env = { OLD_URL: target.url, OLD_USER: target.auth.username ?? '', OLD_PASS: target.auth.password ?? '', NEW_URL: xui.url, NEW_TOKEN: XUI_TOKEN };
    const cli = async (fn: (c: ReturnType<typeof captureRuntime>) => Promise<number>) => {
      const c = captureRuntime(env);
      const code = await fn(c);
      return { code, out: c.stdout(), err: c.stderr() };
    };
    const imported = await cli((c) => importCommand(c.rt, { dir: manifests, stateDir, panel: 'old', kind: ['Subscriber'], selector: [`User/${p}*`], names: [], adopt: true, placeOn: ['new=vless-reality,trojan-tls'] }));
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toContain(`Imported ${names.length} subscriber(s)`);
    const written = await readFile(join(manifests, 'old-subscribers.yaml'), 'utf8');
    for (const u of before.values()) expect(written.includes(String(u.proxies.vless?.id)) || written.includes(String(u.proxies.trojan?.password))).toBe(false);

    const plan = await cli((c) => planCommand(c.rt, { dir: manifests, stateDir, format: 'text' }));
    expect(plan.code, plan.out + plan.err).toBe(2);
    expect(plan.out).toContain(`subscribers: ${names.length} in sync, 0 pending, 0 refused`);
    expect(plan.out).toContain(`subscribers: 0 in sync, ${names.length} pending, 0 refused`);
    expect(plan.out).toContain(`Client/${p}a: carried over from panel old: used traffic starts at 0 here`);
    expect(plan.out).toContain("the old panel's subscription link does not serve this panel");

    const requestsBefore = xui.counters.total();
    const applied = await cli((c) => applyCommand(c.rt, { dir: manifests, stateDir, autoApprove: true }));
    expect(applied.code, applied.out + applied.err).toBe(0);
    await expectMigrated(before, xui.url);
    for (const [name, u] of before) expect(await api.get<ApiUser>(`/api/user/${name}`), name).toMatchObject({ proxies: u.proxies, status: u.status, data_limit: u.data_limit, expire: u.expire });
    const requestsPerUser = (xui.counters.total() - requestsBefore) / names.length;
    const again = await cli((c) => planCommand(c.rt, { dir: manifests, stateDir, format: 'text' }));
    expect(again.code, again.out + again.err).toBe(0);
    return { users: names.length, requestsPerUser };
  } finally {
    for (const n of names) await api.send('DELETE', `/api/user/${n}`).catch(() => undefined);
    await xui.close();
    await rm(root.path, { recursive: true, force: true });
  }
}
