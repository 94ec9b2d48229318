import { expect, it } from 'vitest';
import { marzbanApi, type ApiUser } from '../helpers/marzban-api.ts';
import type { HistoryEntry } from '../../controller/history/history-entry.ts';
import { renderStatusPage } from '../../controller/run/status-page.ts';
import type { HistoryWorld } from './history-world.ts';

export const CANARY = 'Canary-hist-Pw7!q2x-first';
export const CANARY_2 = 'Canary-hist-Pw7!q2x-second';

const fleet = `apiVersion: marzban.panelops.io/v1
kind: Admin
metadata: { name: reseller }
spec: { password: { env: RESELLER_PASS } }
---
apiVersion: marzban.panelops.io/v1
kind: User
metadata: { name: alice }
spec: { owner: reseller, dataLimit: 10GiB, proxies: { vless: {} } }
`;

/**
 * The same story on every state backend: an apply from a checkout, a secret rotated, drift on
 * the panel healed by the controller; then `history User/alice` tells it, and no secret value
 * (the admin's passwords, alice's live key) is anywhere in what history shows or stores.
 */
export function historyCases(world: () => HistoryWorld, stored: () => Promise<string>): void {
  let revision = '';
  let healRevision = '';

  it('records an apply with the revision and author of the checkout, and a controller heal with the values it overwrote', async () => {
    const w = world();
    revision = await w.commit({ 'fleet.yaml': fleet }, 'alice and her reseller');
    const applied = await w.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    // A rotated password is recorded as changed, its values never.
    healRevision = revision;
    expect((await w.apply({ RESELLER_PASS: CANARY_2 })).code).toBe(0);

    const api = await marzbanApi(w.emulator.url);
    await api.send('PUT', '/api/user/alice', { data_limit: 3 * 1024 ** 3 });
    const reconciler = await w.reconcile();
    expect(reconciler.status.lastReconcile?.result).toBe('succeeded');
    expect(((await api.get<ApiUser>('/api/user/alice')).data_limit)).toBe(10 * 1024 ** 3);

    const text = await w.history('User/alice');
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(2);
    // Newest first: the heal, then the create.
    expect(lines[0]).toMatch(/mz:User\/alice {2}update \(drift healed\) {2}\[dataLimit: 3GiB → 10GiB\] {2}succeeded {2}revision [0-9a-f]{12} by Dana Operator <dana@example\.com>, ran by controller replica-a, run /);
    expect(lines[0]).toContain(`revision ${healRevision.slice(0, 12)}`);
    expect(lines[1]).toMatch(/mz:User\/alice {2}create {2}\[.*dataLimit: \(none\) → 10GiB.*\] {2}succeeded {2}revision [0-9a-f]{12} by Dana Operator <dana@example\.com>, ran by \S+@\S+, run /);
    expect(lines[1]).toContain(`revision ${revision.slice(0, 12)}`);

    const json = JSON.parse(await w.history('mz:User/alice', { format: 'json' })) as { entries: HistoryEntry[] };
    expect(json.entries.map((e) => [e.action, e.cause, e.result, e.revision, e.author])).toEqual([
      ['update', 'heal', 'succeeded', healRevision, 'Dana Operator <dana@example.com>'],
      ['create', 'change', 'succeeded', revision, 'Dana Operator <dana@example.com>'],
    ]);
    expect(json.entries[0]?.changes).toEqual([{ path: 'dataLimit', before: '3GiB', after: '10GiB' }]);
    // The controller's /status carries the latest entries, the heal first.
    expect(reconciler.status.history?.[0]).toMatchObject({ kind: 'User', key: 'alice', cause: 'heal', actor: 'controller replica-a' });
    expect(renderStatusPage(reconciler.status)).toContain('<td>mz:User/alice</td><td>update (drift healed)</td><td>ok</td>');
  });

  it('shows a rotated secret only as "(secret changed)", and no secret value anywhere', async () => {
    const w = world();
    const all = await w.history();
    expect(all).toMatch(/mz:Admin\/reseller {2}update {2}\[password: \(secret changed\)\] {2}succeeded/);
    const aliceKey = (await (await marzbanApi(w.emulator.url)).get<ApiUser>('/api/user/alice')).proxies.vless?.id ?? '';
    expect(aliceKey).toMatch(/^[0-9a-f-]{36}$/);
    const everything = [all, await w.history(undefined, { format: 'json' }), await stored()].join('\n');
    for (const secret of [CANARY, CANARY_2, aliceKey, 'sandbox-admin-pass']) expect(everything).not.toContain(secret);
  });

  it('filters by panel and time', async () => {
    const w = world();
    expect(await w.history(undefined, { panel: 'other' })).toBe('No history matches.\n');
    expect((await w.history('User/alice', { since: '1h' })).trim().split('\n')).toHaveLength(2);
    await expect(w.history('alice')).rejects.toThrow(/expected \[panel:\]Kind\/key/);
  });

  it("keeps another subscriber's key out when the panel echoes it in a field the history records", async () => {
    const w = world();
    const api = await marzbanApi(w.emulator.url);
    // bob is no manifest's: only the panel's list tells his key. The panel shows it in alice's note.
    await api.send('POST', '/api/user', { username: 'bob', proxies: { vless: {} }, inbounds: {} });
    const bobKey = (await api.get<ApiUser>('/api/user/bob')).proxies.vless?.id ?? '';
    expect(bobKey).toMatch(/^[0-9a-f-]{36}$/);
    await api.send('PUT', '/api/user/alice', { note: `migrated from ${bobKey}` });
    await w.commit({ 'fleet.yaml': fleet.replace('dataLimit: 10GiB,', 'dataLimit: 10GiB, note: welcome,') }, 'a note for alice');
    const applied = await w.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const json = JSON.parse(await w.history('mz:User/alice', { format: 'json' })) as { entries: HistoryEntry[] };
    expect(json.entries[0]?.changes).toEqual([{ path: 'note', before: 'migrated from [redacted]', after: 'welcome' }]);
    expect([await w.history(), await stored()].join('\n')).not.toContain(bobKey);
  });
}
