import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FieldChange, PanelSession, SessionOp, Spec } from '../../../controller/providers/types.ts';
import { xuiGet, xuiInboundIds, xuiPost, xuiSession, xuiWorld, type XuiWorld } from '../../helpers/xui-fixture.ts';

const GiB = 2 ** 30;
type Detail = { client: { enable: boolean; expiryTime: number; comment: string } };

/**
 * Issue 17 point 8: a plan is taken from an earlier read; what the panel owns (a depletion
 * disable, a delayed start that began) is judged again right before the write.
 */
describe('3x-ui panel-owned states that change between the plan and the write', () => {
  let world: XuiWorld;
  let session: PanelSession;
  beforeEach(async () => {
    world = await xuiWorld();
    session = await xuiSession(world.emulator.url);
  });
  afterEach(() => world.close());

  const seed = async (client: Record<string, unknown>) => {
    const ids = await xuiInboundIds(world.emulator.url);
    await xuiPost(world.emulator.url, '/clients/add', { client, inboundIds: [ids['vless-reality']] });
  };
  const opFor = async (key: string, spec: Spec, changes: FieldChange[]): Promise<SessionOp> => {
    const observed = (await session.list('Client', new Set([key]))).find((o) => o.key === key);
    return {
      kind: 'Client',
      key,
      changes,
      ...(observed ? { observed } : {}),
      desired: { panel: 'xui', kind: 'Client', key, spec: { inbounds: ['vless-reality'], ...spec }, secrets: {}, protect: false, source: { file: 'c.yaml', line: 1, column: 1 } },
    };
  };
  const live = async (email: string) => (await xuiGet<Detail>(world.emulator.url, `/clients/get/${email}`)).obj.client;

  it('an enable planned before the panel disabled the client for depletion is not sent', async () => {
    await seed({ email: 'e@x.example', totalGB: GiB });
    await xuiPost(world.emulator.url, '/clients/bulkDisable', { emails: ['e@x.example'] });
    const op = await opFor('e@x.example', { enable: true }, [{ path: 'enable', before: false, after: true }]);
    world.emulator.setTraffic('e@x.example', 0, 2 * GiB);
    world.emulator.tick();
    const [outcome] = (await session.batch?.update?.('Client', [op])) ?? [];
    expect(outcome).toMatchObject({ ok: false, error: expect.stringContaining('disabled by the panel for depletion since the plan') });
    expect((await live('e@x.example')).enable).toBe(false);
  });

  it('a full-row update of a client that went over its quota since the plan does not switch it on', async () => {
    await seed({ email: 'f@x.example', totalGB: GiB });
    await xuiPost(world.emulator.url, '/clients/bulkDisable', { emails: ['f@x.example'] });
    const op = await opFor('f@x.example', { enable: true, comment: 'vip' }, [
      { path: 'enable', before: false, after: true },
      { path: 'comment', before: '', after: 'vip' },
    ]);
    world.emulator.setTraffic('f@x.example', 0, 2 * GiB);
    await session.update(op);
    expect(await live('f@x.example')).toMatchObject({ enable: false, comment: 'vip' });
  });

  it('a delayed start that began since the plan keeps its deadline when the duration changes', async () => {
    await seed({ email: 'd@x.example', expiryTime: -7 * 86_400_000 });
    const op = await opFor('d@x.example', { expiry: { afterFirstUse: 14 * 86_400 } }, [{ path: 'expiry.afterFirstUse', before: 7 * 86_400, after: 14 * 86_400 }]);
    world.emulator.setTraffic('d@x.example', 0, 1000);
    const deadline = (await live('d@x.example')).expiryTime;
    expect(deadline).toBeGreaterThan(0);
    await session.update(op);
    expect((await live('d@x.example')).expiryTime).toBe(deadline);
  });
});
