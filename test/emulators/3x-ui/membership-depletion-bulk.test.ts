import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../controller/emulators/kit/clock.ts';
import { startXuiEmulator, type XuiEmulator } from '../../../controller/emulators/3x-ui/index.ts';
import { api, inboundId } from './raw.ts';

const GiB = 2 ** 30;

describe('3x-ui emulator: membership, flow, depletion, paging, bulk, groups, inbounds', () => {
  let emu: XuiEmulator;
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const ids: Record<string, number> = {};
  beforeEach(async () => {
    emu = await startXuiEmulator({ seed: 6, clock });
    for (const tag of ['vless-reality', 'vmess-ws', 'trojan-tls', 'ss-tcp']) ids[tag] = await inboundId(emu, tag);
  });
  afterEach(() => emu.close());
  const id = (tag: string) => ids[tag] ?? -1;
  const add = (client: object, tags: string[]) => api(emu, 'POST', '/clients/add', { client, inboundIds: tags.map(id) });
  const listed = async (email: string) => ((await api(emu, 'GET', '/clients/list')).body.obj as Array<Record<string, unknown>>).find((c) => c.email === email);

  it('§10.7 attach / detach are idempotent, detach orphans, multi-inbound writes are not atomic', async () => {
    await add({ email: 'm@x' }, ['vless-reality']);
    await api(emu, 'POST', '/clients/m@x/attach', { inboundIds: [id('vmess-ws'), id('vmess-ws')] });
    expect((await listed('m@x'))?.inboundIds).toEqual([id('vless-reality'), id('vmess-ws')]);
    await api(emu, 'POST', '/clients/m@x/detach', { inboundIds: [id('vless-reality'), id('vmess-ws'), id('ss-tcp')] });
    expect((await listed('m@x'))?.inboundIds).toBeNull();
    emu.failInboundIds([id('trojan-tls')]);
    const partial = await add({ email: 'p@x' }, ['vmess-ws', 'trojan-tls']);
    expect(partial.body.success).toBe(false);
    expect((await listed('p@x'))?.inboundIds).toEqual([id('vmess-ws')]);
  });

  it('§10.8 / §11 flow is stripped where it cannot be carried; list shows the synced column, get the lowest capable inbound', async () => {
    await add({ email: 'f@x', flow: 'xtls-rprx-vision' }, ['trojan-tls']);
    expect((await listed('f@x'))?.flow).toBe('');
    await add({ email: 'g@x', flow: 'xtls-rprx-vision' }, ['vless-reality', 'trojan-tls']);
    // The trojan inbound synced last and overwrote the column with its stripped flow.
    expect((await listed('g@x'))?.flow).toBe('');
    expect((await api(emu, 'GET', '/clients/get/g@x')).body.obj.client.flow).toBe('xtls-rprx-vision');
  });

  it('§10.9 / §10.10 the depletion tick disables; a delayed start begins at first traffic; reset re-enables', async () => {
    await add({ email: 'd@x', totalGB: GiB }, ['vless-reality']);
    await add({ email: 'late@x', expiryTime: -86_400_000 }, ['vless-reality']);
    emu.setTraffic('d@x', 0, 2 * GiB);
    clock.advance(5000);
    expect(emu.tick().disabled).toEqual(['d@x']);
    const entry = (await api(emu, 'GET', `/inbounds/get/${id('vless-reality')}`)).body.obj.settings.clients.find((c: { email: string }) => c.email === 'd@x');
    expect(entry.enable).toBe(false);
    expect((await listed('late@x'))?.expiryTime).toBe(-86_400_000);
    emu.setTraffic('late@x', 1, 1);
    expect((await listed('late@x'))?.expiryTime).toBe(clock.now() + 86_400_000);
    await api(emu, 'POST', '/clients/resetTraffic/d@x');
    expect((await listed('d@x'))?.enable).toBe(true);
  });

  it('§10.11 list/paged: defaults, cap, buckets and summary', async () => {
    emu.seedClients(60, { prefix: 'pg' });
    const first = (await api(emu, 'GET', '/clients/list/paged')).body.obj;
    expect([first.page, first.pageSize, first.items.length, first.total]).toEqual([1, 25, 25, 60]);
    expect((await api(emu, 'GET', '/clients/list/paged?pageSize=500')).body.obj.pageSize).toBe(200);
    expect((await api(emu, 'GET', '/clients/list/paged?page=9')).body.obj.items).toEqual([]);
    const summary = first.summary;
    expect(summary.expiringCount).toBe(0);
    expect(summary.active + summary.depletedCount + summary.deactiveCount).toBe(60);
  });

  it('§10.12 bulk calls report per-email problems, omit empty skipped, repeat attached emails per inbound', async () => {
    const created = await api(emu, 'POST', '/clients/bulkCreate', [
      { client: { email: 'b1@x' }, inboundIds: [id('vmess-ws')] },
      { client: { email: 'b1@x' }, inboundIds: [id('vmess-ws')] },
    ]);
    expect(created.body.obj).toEqual({ created: 1, skipped: [{ email: 'b1@x', reason: 'email already in use: b1@x' }] });
    expect((await api(emu, 'POST', '/clients/bulkDisable', { emails: ['b1@x'] })).body.obj).toEqual({ changed: 1 });
    const attached = await api(emu, 'POST', '/clients/bulkAttach', { emails: ['b1@x', 'ghost'], inboundIds: [id('ss-tcp'), id('trojan-tls')] });
    expect(attached.body.obj).toEqual({ attached: ['b1@x', 'b1@x'], skipped: null, errors: ['ghost: record not found', 'ghost: record not found'] });
  });

  it('§10.13 groups: empty groups exist, delete and rename never delete clients, bulkAdd creates', async () => {
    await api(emu, 'POST', '/clients/groups/create', { name: 'empty' });
    await add({ email: 'g1@x', group: 'fam' }, ['vmess-ws']);
    const names = (await api(emu, 'GET', '/clients/groups')).body.obj.map((g: { name: string }) => g.name);
    expect(names).toEqual(['empty', 'fam']);
    expect((await api(emu, 'POST', '/clients/groups/bulkAdd', { emails: ['g1@x'], group: 'new' })).body.obj).toEqual({ affected: 1 });
    expect((await api(emu, 'POST', '/clients/groups/delete', { name: 'new' })).body.obj).toEqual({ affected: 1 });
    expect((await listed('g1@x'))?.group).toBe('');
  });

  it('§10.14 inbounds are keyed by tag and answer options', async () => {
    const options = (await api(emu, 'GET', '/inbounds/options')).body.obj;
    expect(options.map((o: { tag: string }) => o.tag)).toEqual(['vless-reality', 'vmess-ws', 'trojan-tls', 'ss-tcp']);
    expect(options[0].tlsFlowCapable).toBe(true);
  });
});
