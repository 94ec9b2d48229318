import { expect } from 'vitest';
import { remnawaveApi, userByName, keysOf, type ApiUser } from '../../helpers/remnawave-api.ts';
import type { LaneTarget } from '../target.ts';
import { laneWorld, type LaneWorld } from '../world.ts';
import { remnawavePanel } from './panel.ts';
import type { Trap } from './panel-traps.ts';
import { FUTURE, GiB, PINNED, profileConfig, seedBase } from './seed.ts';

const PAST = '2020-01-01T00:00:00.000Z';
const ADOPT = '{ prune: true, adopt: true }';

const user = (name: string, spec: string) => `---
apiVersion: remnawave.panelops.io/v1
kind: User
metadata: { name: ${name} }
spec: ${spec}
`;

async function converge(world: LaneWorld, files: Record<string, string>): Promise<string> {
  await world.write(files, ADOPT);
  const plan = await world.plan();
  expect(plan.code, plan.stdout + plan.stderr).toBe(2);
  const applied = await world.apply();
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  const again = await world.plan();
  expect(again.code, again.stdout + again.stderr).toBe(0);
  return plan.stdout;
}

/**
 * panelops against the panel's traps (remnawave.md §4-§11, §17): manifests written by the case,
 * planned and applied through the CLI, then read back through the panel's own API.
 */
export function providerTraps(target: LaneTarget): Trap[] {
  const api = () => remnawaveApi(target.url, target.auth.token ?? '');
  const withWorld = async (fn: (world: LaneWorld) => Promise<void>) => {
    const world = await laneWorld(remnawavePanel, target);
    try {
      await fn(world);
    } finally {
      await world.close();
    }
  };
  return [
    {
      name: 'panelops: updates never carry credentials or status; LIMITED and EXPIRED stay as the panel set them; an unchanged past expiry is not resent',
      run: (p) =>
        withWorld(async (world) => {
          const make = (name: string, body: object) => api().call<ApiUser>('POST', '/api/users', { username: `${p}${name}`, expireAt: FUTURE, ...body });
          const limited = await make('lim', { status: 'LIMITED', trafficLimitBytes: GiB, ...PINNED });
          const expired = await make('exp', { status: 'EXPIRED', expireAt: PAST });
          const toDisable = await make('dis', { status: 'LIMITED', trafficLimitBytes: GiB });
          const out = await converge(world, {
            'users.yaml': [
              user(`${p}lim`, '{ status: active, dataLimit: 1GiB, note: limited but active }'),
              user(`${p}exp`, `{ status: active, expire: ${PAST.replace('.000Z', 'Z')}, note: expired but active }`),
              user(`${p}dis`, '{ status: disabled }'),
            ].join(''),
          });
          expect(out).toContain('limited by the panel');
          const [l, e, d] = await Promise.all([limited, expired, toDisable].map((u) => userByName(api(), u.username)));
          expect([l?.status, l?.description, keysOf(l!)]).toEqual(['LIMITED', 'limited but active', keysOf(limited)]);
          expect([l?.vlessUuid, l?.trojanPassword, l?.ssPassword]).toEqual([PINNED.vlessUuid, PINNED.trojanPassword, PINNED.ssPassword]);
          expect([e?.status, e?.description, e?.expireAt]).toEqual(['EXPIRED', 'expired but active', PAST]);
          // PATCH DISABLED would have left it LIMITED (§4.4): the disable action did it.
          expect(d?.status).toBe('DISABLED');
        }),
    },
    {
      name: 'panelops: a user\'s squads are replaced as a set by one PATCH; other members of the squads keep theirs',
      run: (p) =>
        withWorld(async (world) => {
          const base = await seedBase(api(), p, 26_000);
          await api().call('POST', '/api/users', { username: `${p}in2`, expireAt: FUTURE, activeInternalSquads: [base.squadA.uuid, base.squadB.uuid] });
          const bystander = await api().call<ApiUser>('POST', '/api/users', { username: `${p}by`, expireAt: FUTURE, activeInternalSquads: [base.squadB.uuid] });
          await converge(world, { 'users.yaml': user(`${p}in2`, `{ squads: [${base.squadA.name}] }`) });
          expect((await userByName(api(), `${p}in2`)).activeInternalSquads.map((s) => s.name)).toEqual([base.squadA.name]);
          const after = await userByName(api(), `${p}by`);
          expect(JSON.stringify(after)).toBe(JSON.stringify(bystander));
        }),
    },
    {
      name: 'panelops: a host update keeps a disabled host disabled (3.3.x enables it when isDisabled is left out)',
      run: (p) =>
        withWorld(async (world) => {
          const base = await seedBase(api(), p, 27_000);
          await api().call('POST', '/api/hosts', { remark: `${p}-h`, address: 'h.example', port: 443, isDisabled: true, inbound: { configProfileUuid: base.profile.uuid, configProfileInboundUuid: base.vless.uuid } });
          await converge(world, {
            'hosts.yaml': `apiVersion: remnawave.panelops.io/v1
kind: Host
metadata: { name: ${p}-h }
spec: { address: h.example, port: 443, configProfile: ${base.profile.name}, inbound: ${base.vless.tag}, sni: new.example }
`,
          });
          const hosts = await api().call<Array<{ remark: string; sni: string | null; isDisabled: boolean }>>('GET', '/api/hosts');
          expect(hosts.filter((h) => h.remark === `${p}-h`).map((h) => [h.sni, h.isDisabled])).toEqual([['new.example', true]]);
        }),
    },
    {
      name: 'panelops: a node naming an inbound of another profile is refused before the create, so no half-made node stays behind',
      run: (p) =>
        withWorld(async (world) => {
          const base = await seedBase(api(), p, 28_000);
          const other = await seedBase(api(), `${p}o`, 29_000);
          await world.write({
            'nodes.yaml': `apiVersion: remnawave.panelops.io/v1
kind: Node
metadata: { name: ${p}-node }
spec: { address: ${p}.node.invalid, configProfile: ${base.profile.name}, inbounds: [${other.vless.tag}] }
`,
          });
          const applied = await world.apply();
          expect(applied.code).toBe(1);
          expect(applied.stdout + applied.stderr).toContain(`inbound "${other.vless.tag}" belongs to config profile "${other.profile.name}", not "${base.profile.name}"`);
          const nodes = await api().call<Array<{ name: string }>>('GET', '/api/nodes');
          expect(nodes.filter((n) => n.name === `${p}-node`)).toEqual([]);
        }),
    },
    {
      name: 'panelops: a disabled node stays disabled through an edit (actions, not PATCH, change it); multipliers keep one decimal',
      run: (p) =>
        withWorld(async (world) => {
          const base = await seedBase(api(), p, 31_000);
          const node = (spec: string) => ({
            'nodes.yaml': `apiVersion: remnawave.panelops.io/v1
kind: Node
metadata: { name: ${p}-node }
spec: { address: ${p}.node.invalid, configProfile: ${base.profile.name}, inbounds: [${base.vless.tag}], ${spec} }
`,
          });
          const read = async () => (await api().call<Array<{ name: string; isDisabled: boolean; countryCode: string; consumptionMultiplier: number }>>('GET', '/api/nodes')).find((n) => n.name === `${p}-node`);
          await converge(world, node('disabled: true, countryCode: de'));
          expect([(await read())?.isDisabled, (await read())?.countryCode]).toEqual([true, 'DE']);
          await converge(world, node('disabled: true, countryCode: nl, consumptionMultiplier: 1.25'));
          const edited = await read();
          expect([edited?.isDisabled, edited?.countryCode, edited?.consumptionMultiplier]).toEqual([true, 'NL', 1.3]);
          await converge(world, node('disabled: false, countryCode: nl, consumptionMultiplier: 1.25'));
          expect((await read())?.isDisabled).toBe(false);
        }),
    },
    {
      name: 'panelops: an inbound renamed in its profile shows as drift on the squad, and is never re-pointed to a guess',
      run: (p) =>
        withWorld(async (world) => {
          const base = await seedBase(api(), p, 30_000);
          const squads = {
            'squads.yaml': `apiVersion: remnawave.panelops.io/v1
kind: InternalSquad
metadata: { name: ${base.squadA.name} }
spec: { inbounds: [${base.vless.tag}, ${base.trojan.tag}] }
`,
          };
          await converge(world, squads);
          await api().call('PATCH', '/api/config-profiles', { uuid: base.profile.uuid, config: profileConfig(`${p}-vless2`, base.trojan.tag, 30_000) });
          const drift = await world.plan();
          expect(drift.code, drift.stdout + drift.stderr).toBe(2);
          expect(drift.stdout).toContain(`~ ${base.squadA.name}`);
          expect(drift.stdout).toContain(`+ "${base.vless.tag}"`);
          const applied = await world.apply();
          expect(applied.code).toBe(1);
          expect(applied.stdout + applied.stderr).toContain(`inbound "${base.vless.tag}" is in no config profile on the panel`);
          const squad = (await api().call<{ internalSquads: Array<{ name: string; inbounds: Array<{ tag: string }> }> }>('GET', '/api/internal-squads')).internalSquads.find((s) => s.name === base.squadA.name);
          expect(squad?.inbounds.map((i) => i.tag)).toEqual([base.trojan.tag]);
        }),
    },
  ];
}
