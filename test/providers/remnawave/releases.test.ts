import { afterEach, describe, expect, it } from 'vitest';
import { emulatedRemnawave, type EmulatedRemnawave } from '../../helpers/remnawave-fixture.ts';

let lane: EmulatedRemnawave | undefined;
afterEach(async () => {
  await lane?.close();
  lane = undefined;
});

const host = `apiVersion: remnawave.panelops.io/v1
kind: Host
metadata: { name: edge }
spec: { address: e.example, port: 443, configProfile: Default-Profile, inbound: Shadowsocks, excludedSquads: [Default-Squad] }
`;

describe('Remnawave releases', () => {
  it.each([
    ['3.3.2', 2, ''],
    ['3.4.0', 1, 'Remnawave 3.4.0 replaced excluded squads with internalSquads modes'],
    ['2.7.4', 1, 'Remnawave 2.7.4 is not supported: panelops needs Remnawave 3.0.0 or newer'],
  ])('%s: a host with excluded squads plans with exit %i', async (version, code, message) => {
    lane = await emulatedRemnawave({ version });
    const { world } = lane;
    await world.write({ 'host.yaml': host });
    const plan = await world.plan();
    expect(plan.code, plan.stdout + plan.stderr).toBe(code);
    expect(plan.stdout + plan.stderr).toContain(message);
  });
});
