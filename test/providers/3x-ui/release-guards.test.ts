import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importCommand } from '../../../controller/cli/import-command.ts';
import { captureRuntime } from '../../helpers/capture-runtime.ts';
import { DEFAULT_INBOUNDS } from '../../../controller/emulators/3x-ui/inbounds.ts';
import { xuiGet, xuiInboundIds, xuiPost, xuiWorld, type XuiWorld } from '../../helpers/xui-fixture.ts';

const DAY = 86_400_000;

const client = (name: string, spec: string) => `apiVersion: xui.panelops.io/v1
kind: Client
metadata: { name: ${name} }
spec: ${spec}
`;

type Entry = { email: string; password?: string };
type Inbound = { settings: { clients: Entry[] } };
type Got = { client: Record<string, unknown> & { expiryTime: number; comment: string } };

describe('3x-ui: what each release needs, said and guarded', () => {
  let world: XuiWorld;
  afterEach(() => world.close());

  it('v3.0: the panel is named too old, with the release needed, not as an authentication problem', async () => {
    world = await xuiWorld({ version: '3.0' });
    await world.write({ 'c.yaml': client('a@x.example', '{ inbounds: [vless-reality] }') });
    const plan = await world.plan();
    expect(plan.code).toBe(1);
    const out = plan.stdout + plan.stderr;
    expect(out).toContain('v3.0 or older');
    expect(out).toContain('v3.1.0 or newer');
    expect(out).not.toContain('not authenticated');
  });

  it('v3.2: the Shadowsocks-2022 guard reads the method from the inbound where options have no ssMethod', async () => {
    world = await xuiWorld({ version: '3.2', inbounds: [...DEFAULT_INBOUNDS, { protocol: 'shadowsocks', port: 1443, tag: 'ss-2022', settings: { method: '2022-blake3-aes-128-gcm' } }] });
    const ids = await xuiInboundIds(world.emulator.url);
    const options = await xuiGet<Array<Record<string, unknown>>>(world.emulator.url, '/inbounds/options');
    expect(options.obj.some((o) => 'ssMethod' in o)).toBe(false);
    await xuiPost(world.emulator.url, '/clients/add', { client: { email: 'mix@x.example' }, inboundIds: [ids['trojan-tls'], ids['ss-2022']] });
    const entry = async () => (await xuiGet<Inbound>(world.emulator.url, `/inbounds/get/${ids['trojan-tls']}`)).obj.settings.clients.find((c) => c.email === 'mix@x.example')?.password;
    const before = await entry();
    await world.write({ 'c.yaml': client('mix@x.example', '{ inbounds: [ss-2022, trojan-tls], comment: edited }') }, '{ prune: true, adopt: true }');
    const plan = await world.plan();
    expect(plan.stdout).toContain('any update makes 3x-ui replace its password');
    world.emulator.counters.reset();
    expect((await world.apply()).code).toBe(0);
    expect(world.emulator.counters.get('POST', '/panel/api/clients/update/mix@x.example')).toBe(0);
    expect(await entry()).toBe(before);
  });

  it('a fixed expiry changed to afterFirstUse is planned and sent, with a warning when nothing recorded a delayed start', async () => {
    world = await xuiWorld();
    const ids = await xuiInboundIds(world.emulator.url);
    const fixed = Date.now() + 20 * DAY;
    await xuiPost(world.emulator.url, '/clients/add', { client: { email: 'fixed@x.example', expiryTime: fixed }, inboundIds: [ids['vmess-ws']] });
    await world.write({ 'c.yaml': client('fixed@x.example', '{ inbounds: [vmess-ws], expiry: { afterFirstUse: 30d } }') }, '{ prune: true, adopt: true }');
    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(2);
    expect(plan.stdout).toContain('restarts any countdown already running');
    expect(plan.stdout).not.toContain('delayed start began on first use');
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect((await xuiGet<Got>(world.emulator.url, '/clients/get/fixed@x.example')).obj.client.expiryTime).toBe(-30 * DAY);
    expect((await world.plan()).code).toBe(0);
    // Now panelops sent the delay: the trial starting is a note, not drift.
    await xuiPost(world.emulator.url, '/clients/updateTraffic/fixed@x.example', { upload: 1, download: 1 });
    const started = await world.plan();
    expect(started.code, started.stdout).toBe(0);
    expect(started.stdout).toContain('delayed start began on first use');
  });

  it('an imported fixed expiry changed to afterFirstUse is sent with the warning too: the date may be a trial that began', async () => {
    world = await xuiWorld();
    const ids = await xuiInboundIds(world.emulator.url);
    await xuiPost(world.emulator.url, '/clients/add', { client: { email: 'trial@x.example', expiryTime: -7 * DAY }, inboundIds: [ids['vmess-ws']] });
    await xuiPost(world.emulator.url, '/clients/updateTraffic/trial@x.example', { upload: 1, download: 1 });
    await world.write({}, '{ prune: true, adopt: true }');
    const c = captureRuntime(world.env);
    expect(await importCommand(c.rt, { dir: world.manifests, stateDir: world.stateDir, panel: 'xui', kind: [], selector: [], names: [], adopt: true }), c.stderr()).toBe(0);
    expect((await world.plan()).code).toBe(0);
    const file = join(world.manifests, 'xui-clients.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/expiry: .*/, 'expiry: { afterFirstUse: 30d }'));
    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(2);
    expect(plan.stdout).toContain('restarts any countdown already running');
  });

  it('fields a newer release adds to clients survive updates, enables and disables', async () => {
    const extraClientFields = { reset_day: 5, reset_max: 3, traffic_reset: 'monthly', speedUp: 1000 };
    for (const version of ['3.2', '3.6'] as const) {
      world = await xuiWorld({ version, extraClientFields });
      const ids = await xuiInboundIds(world.emulator.url);
      await xuiPost(world.emulator.url, '/clients/add', { client: { email: 'new@x.example', reset_day: 9 }, inboundIds: [ids['vless-reality']] });
      const expected = { ...extraClientFields, reset_day: 9 };
      for (const [comment, enable] of [['a', true], ['a', false], ['b', true]] as const) {
        await world.write({ 'c.yaml': client('new@x.example', `{ inbounds: [vless-reality], comment: ${comment}, enable: ${enable} }`) }, '{ prune: true, adopt: true }');
        const applied = await world.apply();
        expect(applied.code, applied.stdout + applied.stderr).toBe(0);
        const got = (await xuiGet<Got>(world.emulator.url, '/clients/get/new@x.example')).obj.client;
        expect(got, `v${version} ${comment} ${enable}`).toMatchObject({ ...expected, comment, enable });
      }
      await world.close();
    }
    world = await xuiWorld();
  });
});
