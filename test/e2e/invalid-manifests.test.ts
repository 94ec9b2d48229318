import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { marzbanWorld, type MarzbanWorld } from '../helpers/marzban-fixture.ts';

describe('invalid manifests', () => {
  let world: MarzbanWorld;
  beforeEach(async () => {
    world = await marzbanWorld();
  });
  afterEach(() => world.close());

  it('reports every error with file:line:column and pointer, and sends no request', async () => {
    await world.write({
      'users/a.yaml': `apiVersion: marzban.panelops.io/v1
kind: User
metadata: { name: alice }
spec:
  dataLimit: lots
  proxies: { vless: {} }
  colour: blue
`,
      'users/b.yaml': `apiVersion: marzban.panelops.io/v1
kind: UserList
spec:
  items:
    - name: ok_user
      proxies: { vmess: {} }
    - name: x
      proxies: { vmess: {} }
    - name: bad_status
      status: limited
      proxies: { vmess: {} }
`,
      'users/c.yaml': `apiVersion: marzban.panelops.io/v1
kind: User
metadata: { name: orphan }
spec:
  proxies: { vmess: {} }
  inbounds: { trojan: ["Trojan Websocket TLS"] }
`,
      'broken.yaml': 'apiVersion: marzban.panelops.io/v1\nkind: User\nmetadata: { name: [unclosed\n',
    });
    world.emulator.counters.reset();
    const plan = await world.plan();
    expect(plan.code).toBe(1);
    const err = plan.stderr;
    expect(err).toMatch(/users\/a\.yaml:5:\d+: \/spec\/dataLimit: /);
    expect(err).toMatch(/users\/a\.yaml:7:\d+: \/spec\/colour: unknown field "colour"/);
    expect(err).toMatch(/users\/b\.yaml:7:\d+: \/spec\/items\/1\/name: /);
    expect(err).toMatch(/users\/b\.yaml:10:\d+: \/spec\/items\/2\/status: must be one of/);
    expect(err).toMatch(/users\/c\.yaml:6:\d+: \/spec\/inbounds\/trojan: .*not in proxies/);
    expect(err).toMatch(/broken\.yaml:\d+:\d+: \/: YAML: /);
    expect(err).toContain('nothing was sent to any panel');
    expect(world.emulator.counters.total()).toBe(0);
  });

  it('reports an unknown inbound tag against the live panel and changes nothing', async () => {
    await world.write({
      'u.yaml': `apiVersion: marzban.panelops.io/v1
kind: User
metadata: { name: alice }
spec:
  proxies: { vless: {} }
  inbounds: { vless: ["VLESS TCP REALITY", "No Such Inbound"] }
`,
    });
    world.emulator.counters.reset();
    const apply = await world.apply();
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/u\.yaml:6:\d+: \/spec\/inbounds\/vless: inbound "No Such Inbound" does not exist/);
    expect(world.emulator.counters.writes() - world.emulator.counters.get('POST', '/api/admin/token')).toBe(0);
  });
});
