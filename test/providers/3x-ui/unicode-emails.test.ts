import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../../controller/cli/exit-codes.ts';
import { validateCommand } from '../../../controller/cli/validate-command.ts';
import { captureRuntime } from '../../helpers/capture-runtime.ts';
import { xuiWorld, type XuiWorld } from '../../helpers/xui-fixture.ts';

const NFC = 'jos\u00e9@u.example';
const NFD = 'jose\u0301@u.example';
const client = (name: string, inbounds: string) => `apiVersion: xui.panelops.io/v1
kind: Client
metadata: { name: "${name}" }
spec: { inbounds: [${inbounds}], totalGB: 10GiB }
`;

/** One subscriber, one name: "josé" typed, and "jose" + a combining accent pasted, are the same email. */
describe('3x-ui emails that differ only by Unicode normalization', () => {
  let world: XuiWorld;
  beforeEach(async () => {
    world = await xuiWorld();
  });
  afterEach(() => world.close());

  it('twins in the manifests are a validation error naming both places', async () => {
    await world.write({ 'a.yaml': client(NFC, 'vmess-ws'), 'team/b.yaml': `# b\n${client(NFD, 'trojan-tls')}` });
    const c = captureRuntime(world.env);
    const failed = await validateCommand(c.rt, world.manifests).then(() => undefined, (err: unknown) => err);
    expect(failed).toBeInstanceOf(CliError);
    const out = c.stdout() + c.stderr();
    expect(out).toMatch(/team\/b\.yaml:\d+:\d+: .*duplicate Client .*first defined at .*a\.yaml:\d+.*Unicode normalization/);
  });

  it('an applied manifest saved again in the other normalization plans nothing', async () => {
    await world.write({ 'c.yaml': client(NFC, 'vmess-ws') });
    expect((await world.apply()).code).toBe(0);
    expect(world.emulator.state.clients.size).toBe(1);
    await world.write({ 'c.yaml': client(NFD, 'vmess-ws') });
    const plan = await world.plan();
    expect(plan.code, plan.stdout).toBe(0);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete.');
    // A real change under the re-encoded name is an update of that one client.
    await world.write({ 'c.yaml': client(NFD, 'vmess-ws, trojan-tls') });
    const applied = await world.apply();
    expect(applied.code, applied.stdout).toBe(0);
    expect(world.emulator.state.clients.size).toBe(1);
    expect((await world.plan()).code).toBe(0);
  });
});
