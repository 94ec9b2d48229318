import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { marzbanApi, type ApiUser } from '../../helpers/marzban-api.ts';
import { marzbanWorld } from '../../helpers/marzban-fixture.ts';

const PROTOCOLS = ['vmess', 'vless', 'trojan', 'shadowsocks'] as const;
const NAMES = ['amy', 'ben', 'cyd', 'dee', 'eli', 'fay', 'gus', 'hal'];

interface GenUser {
  name: string;
  protocols: string[];
  dataLimit?: string;
  expire?: string;
  status?: 'active' | 'disabled' | 'on_hold';
  note?: string;
}

const userArb = (name: string): fc.Arbitrary<GenUser> =>
  fc
    .record(
      {
        protocols: fc.subarray([...PROTOCOLS], { minLength: 1 }),
        dataLimit: fc.constantFrom('0', '1GiB', '50GiB', '2TiB'),
        expire: fc.constantFrom('never', '2031-05-01', '2029-12-31T12:00:00Z'),
        status: fc.constantFrom<'active' | 'disabled' | 'on_hold'>('active', 'disabled', 'on_hold'),
        note: fc.string({ maxLength: 12 }).map((s) => s.replace(/[^a-z ]/gi, 'x')),
      },
      { requiredKeys: ['protocols'] },
    )
    .map((u) => ({ name, ...u }));

const fleetArb = fc.subarray(NAMES, { minLength: 1 }).chain((names) => fc.tuple(...names.map(userArb)));

function toYaml(users: readonly GenUser[]): string {
  const items = users.map((u) => {
    const lines = [`    - name: ${u.name}`, `      proxies: { ${u.protocols.map((p) => `${p}: {}`).join(', ')} }`];
    if (u.dataLimit !== undefined) lines.push(`      dataLimit: ${u.dataLimit}`);
    if (u.status === 'on_hold') lines.push('      status: on_hold', '      onHoldExpireDuration: 7d');
    else {
      if (u.expire !== undefined) lines.push(`      expire: ${u.expire}`);
      if (u.status !== undefined) lines.push(`      status: ${u.status}`);
    }
    if (u.note !== undefined) lines.push(`      note: "${u.note}"`);
    return lines.join('\n');
  });
  return `apiVersion: marzban.panelops.io/v1\nkind: UserList\nspec:\n  items:\n${items.join('\n')}\n`;
}

describe('random Marzban fleets', () => {
  it('apply then plan is empty, and no credential, traffic counter or disabled status changes unasked', async () => {
    await fc.assert(
      fc.asyncProperty(fleetArb, fleetArb, async (first, second) => {
        const world = await marzbanWorld();
        try {
          await world.write({ 'users.yaml': toYaml(first) });
          const applied = await world.apply({ allowDeletes: 100 });
          expect(applied.code, applied.stdout + applied.stderr).toBe(0);
          const api = await marzbanApi(world.emulator.url);
          const before = new Map<string, ApiUser>();
          for (const u of first) {
            world.emulator.setUsedTraffic(u.name, 123_456);
            before.set(u.name, await api.get<ApiUser>(`/api/user/${u.name}`));
          }

          await world.write({ 'users.yaml': toYaml(second) });
          const again = await world.apply({ allowDeletes: 100 });
          expect(again.code, again.stdout + again.stderr).toBe(0);
          const plan = await world.plan();
          expect(plan.code, plan.stdout).toBe(0);

          for (const u of second) {
            const old = before.get(u.name);
            if (!old) continue;
            const now = await api.get<ApiUser>(`/api/user/${u.name}`);
            expect(now.used_traffic).toBe(123_456);
            for (const p of u.protocols) {
              const was = old.proxies[p];
              if (!was) continue;
              expect(now.proxies[p]?.id ?? now.proxies[p]?.password).toBe(was.id ?? was.password);
            }
            if (u.status === undefined) expect(now.status === 'disabled').toBe(old.status === 'disabled');
          }
        } finally {
          await world.close();
        }
      }),
      { numRuns: 12, seed: 20261122 },
    );
  });
});
