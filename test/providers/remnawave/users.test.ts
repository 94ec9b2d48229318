import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keysOf, userByName } from '../../helpers/remnawave-api.ts';
import { emulatedRemnawave, type EmulatedRemnawave } from '../../helpers/remnawave-fixture.ts';

let lane: EmulatedRemnawave | undefined;
afterEach(async () => {
  await lane?.close();
  lane = undefined;
});

const VLESS = '2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901';

async function start(env: Record<string, string> = {}) {
  lane = await emulatedRemnawave({}, env);
  return { emu: lane.emulator, world: lane.world, api: lane.api };
}

const userDoc = (spec: string) => ({ 'users.yaml': `apiVersion: remnawave.panelops.io/v1\nkind: User\nmetadata: { name: carried }\nspec: ${spec}\n` });

describe('Remnawave users', () => {
  it('takes pinned credentials on create, and refuses to "change" them later instead of sending a PATCH the panel ignores', async () => {
    const { world, api } = await start({ VLESS, SHORT: 'carried-sub-id-0001' });
    await world.write(userDoc('{ dataLimit: 10GiB, vlessUuid: { env: VLESS }, shortUuid: { env: SHORT } }'));
    expect((await world.apply()).code).toBe(0);
    const made = await userByName(api, 'carried');
    expect([made.vlessUuid, made.shortUuid]).toEqual([VLESS, 'carried-sub-id-0001']);
    expect((await world.plan()).code).toBe(0);

    world.env.VLESS = '3c4d5e6f-7081-4293-a4b5-c6d7e8f90a12';
    const plan = await world.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('vlessUuid');
    expect(plan.stdout).not.toContain(world.env.VLESS);
    const applied = await world.apply();
    expect(applied.code).toBe(1);
    expect(applied.stdout + applied.stderr).toContain('vlessUuid cannot change on an existing Remnawave user');
    expect(keysOf(await userByName(api, 'carried'))).toBe(keysOf(made));
  });

  it('refuses a past expiry on an update with the reason, before the panel\'s 400', async () => {
    const { world, emu } = await start();
    await world.write(userDoc('{ expire: 2030-01-01 }'));
    expect((await world.apply()).code).toBe(0);
    await world.write(userDoc('{ expire: 2021-01-01 }'));
    const applied = await world.apply();
    expect(applied.stdout + applied.stderr).toContain('expire 2021-01-01T00:00:00Z is in the past, and Remnawave refuses a past expiry on update');
    expect(emu.counters.get('PATCH', '/api/users')).toBe(0);
  });

  it('imports users as manifests that plan no change, credentials left out', async () => {
    const { world, api, emu } = await start();
    await api.call('POST', '/api/users', { username: 'old', expireAt: '2099-12-31T00:00:00Z', status: 'DISABLED', trafficLimitBytes: 5 * 2 ** 30, trafficLimitStrategy: 'MONTH_ROLLING', description: 'from before', vlessUuid: VLESS });
    await world.write({});
    expect((await world.importNarrowed(['User/*'])).code).toBe(0);
    const text = await readFile(join(world.manifests, 'lane-users.yaml'), 'utf8');
    expect(text).toContain('status: disabled');
    expect(text).toContain('expire: never');
    expect(text).toContain('dataLimitResetStrategy: month_rolling');
    expect(text).not.toContain(VLESS);
    expect((await world.plan()).code).toBe(0);
    expect(emu.counters.writes()).toBe(1);
  });
});
