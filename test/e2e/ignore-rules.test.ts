import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { marzbanApi, type ApiUser } from '../helpers/marzban-api.ts';
import { marzbanWorld, type MarzbanWorld } from '../helpers/marzban-fixture.ts';

const users = (note: string) => `apiVersion: marzban.panelops.io/v1
kind: UserList
spec:
  defaults: { proxies: { vmess: {} }, status: active, note: ${note} }
  items: [{ name: abuser }, { name: regular }]
`;
const IGNORE_DISABLED = '{ prune: true, ignore: [{ kind: User, field: status, when: [disabled] }] }';

describe('policy.ignore', () => {
  let world: MarzbanWorld;
  beforeEach(async () => {
    world = await marzbanWorld();
    await world.write({ 'u.yaml': users('one') });
    expect((await world.apply()).code).toBe(0);
    // Support staff disable an abuser in the panel UI.
    const api = await marzbanApi(world.emulator.url);
    const abuser = await api.get<ApiUser>('/api/user/abuser');
    await api.send('PUT', '/api/user/abuser', { proxies: abuser.proxies, inbounds: abuser.inbounds, status: 'disabled' });
  });
  afterEach(() => world.close());

  it('without a rule, the next plan would re-enable the user', async () => {
    const plan = await world.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/status: "?disabled"? → "?active"?/);
  });

  it('with a rule, diff and apply both leave the disabled user alone, and the plan says so', async () => {
    await world.write({ 'u.yaml': users('one') }, IGNORE_DISABLED);
    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(0);
    expect(plan.stdout).toContain('note: User/abuser: status: left as the panel has it ("disabled"; the manifest says "active"): policy.ignore');

    await world.write({ 'u.yaml': users('two') }, IGNORE_DISABLED);
    const applied = await world.apply();
    expect(applied.code, applied.stdout).toBe(0);
    const api = await marzbanApi(world.emulator.url);
    const abuser = await api.get<ApiUser>('/api/user/abuser');
    expect(abuser.status).toBe('disabled');
    expect(abuser.note).toBe('two');
    expect((await api.get<ApiUser>('/api/user/regular')).status).toBe('active');
    expect((await world.plan()).code).toBe(0);
  });
});
