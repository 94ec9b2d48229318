import { afterEach, describe, expect, it } from 'vitest';
import type { MarzbanEmulatorOptions } from '../../../controller/emulators/marzban/index.ts';
import { marzbanApi } from '../../helpers/marzban-api.ts';
import { marzbanWorld, type MarzbanWorld } from '../../helpers/marzban-fixture.ts';
import { importMarzban } from '../../helpers/marzban-import.ts';

const doc = (kind: string, name: string, spec: string) => `apiVersion: marzban.panelops.io/v1
kind: ${kind}
metadata: { name: "${name}" }
spec:
${spec.replace(/^/gm, '  ')}
`;

const writesBesidesLogins = (w: MarzbanWorld) => w.emulator.counters.writes() - w.emulator.counters.get('POST', '/api/admin/token');

/** The failures issue 18 saw on real 0.4.2, 0.7.0 and 0.8.4 servers, each in its emulator mode. */
describe('Marzban provider against each release', () => {
  let world: MarzbanWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });
  const start = async (options: MarzbanEmulatorOptions) => {
    world = await marzbanWorld(options);
    return world;
  };

  it('1. 0.7.0: a template is updated and deleted (the id goes in ?template_id= too)', async () => {
    const w = await start({ version: '0.7.0' });
    await w.write({ 't.yaml': doc('UserTemplate', 'monthly', 'dataLimit: 10GiB') });
    expect((await w.apply()).code).toBe(0);
    await w.write({ 't.yaml': doc('UserTemplate', 'monthly', 'dataLimit: 20GiB') });
    const updated = await w.apply();
    expect(updated.code, updated.stdout + updated.stderr).toBe(0);
    expect((await w.plan()).code).toBe(0);
    await w.write({ 'other.yaml': doc('UserTemplate', 'other', 'dataLimit: 1GiB') });
    expect((await w.apply({ allowDeletes: 1 })).code).toBe(0);
    expect([...w.emulator.state.templates.values()].map((t) => t.name)).toEqual(['other']);
  });

  it('2. 0.4.2: the write-only owner is set once and then compared with what was applied', async () => {
    const w = await start({ version: '0.4.2' });
    const api = await marzbanApi(w.emulator.url);
    await api.send('POST', '/api/admin', { username: 'reseller', password: 'x', is_sudo: false });
    await w.write({ 'u.yaml': doc('User', 'ann', 'owner: reseller\nproxies: { vmess: {} }') });
    expect((await w.apply()).code).toBe(0);
    expect(w.emulator.state.findUser('ann')?.admin).toBe('reseller');
    const again = await w.plan();
    expect(again.code, again.stdout).toBe(0);
    expect(w.emulator.counters.get('PUT', '/api/user/:username/set-owner')).toBe(1);
    await api.send('POST', '/api/admin', { username: 'other', password: 'x', is_sudo: false });
    await w.write({ 'u.yaml': doc('User', 'ann', 'owner: other\nproxies: { vmess: {} }') });
    expect((await w.plan()).stdout).toContain('owner: "reseller" → "other"');
  });

  it('3. case twins: import then plan exits 0 on a case-sensitive panel', async () => {
    const w = await start({ version: '0.8.4', caseSensitive: true });
    const api = await marzbanApi(w.emulator.url);
    for (const username of ['Alice', 'alice']) await api.send('POST', '/api/user', { username, proxies: { vmess: {} }, inbounds: {} });
    await w.write({});
    expect((await importMarzban(w)).code).toBe(0);
    const plan = await w.plan();
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });

  it('3. a name that differs only by case from a user of a folding panel is an error at plan time', async () => {
    const w = await start({ version: '0.8.4', caseSensitive: false });
    const api = await marzbanApi(w.emulator.url);
    await api.send('POST', '/api/user', { username: 'alice', proxies: { vmess: {} }, inbounds: {} });
    await w.write({ 'u.yaml': doc('User', 'Alice', 'proxies: { vmess: {} }') });
    const plan = await w.plan();
    expect(plan.code, plan.stdout + plan.stderr).toBe(1);
    expect(plan.stderr).toMatch(/u\.yaml:\d+:\d+: .*User "Alice" differs only by case from the existing user "alice"/);
    expect(writesBesidesLogins(w)).toBe(1); // the seeded user
  });

  it('3. two manifests whose names differ only by case are one user on a folding panel: an error at the second, nothing sent', async () => {
    const w = await start({ version: '0.8.4', caseSensitive: false });
    const api = await marzbanApi(w.emulator.url);
    await api.send('POST', '/api/user', { username: 'carol', proxies: { vmess: {} }, inbounds: {} }); // lets the provider probe the collation
    await w.write({ 'a.yaml': doc('User', 'alice', 'proxies: { vmess: {} }'), 'b.yaml': doc('User', 'Alice', 'proxies: { vmess: {} }') });
    const plan = await w.plan();
    expect(plan.code, plan.stdout + plan.stderr).toBe(1);
    expect(plan.stderr).toMatch(/b\.yaml:3:\d+: \/metadata\/name: duplicate User "Alice" on panel mz: .*same user as "alice" \(first defined at .*a\.yaml:3\)/);
    const applied = await w.apply();
    expect(applied.code).toBe(1);
    expect(writesBesidesLogins(w)).toBe(1); // the seeded user
  });

  it('3. the same clash inside a UserList points at the item\'s name', async () => {
    const w = await start({ version: '0.8.4', caseSensitive: false });
    const api = await marzbanApi(w.emulator.url);
    await api.send('POST', '/api/user', { username: 'carol', proxies: { vmess: {} }, inbounds: {} });
    await w.write({ 'l.yaml': 'apiVersion: marzban.panelops.io/v1\nkind: UserList\nspec:\n  defaults: { proxies: { vmess: {} } }\n  items:\n    - { name: Dave }\n    - { name: erin }\n    - { name: DAVE }\n' });
    const plan = await w.plan();
    expect(plan.code, plan.stdout + plan.stderr).toBe(1);
    expect(plan.stderr).toMatch(/l\.yaml:8:\d+: \/spec\/items\/2\/name: duplicate User "DAVE" .*same user as "Dave" \(first defined at .*l\.yaml:6\)/);
    expect(writesBesidesLogins(w)).toBe(1);
  });

  for (const version of ['0.4.2', '0.7.0', '0.8.4'] as const) {
    it(`3. ${version} on SQLite: two manifests whose names differ only by case are two users, created and then left alone`, async () => {
      const w = await start({ version, caseSensitive: true });
      const api = await marzbanApi(w.emulator.url);
      await api.send('POST', '/api/user', { username: 'carol', proxies: { vmess: {} }, inbounds: {} });
      await w.write({ 'a.yaml': doc('User', 'alice', 'proxies: { vmess: {} }'), 'b.yaml': doc('User', 'Alice', 'proxies: { vmess: {} }') });
      const plan = await w.plan();
      expect(plan.code, plan.stdout + plan.stderr).toBe(2);
      const applied = await w.apply();
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      expect([w.emulator.state.findUser('alice')?.username, w.emulator.state.findUser('Alice')?.username]).toEqual(['alice', 'Alice']);
      const again = await w.plan();
      expect(again.code, again.stdout + again.stderr).toBe(0);
    });
  }

  it('4. hosts: an added host is shown field by field, and the untouched host keeps its null allowinsecure', async () => {
    const w = await start({ version: '0.8.4' });
    await w.write({});
    expect((await importMarzban(w)).code).toBe(0);
    await w.write({
      'h.yaml': doc('Hosts', 'VMess TCP', `hosts:\n  - { remark: "🚀 Marz ({USERNAME}) [{PROTOCOL} - {TRANSPORT}]", address: "{SERVER_IP}" }\n  - { remark: "eu", address: eu.example, sni: eu.example }`),
    });
    const plan = await w.plan();
    expect(plan.stdout).toContain('hosts[1].remark: (unset) → "eu"');
    expect(plan.stdout).toContain('hosts[1].sni: (unset) → "eu.example"');
    expect(plan.stdout).not.toContain('hosts[0]');
    expect((await w.apply()).code).toBe(0);
    const api = await marzbanApi(w.emulator.url);
    const hosts = (await api.get<Record<string, Array<Record<string, unknown>>>>('/api/hosts'))['VMess TCP'] ?? [];
    expect(hosts.map((h) => h.allowinsecure)).toEqual([null, null]);
    expect((await w.plan()).code).toBe(0);
  });

  it('6. a template whose tags a fresh database dropped is reported; an unreachable node is a note', async () => {
    const w = await start({ version: '0.7.0', freshDatabase: true, unreachableNodes: ['10.9.9.9'] });
    await w.write({ 't.yaml': doc('UserTemplate', 'early', 'inbounds: { vmess: ["VMess TCP"] }'), 'n.yaml': doc('Node', 'far', 'address: 10.9.9.9') });
    const applied = await w.apply();
    expect(applied.code).toBe(1);
    expect(applied.stdout + applied.stderr).toContain('the panel dropped inbound tags VMess TCP');
    w.emulator.tick();
    expect((await w.plan()).stdout).toContain('node reports an error: [Errno 111] Connection refused');
  });

  it('7. 0.8.4: a template tag the panel does not have is refused at plan time', async () => {
    const w = await start({ version: '0.8.4' });
    await w.write({ 't.yaml': doc('UserTemplate', 'x', 'inbounds: { vmess: ["No Such Tag"] }') });
    const plan = await w.plan();
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('inbound "No Such Tag" does not exist on the panel');
    expect(writesBesidesLogins(w)).toBe(0);
  });

  it('8. host fragment and noise are checked with the panel rule before any request', async () => {
    const w = await start({ version: '0.8.4' });
    await w.write({ 'h.yaml': doc('Hosts', 'VMess TCP', 'hosts:\n  - { remark: r, address: a.example, fragment: "100,tlshello", noise: "nope" }') });
    const plan = await w.plan();
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/h\.yaml:\d+:\d+: \/spec\/hosts\/0\/fragment/);
    expect(plan.stderr).toMatch(/\/spec\/hosts\/0\/noise/);
    expect(w.emulator.counters.total()).toBe(0);
    await w.write({ 'h.yaml': doc('Hosts', 'VMess TCP', 'hosts:\n  - { remark: r, address: a.example, fragment: "10-100,100-200,tlshello", noise: "rand:10-20,100-200&str:abc" }') });
    expect((await w.apply()).code).toBe(0);
  });

  it('9. another sudo admin: a change is a note, never an operation', async () => {
    const w = await start({ version: '0.8.4' });
    const api = await marzbanApi(w.emulator.url);
    await api.send('POST', '/api/admin', { username: 'boss', password: 'x', is_sudo: true });
    await w.write({});
    expect((await importMarzban(w)).code).toBe(0);
    await w.write({ 'a.yaml': doc('Admin', 'boss', 'sudo: true\ntelegramId: 7') });
    const plan = await w.plan();
    expect(plan.code, plan.stdout).toBe(0);
    expect(plan.stdout).toContain('is another sudo admin: Marzban refuses API edits of it (403), so telegramId stay as they are');
  });

  it('9. a sudo admin whose manifest goes is a note in the plan, and no delete is sent', async () => {
    const w = await start({ version: '0.8.4' });
    const api = await marzbanApi(w.emulator.url);
    await api.send('POST', '/api/admin', { username: 'boss', password: 'x', is_sudo: true });
    await api.send('POST', '/api/admin', { username: 'helper', password: 'x', is_sudo: false });
    await w.write({});
    expect((await importMarzban(w)).code).toBe(0);
    await w.write({ 'a.yaml': doc('Admin', 'helper', 'sudo: false') });
    const plan = await w.plan();
    expect(plan.stdout).toContain('note: Admin/boss: manifest removed, but not deleted: Marzban refuses to delete a sudo admin through its API (use marzban-cli)');
    expect(plan.stdout).not.toMatch(/- boss/);
    const applied = await w.apply({ allowDeletes: 1 });
    expect(applied.code, applied.stdout).toBe(0);
    expect(w.emulator.counters.get('DELETE', '/api/admin/:username')).toBe(0);
  });

  it('fields a release does not have are refused at plan time (0.4.2 next plan, 0.4.2 mux)', async () => {
    const w = await start({ version: '0.4.2' });
    await w.write({
      'u.yaml': doc('User', 'ann', 'proxies: { vmess: {} }\nnextPlan: { dataLimit: 1GiB }'),
      'h.yaml': doc('Hosts', 'VMess TCP', 'hosts:\n  - { remark: r, address: a.example, muxEnable: true }'),
    });
    const plan = await w.plan();
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('nextPlan is not supported by Marzban 0.4.x');
    expect(plan.stderr).toContain('muxEnable is not supported by Marzban 0.4.x');
  });
});
