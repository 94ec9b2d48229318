import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../../controller/cli/exit-codes.ts';
import { validateCommand } from '../../../controller/cli/validate-command.ts';
import type { SessionOp } from '../../../controller/providers/types.ts';
import { captureRuntime } from '../../helpers/capture-runtime.ts';
import { xuiGet, xuiInboundIds, xuiPost, xuiSession, xuiWorld, type XuiWorld } from '../../helpers/xui-fixture.ts';

const client = (name: string, inbounds: string) => `apiVersion: xui.panelops.io/v1
kind: Client
metadata: { name: ${name} }
spec: { inbounds: [${inbounds}] }
`;

const createOp = (key: string, inbounds: string[]): SessionOp => ({
  kind: 'Client',
  key,
  changes: [],
  desired: { panel: 'xui', kind: 'Client', key, spec: { inbounds }, secrets: {}, protect: false, source: { file: 'c.yaml', line: 1, column: 1 } },
});

/** 3x-ui folds case when it adds a client (3x-ui.md §4.3, §11): issue 17 point 4, issue 13 point 12. */
describe('3x-ui emails that differ only by case', () => {
  let world: XuiWorld;
  beforeEach(async () => {
    world = await xuiWorld();
  });
  afterEach(() => world.close());

  it('two manifests for one client in two spellings are a validation error naming both places', async () => {
    await world.write({ 'a.yaml': client('Bob@x.example', 'vmess-ws'), 'team/b.yaml': `# b\n${client('bob@x.example', 'trojan-tls')}` });
    const c = captureRuntime(world.env);
    const failed = await validateCommand(c.rt, world.manifests).then(() => undefined, (err: unknown) => err);
    expect(failed).toBeInstanceOf(CliError);
    expect((failed as CliError).exitCode).toBe(1);
    const out = c.stdout() + c.stderr();
    expect(out).toMatch(/team\/b\.yaml:\d+:\d+: .*duplicate Client "bob@x\.example".*first defined at .*a\.yaml:\d+/);
  });

  it('a manifest matching a live client in another spelling is that client, not a create that fails its batch', async () => {
    const ids = await xuiInboundIds(world.emulator.url);
    await xuiPost(world.emulator.url, '/clients/add', { client: { email: 'Bob@x.example' }, inboundIds: [ids['trojan-tls']] });
    await world.write({ 'c.yaml': client('bob@x.example', 'trojan-tls') + '---\n' + client('amy@x.example', 'vless-reality, trojan-tls') });
    world.emulator.counters.reset();
    const plan = await world.plan();
    // Bob@x.example is there and not owned: the plan stops before sending anything.
    expect(plan.code, plan.stdout + plan.stderr).toBe(3);
    expect(plan.stdout + plan.stderr).toContain('Client/bob@x.example already exists on panel xui');
    expect(world.emulator.counters.writes()).toBe(0);

  });

  it('a case variant that reaches bulkCreate fails alone; the rest of its inbound batch is finished', async () => {
    const ids = await xuiInboundIds(world.emulator.url);
    await xuiPost(world.emulator.url, '/clients/add', { client: { email: 'Bob@x.example' }, inboundIds: [ids['vmess-ws']] });
    const session = await xuiSession(world.emulator.url);
    const create = session.batch?.create;
    if (!create) throw new Error('no bulk create');
    const outcomes = await create('Client', [
      createOp('bob@x.example', ['trojan-tls']),
      createOp('amy@x.example', ['trojan-tls', 'vless-reality']),
      createOp('cy@x.example', ['trojan-tls']),
    ]);
    expect(outcomes.find((o) => o.key === 'bob@x.example')).toMatchObject({ ok: false, error: expect.stringContaining('only by case') });
    expect(outcomes.filter((o) => o.ok).map((o) => o.key).sort()).toEqual(['amy@x.example', 'cy@x.example']);
    expect((await xuiGet<{ inboundIds: number[] }>(world.emulator.url, '/clients/get/amy@x.example')).obj.inboundIds).toEqual([ids['vless-reality'], ids['trojan-tls']]);
    expect((await xuiGet<{ inboundIds: number[] }>(world.emulator.url, '/clients/get/cy@x.example')).obj.inboundIds).toEqual([ids['trojan-tls']]);
  });
});
