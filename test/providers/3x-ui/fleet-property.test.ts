import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xuiGet, xuiWorld } from '../../helpers/xui-fixture.ts';

const TAGS = ['vless-reality', 'vmess-ws', 'trojan-tls', 'ss-tcp'];
const EMAILS = ['a@f.example', 'b@f.example', 'c@f.example', 'd@f.example', 'e@f.example'];
const OPTIONAL = ['totalGB', 'expiry', 'limitIp', 'comment', 'enable', 'tgId', 'reset', 'group'] as const;

type Gen = Record<string, unknown> & { name: string; inbounds: string[] };

const clientArb = (name: string): fc.Arbitrary<Gen> =>
  fc
    .record(
      {
        inbounds: fc.subarray(TAGS, { minLength: 1 }),
        totalGB: fc.constantFrom('0', '5GiB', '100GiB'),
        expiry: fc.constantFrom('never', '2031-02-03', '{ afterFirstUse: 7d }'),
        limitIp: fc.integer({ min: 0, max: 4 }),
        comment: fc.constantFrom('', 'vip', 'office'),
        enable: fc.boolean(),
        tgId: fc.constantFrom(0, 42, 1001),
        reset: fc.constantFrom(0, 30),
        group: fc.constantFrom('', 'family', 'work'),
      },
      { requiredKeys: ['inbounds'] },
    )
    .map((c) => ({ name, ...c }));

const fleetArb = fc.subarray(EMAILS, { minLength: 1 }).chain((names) => fc.tuple(...names.map(clientArb)));

const yaml = (clients: readonly Gen[]) =>
  `apiVersion: xui.panelops.io/v1\nkind: ClientList\nspec:\n  items:\n${clients
    .map((c) => `    - name: ${c.name}\n${Object.entries(c).filter(([k]) => k !== 'name').map(([k, v]) => `      ${k}: ${Array.isArray(v) ? `[${v.join(', ')}]` : typeof v === 'string' && !v.startsWith('{') ? `"${v}"` : String(v)}`).join('\n')}`)
    .join('\n')}\n`;

interface Live {
  email: string;
  uuid: string;
  password: string;
  subId: string;
  [field: string]: unknown;
}

const WIRE: Record<(typeof OPTIONAL)[number], string> = {
  totalGB: 'totalGB', expiry: 'expiryTime', limitIp: 'limitIp', comment: 'comment', enable: 'enable', tgId: 'tgId', reset: 'reset', group: 'group',
};

describe('random 3x-ui fleets', () => {
  it('apply then plan is empty; credentials and subIds never change; unset fields survive updates', async () => {
    await fc.assert(
      fc.asyncProperty(fleetArb, fleetArb, async (first, second) => {
        const world = await xuiWorld();
        try {
          await world.write({ 'c.yaml': yaml(first) });
          const one = await world.apply({ allowDeletes: 10 });
          expect(one.code, one.stdout + one.stderr).toBe(0);
          const read = async () => new Map((await xuiGet<Live[]>(world.emulator.url, '/clients/list')).obj.map((c) => [c.email, c]));
          const before = await read();

          await world.write({ 'c.yaml': yaml(second) });
          const two = await world.apply({ allowDeletes: 10 });
          expect(two.code, two.stdout + two.stderr).toBe(0);
          const plan = await world.plan();
          expect(plan.code, plan.stdout).toBe(0);

          const after = await read();
          for (const c of second) {
            const was = before.get(c.name);
            const now = after.get(c.name);
            if (!was || !now) continue;
            // A credential may appear for a newly attached protocol; an existing one never changes.
            for (const key of ['uuid', 'password', 'subId'] as const) if (was[key]) expect(now[key], key).toBe(was[key]);
            for (const field of OPTIONAL) if (c[field] === undefined) expect(now[WIRE[field]], field).toEqual(was[WIRE[field]]);
          }
        } finally {
          await world.close();
        }
      }),
      { numRuns: 12, seed: 3112 },
    );
  });
});
