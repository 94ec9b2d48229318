import { describe, expect, it } from 'vitest';
import { planPanel } from '../../controller/engine/plan.ts';
import { Inventory } from '../../controller/inventory/inventory.ts';
import { DEFAULT_POLICY } from '../../controller/manifest/panel-kind.ts';
import type { DesiredObject, KindDescriptor, ObservedObject, PanelConfig, PanelPolicy } from '../../controller/providers/types.ts';

const kinds: KindDescriptor[] = [
  { kind: 'Admin', apiVersion: 'x/v1', order: 10, specSchema: {}, secretFields: ['password'] },
  { kind: 'User', apiVersion: 'x/v1', order: 50, specSchema: {}, secretFields: [], keyCaseInsensitive: true, references: (s) => (s.owner ? [{ kind: 'Admin', key: String(s.owner), field: 'owner' }] : []) },
];

const panel = (policy: Partial<PanelPolicy> = {}): PanelConfig => ({
  name: 'p',
  type: 'marzban',
  url: 'http://x',
  auth: {},
  limits: { concurrency: 1, requestsPerSecond: 0, timeoutMs: 1000, pageSize: 10, batchSize: 1 },
  policy: { ...DEFAULT_POLICY, ...policy },
  source: { file: 'p.yaml', line: 1, column: 1 },
});

const want = (kind: string, key: string, spec: Record<string, unknown>, secrets: Record<string, string> = {}): DesiredObject => ({
  panel: 'p', kind, key, spec, secrets, protect: false, source: { file: 'f.yaml', line: 1, column: 1 },
});
const have = (kind: string, key: string, spec: Record<string, unknown>): ObservedObject => ({ kind, key, spec });

function inventoryOwning(...refs: Array<[string, string]>): Inventory {
  const inv = new Inventory('p');
  for (const [kind, key] of refs) inv.record(kind, key, { specHash: 'h' }, '2026-01-01T00:00:00Z');
  return inv;
}

describe('planPanel', () => {
  it('creates, updates only what the manifest sets, deletes only owned objects, and orders by dependency', async () => {
    const plan = await planPanel({
      panel: panel(),
      kinds,
      desired: [want('Admin', 'boss', { sudo: false }, { password: 's' }), want('User', 'Alice', { note: 'new', owner: 'boss' }), want('User', 'bob', { dataLimit: 5 })],
      observed: new Map([
        ['Admin', []],
        ['User', [have('User', 'alice', { note: 'old', dataLimit: 1, owner: 'boss' }), have('User', 'bob', { dataLimit: 5, note: 'x' }), have('User', 'gone', {}), have('User', 'stranger', {})]],
      ]),
      inventory: inventoryOwning(['User', 'alice'], ['User', 'bob'], ['User', 'gone']),
      claimed: new Set(),
    });
    expect(plan.operations.map((o) => `${o.action} ${o.kind}/${o.key}`)).toEqual(['create Admin/boss', 'update User/Alice', 'delete User/gone']);
    const update = plan.operations[1];
    expect(update?.changes).toEqual([{ path: 'note', before: 'old', after: 'new' }]);
    expect(update?.dependsOn).toEqual(['p/Admin/boss/create']);
    expect(plan.operations[0]?.changes).toContainEqual({ path: 'password', secret: true });
    expect(plan.unmanaged.User).toBe(1);
    expect(plan.guards).toEqual([]);
  });

  it('blocks on an unowned existing object unless the policy adopts it', async () => {
    const input = {
      kinds,
      desired: [want('User', 'carol', { note: 'n' })],
      observed: new Map([['User', [have('User', 'carol', { note: 'm' })]]]),
      inventory: new Inventory('p'),
      claimed: new Set<string>(),
    };
    expect((await planPanel({ ...input, panel: panel() })).guards.map((g) => g.guard)).toEqual(['unowned']);
    const adopted = await planPanel({ ...input, panel: panel({ adopt: true }) });
    expect(adopted.guards).toEqual([]);
    expect(adopted.operations.map((o) => o.action)).toEqual(['adopt']);
    // An object an interrupted run created (journal claim) is adopted without the policy.
    expect((await planPanel({ ...input, panel: panel(), claimed: new Set(['User/carol']) })).operations.map((o) => o.action)).toEqual(['adopt']);
  });

  it('guards: empty-kind, maxDeletes and maxDeletePercent; allowDeletes lifts them', async () => {
    const owned = Array.from({ length: 12 }, (_, i) => `u${i}`);
    const observed = new Map([['User', owned.map((k) => have('User', k, {}))]]);
    const inventory = inventoryOwning(...owned.map((k): [string, string] => ['User', k]));
    const base = { kinds, observed, inventory, claimed: new Set<string>() };

    const emptied = await planPanel({ ...base, panel: panel(), desired: [] });
    expect(emptied.guards.map((g) => g.guard)).toContain('empty-kind');

    const keepFive = owned.slice(0, 5).map((k) => want('User', k, {}));
    const tooMany = await planPanel({ ...base, panel: panel({ maxDeletes: 3 }), desired: keepFive });
    expect(tooMany.guards.map((g) => g.guard).sort()).toEqual(['max-delete-percent', 'max-deletes']);
    expect((await planPanel({ ...base, panel: panel({ maxDeletes: 3 }), desired: keepFive, allowDeletes: 7 })).guards).toEqual([]);

    const protectedInventory = inventoryOwning(['User', 'vip']);
    protectedInventory.record('User', 'vip', { specHash: 'h', protect: true }, '2026-01-01T00:00:00Z');
    const kept = await planPanel({ kinds, observed: new Map([['User', [have('User', 'vip', {})]]]), inventory: protectedInventory, claimed: new Set(), panel: panel(), desired: [want('User', 'other', {})] });
    expect(kept.operations.map((o) => o.action)).toEqual(['create']);
    expect(kept.notes[0]?.message).toContain('protected');
  });

  it('observe mode and prune: false never plan deletes', async () => {
    const plan = await planPanel({
      panel: panel({ prune: false }),
      kinds,
      desired: [want('User', 'a', {})],
      observed: new Map([['User', [have('User', 'a', {}), have('User', 'b', {})]]]),
      inventory: inventoryOwning(['User', 'a'], ['User', 'b']),
      claimed: new Set(),
    });
    expect(plan.operations).toEqual([]);
  });
});
