/**
 * The migration case of the lane onto the panels that place users by group and by squad: users
 * seeded on a Marzban panel are imported as subscribers and placed on a PasarGuard panel (a
 * group) and a Remnawave panel (an internal squad). What Remnawave cannot hold (a delayed start,
 * a yearly reset) stops the first plan at its file and line with nothing sent; once the operator
 * keeps those subscribers off Remnawave, apply carries every key byte for byte (read back
 * through each panel's own API), every limit, expiry and status is exact, and the next plan is
 * empty. Only names with the run's prefix are touched; the same case runs on emulators and on
 * running panels.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseDocument } from 'yaml';
import { applyCommand } from '../../controller/cli/apply-command.ts';
import { importCommand } from '../../controller/cli/import-command.ts';
import { planCommand } from '../../controller/cli/plan-command.ts';
import { validateCommand } from '../../controller/cli/validate-command.ts';
import { captureRuntime } from '../helpers/capture-runtime.ts';
import type { ApiUser } from '../helpers/marzban-api.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import type { LaneApi } from './http.ts';
import { connectMarzban } from './marzban/api.ts';
import { connectPasarGuard } from './pasarguard/api.ts';
import { connectRemnawave, response } from './remnawave/api.ts';
import type { LaneTarget } from './target.ts';

const GiB = 2 ** 30;
const SQUAD = 'Default-Squad';

interface PgUser { id: number; username: string; status: string; data_limit: number | null; expire: string | null; note: string | null; data_limit_reset_strategy: string; on_hold_expire_duration: number | null; proxy_settings: Record<string, { id?: string; password?: string }> }
interface RwUser { id: number; username: string; status: string; trafficLimitBytes: number; trafficLimitStrategy: string; expireAt: string; description: string | null; vlessUuid: string; trojanPassword: string; ssPassword: string }

const panel = (name: string, type: string, auth: string) => `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: ${name} }
spec:
  type: ${type}
  url: { env: ${name.toUpperCase()}_URL }
  auth: ${auth}
  limits: { concurrency: 2, requestsPerSecond: 0, timeoutSeconds: 60 }
`;

const panels = [
  panel('old', 'marzban', '{ username: { env: OLD_USER }, password: { env: OLD_PASS } }'),
  panel('pg', 'pasarguard', '{ username: { env: PG_USER }, password: { env: PG_PASS } }'),
  panel('rw', 'remnawave', '{ token: { env: RW_TOKEN } }'),
].join('---\n');

export interface GroupsSquadsSources {
  marzban: LaneTarget;
  pasarguard: LaneTarget;
  remnawave: LaneTarget;
  /** Makes a seeded user limited (used traffic over its limit), where the source can (an emulator); a running panel without nodes cannot. */
  makeLimited?: (username: string) => void;
  /** Requests each new panel has answered so far, where they are counted (emulators). */
  requests?: () => { pasarguard: number; remnawave: number };
}

export interface GroupsSquadsResult {
  users: number;
  onPasarGuard: number;
  onRemnawave: number;
  /** The fields the first plan refused on Remnawave, as `user field`. */
  refused: string[];
  /** The carry-over notes the plan listed, one per distinct text and panel. */
  carryOver: string[];
  requestsPerUser: { pasarguard: number; remnawave: number } | undefined;
}

const unix = (iso: string | null): number => (iso === null ? 0 : Math.floor(Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`) / 1000));

/** The user on PasarGuard as its own API answers it: keys, limit, expiry, status, reset and note. */
async function expectOnPasarGuard(api: LaneApi, u: ApiUser, reset: string): Promise<void> {
  const list = await api.ok<{ users: PgUser[] }>('GET', `/api/users?username=${encodeURIComponent(u.username)}`);
  const got = list.users.find((x) => x.username === u.username);
  expect(got, u.username).toBeDefined();
  if (!got) return;
  expect(got.proxy_settings.vless?.id, u.username).toBe(u.proxies.vless?.id);
  expect(got.proxy_settings.trojan?.password, u.username).toBe(u.proxies.trojan?.password);
  expect(got.proxy_settings.shadowsocks?.password, u.username).toBe(u.proxies.shadowsocks?.password);
  expect(got.data_limit ?? 0, u.username).toBe(u.data_limit ?? 0);
  expect(got.data_limit_reset_strategy, u.username).toBe(reset);
  expect(got.note ?? '', u.username).toBe(u.note ?? '');
  // A limited Marzban user starts again at 0 used traffic: active with the same limit (a carry-over note says so).
  expect(got.status, u.username).toBe(u.status === 'limited' ? 'active' : u.status);
  if (u.status === 'on_hold') expect(got.on_hold_expire_duration, u.username).toBe(u.on_hold_expire_duration);
  else expect(unix(got.expire), u.username).toBe(u.expire ?? 0);
}

/** The user on Remnawave as its own API answers it. */
async function expectOnRemnawave(api: LaneApi, u: ApiUser, strategy: string): Promise<void> {
  const got = await response<RwUser>(api, 'GET', `/api/users/by-username/${encodeURIComponent(u.username)}`);
  expect(got.vlessUuid, u.username).toBe(u.proxies.vless?.id);
  expect(got.trojanPassword, u.username).toBe(u.proxies.trojan?.password);
  expect(got.ssPassword, u.username).toBe(u.proxies.shadowsocks?.password);
  expect(got.trafficLimitBytes, u.username).toBe(u.data_limit ?? 0);
  expect(got.trafficLimitStrategy, u.username).toBe(strategy);
  expect(got.description ?? '', u.username).toBe(u.note ?? '');
  expect(got.status, u.username).toBe(u.status === 'disabled' ? 'DISABLED' : 'ACTIVE');
  // Marzban's "never" is Remnawave's year 2099.
  if (u.expire) expect(Date.parse(got.expireAt) / 1000, u.username).toBe(u.expire);
  else expect(got.expireAt.startsWith('2099-'), u.username).toBe(true);
}

export async function marzbanToGroupsAndSquads(src: GroupsSquadsSources): Promise<GroupsSquadsResult> {
  const root = await tempDir();
  const mz = await connectMarzban(src.marzban);
  const pg = await connectPasarGuard(src.pasarguard);
  const rw = await connectRemnawave(src.remnawave);
  const p = src.marzban.prefix;
  const group = `${p}g`;
  // name → [Marzban reset, PasarGuard reset, Remnawave strategy or undefined where refused]
  const resets: Record<string, [string, string, string | undefined]> = {
    [`${p}a`]: ['month', 'month', 'MONTH_ROLLING'],
    [`${p}u`]: ['no_reset', 'no_reset', 'NO_RESET'],
    [`${p}d`]: ['week', 'week', 'WEEK'],
    [`${p}o`]: ['day', 'day', 'DAY'],
    [`${p}h`]: ['no_reset', 'no_reset', undefined],
    [`${p}y`]: ['year', 'year', undefined],
  };
  if (src.makeLimited) resets[`${p}l`] = ['no_reset', 'no_reset', 'NO_RESET'];
  const names = Object.keys(resets);
  const offRemnawave = names.filter((n) => resets[n]?.[2] === undefined);
  let groupId: number | undefined;
  try {
    groupId = (await pg.ok<{ id: number }>('POST', '/api/group', { name: group, inbound_tags: ['Shadowsocks TCP'] })).id;
    const all = {
      proxies: { vless: {}, trojan: {}, shadowsocks: {} },
      inbounds: { vless: ['VLESS TCP REALITY'], trojan: ['Trojan Websocket TLS'], shadowsocks: ['Shadowsocks TCP'] },
    };
    const inAYear = Math.floor(Date.now() / 1000) + 365 * 86400 + 17;
    const add = (name: string, user: Record<string, unknown>) => mz.ok('POST', '/api/user', { ...all, username: name, data_limit_reset_strategy: resets[name]?.[0], ...user });
    await add(`${p}a`, { data_limit: 50 * GiB, expire: inAYear, note: 'paid for a year' });
    await add(`${p}u`, { data_limit: 0, expire: 0 });
    await add(`${p}d`, { data_limit: 5 * GiB, expire: inAYear + 1, note: 'paused' });
    await mz.ok('PUT', `/api/user/${p}d`, { status: 'disabled' });
    await add(`${p}o`, { data_limit: 123_456_789, expire: inAYear + 3 });
    await add(`${p}h`, { status: 'on_hold', on_hold_expire_duration: 30 * 86400, expire: 0, data_limit: 10 * GiB });
    await add(`${p}y`, { data_limit: 20 * GiB, expire: inAYear + 5, note: 'yearly' });
    if (src.makeLimited) {
      await add(`${p}l`, { data_limit: GiB, expire: inAYear + 7 });
      src.makeLimited(`${p}l`);
    }
    const before = new Map<string, ApiUser>();
    for (const n of names) before.set(n, await mz.ok<ApiUser>('GET', `/api/user/${n}`));
    if (src.makeLimited) expect(before.get(`${p}l`)?.status).toBe('limited');

    const manifests = join(root.path, 'manifests');
    const stateDir = join(root.path, 'state');
    await writeFiles(manifests, { 'panels.yaml': panels });
    const env = {
      OLD_URL: src.marzban.url, OLD_USER: src.marzban.auth.username ?? '', OLD_PASS: src.marzban.auth.password ?? '',
      PG_URL: src.pasarguard.url, PG_USER: src.pasarguard.auth.username ?? '', PG_PASS: src.pasarguard.auth.password ?? '',
      RW_URL: src.remnawave.url, RW_TOKEN: src.remnawave.auth.token ?? '',
    };
    const cli = async (fn: (c: ReturnType<typeof captureRuntime>) => Promise<number>) => {
      const c = captureRuntime(env);
      const code = await fn(c).catch((err: Error & { exitCode?: number }) => {
        c.rt.stderr.write(`Error: ${err.message}\n`);
        return err.exitCode ?? 99;
      });
      return { code, out: c.stdout(), err: c.stderr() };
    };
    const plan = () => cli((c) => planCommand(c.rt, { dir: manifests, stateDir, format: 'text' }));
    const imported = await cli((c) => importCommand(c.rt, { dir: manifests, stateDir, panel: 'old', kind: ['Subscriber'], selector: [`User/${p}*`], names: [], adopt: true, placeOn: [`pg=${group}`, `rw=${SQUAD}`] }));
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toContain(`Imported ${names.length} subscriber(s)`);
    const listFile = join(manifests, 'old-subscribers.yaml');
    const written = await readFile(listFile, 'utf8');
    for (const u of before.values()) for (const p2 of ['vless', 'trojan', 'shadowsocks']) expect(written.includes(String(u.proxies[p2]?.id ?? u.proxies[p2]?.password))).toBe(false);

    // What Remnawave cannot hold stops the plan at its line, naming panel and field; nothing is sent.
    const stopped = await plan();
    expect(stopped.code, stopped.out + stopped.err).toBe(1);
    const validated = await cli((c) => validateCommand(c.rt, manifests, {}));
    expect(validated.code).toBe(1);
    const refused: string[] = [];
    const lines = written.split('\n');
    for (const [name, field] of [[`${p}h`, 'expire'], [`${p}y`, 'dataLimitReset']] as const) {
      // The line points into this subscriber's item (its field, or the field's value below it).
      const first = lines.findIndex((l) => l.includes(`name: ${name}`)) + 1;
      const next = lines.findIndex((l, i) => i >= first && /^\s*- name:/.test(l));
      const at = new RegExp(`old-subscribers\\.yaml:(\\d+):\\d+: /spec/items/\\d+/${field}: panel rw \\(remnawave\\): ${field}: Remnawave`).exec(stopped.err);
      expect(at, `${name} ${field}\n${stopped.err}`).not.toBeNull();
      expect(validated.err).toContain(at?.[0]);
      const line = Number(at?.[1]);
      expect(line, name).toBeGreaterThanOrEqual(first);
      expect(line, name).toBeLessThanOrEqual(next < 0 ? lines.length : next);
      refused.push(`${name} ${field}`);
    }
    for (const n of names) expect((await rw.call('GET', `/api/users/by-username/${n}`)).status, n).toBe(404);
    expect((await pg.ok<{ users: PgUser[] }>('GET', `/api/users?search=${p}`)).users).toHaveLength(0);

    // The operator keeps those two off Remnawave: its Placement selects a label the others carry.
    const rwPlacementFile = join(manifests, 'old-subscribers-on-rw.yaml');
    const placement = parseDocument(await readFile(rwPlacementFile, 'utf8'));
    placement.setIn(['spec', 'selector', 'matchLabels', 'to-remnawave'], 'yes');
    await writeFile(rwPlacementFile, placement.toString());
    const list = parseDocument(written);
    const items = list.getIn(['spec', 'items']) as { items: Array<{ get(k: string): unknown; set(k: string, v: unknown): void }> };
    for (const item of items.items) if (!offRemnawave.includes(String(item.get('name')))) item.set('labels', { 'to-remnawave': 'yes' });
    await writeFile(listFile, list.toString({ lineWidth: 0 }));

    const planned = await plan();
    expect(planned.code, planned.out + planned.err).toBe(2);
    expect(planned.out).toContain(`subscribers: ${names.length} in sync, 0 pending, 0 refused`);
    expect(planned.out).toContain(`subscribers: 0 in sync, ${names.length} pending, 0 refused`);
    expect(planned.out).toContain(`subscribers: 0 in sync, ${names.length - offRemnawave.length} pending, 0 refused`);
    const carryOver = [...new Set([...planned.out.matchAll(/User\/\S+: (carried over from panel old: [^\n]+)/g)].map((m) => m[1] ?? ''))].sort();
    for (const text of ['used traffic starts at 0 here (PasarGuard', 'used traffic starts at 0 here (Remnawave', "the old panel's subscription link does not serve this panel", "reset periods follow Remnawave's calendar"]) {
      expect(carryOver.some((c) => c.includes(text)), text).toBe(true);
    }

    const requestsBefore = src.requests?.();
    const applied = await cli((c) => applyCommand(c.rt, { dir: manifests, stateDir, autoApprove: true }));
    expect(applied.code, applied.out + applied.err).toBe(0);
    const requestsAfter = src.requests?.();

    for (const [name, u] of before) {
      const [, pgReset, rwStrategy] = resets[name] ?? [];
      await expectOnPasarGuard(pg, u, pgReset ?? 'no_reset');
      if (rwStrategy) await expectOnRemnawave(rw, u, rwStrategy);
      else expect((await rw.call('GET', `/api/users/by-username/${name}`)).status, name).toBe(404);
      // The old panel is untouched.
      expect(await mz.ok<ApiUser>('GET', `/api/user/${name}`), name).toMatchObject({ proxies: u.proxies, status: u.status, data_limit: u.data_limit, expire: u.expire });
    }
    const again = await plan();
    expect(again.code, again.out + again.err).toBe(0);
    const onRemnawave = names.length - offRemnawave.length;
    return {
      users: names.length,
      onPasarGuard: names.length,
      onRemnawave,
      refused,
      carryOver,
      requestsPerUser: requestsBefore && requestsAfter
        ? { pasarguard: (requestsAfter.pasarguard - requestsBefore.pasarguard) / names.length, remnawave: (requestsAfter.remnawave - requestsBefore.remnawave) / onRemnawave }
        : undefined,
    };
  } finally {
    for (const n of names) {
      await mz.call('DELETE', `/api/user/${n}`).catch(() => undefined);
      const onPg = (await pg.call('GET', `/api/users?username=${n}`).catch(() => undefined))?.body as { users?: PgUser[] } | undefined;
      for (const u of onPg?.users ?? []) if (u.username === n) await pg.call('DELETE', `/api/user/by-id/${u.id}`).catch(() => undefined);
      const onRw = (await rw.call('GET', `/api/users/by-username/${n}`).catch(() => undefined))?.body as { response?: RwUser } | undefined;
      if (onRw?.response?.username === n) await rw.call('DELETE', `/api/users/${onRw.response.id}`).catch(() => undefined);
    }
    if (groupId !== undefined) await pg.call('DELETE', `/api/group/${groupId}`).catch(() => undefined);
    await rm(root.path, { recursive: true, force: true });
  }
}
