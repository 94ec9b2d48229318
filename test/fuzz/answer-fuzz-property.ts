import fc from 'fast-check';
import { marzbanPanel, marzbanWorld, type MarzbanWorld } from '../helpers/marzban-fixture.ts';
import { startTamperingProxy, type TamperingProxy } from '../helpers/tampering-proxy.ts';

/**
 * Fuzzing of panel answers (issue 13): a Marzban emulator behind a proxy that mutates one
 * list answer per case. Structural damage (a list of the wrong type, null, a missing field,
 * an error envelope, a cut body, an item that is no object or lacks its key, a page that
 * disagrees with its total, an answer over its byte cap) must fail the panel's read: no
 * operation, no write. Any other damage (a field inside a row of another type) may plan
 * changes, but must never crash: every case ends with an exit code.
 */

/** The list answers a plan of the fleet below reads, and the field naming each row. */
const LISTS = [
  { path: '/api/users', field: 'users', key: 'username' },
  { path: '/api/user_template', key: 'name' },
  { path: '/api/nodes', key: 'name' },
  { path: '/api/inbounds', byName: true, key: 'tag' },
] as const;

const FLEET = {
  'users.yaml': ['fuzz_alpha', 'fuzz_beta', 'fuzz_gamma', 'fuzz_delta']
    .map((n) => `apiVersion: marzban.panelops.io/v1\nkind: User\nmetadata: { name: ${n} }\nspec: { proxies: { vless: {} }, dataLimit: 5GiB }\n`)
    .join('---\n'),
  'templates.yaml': 'apiVersion: marzban.panelops.io/v1\nkind: UserTemplate\nmetadata: { name: fuzz-30d }\nspec: { dataLimit: 50GiB, expireDuration: 30d }\n',
  'nodes.yaml': 'apiVersion: marzban.panelops.io/v1\nkind: Node\nmetadata: { name: fuzz-node }\nspec: { address: 203.0.113.77 }\n',
};

const ODD_VALUES = [null, 0, -1, 1e308, '', 'x', true, false, {}, [], [null], { detail: 'x' }];
const odd = fc.constantFrom(...ODD_VALUES);

export const answerCase = fc.record({
  list: fc.nat({ max: LISTS.length - 1 }),
  damage: fc.oneof(
    fc.record({ kind: fc.constant('listType' as const), value: odd.filter((v) => !Array.isArray(v) || v.length > 0) }),
    fc.record({ kind: fc.constant('dropField' as const), which: fc.constantFrom('users', 'total') }),
    fc.record({ kind: fc.constant('envelope' as const), detail: fc.string({ maxLength: 20 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0.01, max: 0.99, noNaN: true }) }),
    fc.record({ kind: fc.constant('itemType' as const), at: fc.nat(), value: fc.constantFrom(null, 1, 'x', [], true) }),
    fc.record({ kind: fc.constant('keyType' as const), at: fc.nat(), value: fc.constantFrom(null, 1, '', {}, [], true) }),
    fc.record({ kind: fc.constant('total' as const), by: fc.integer({ min: -3, max: 3 }).filter((n) => n !== 0) }),
    fc.record({ kind: fc.constant('dropItem' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('oversize' as const) }),
    fc.record({ kind: fc.constant('rowField' as const), at: fc.nat(), field: fc.nat(), value: odd }),
  ),
});
export type AnswerCase = typeof answerCase extends fc.Arbitrary<infer T> ? T : never;

/** Applies the damage; `structural` says whether panelops must refuse the answer. undefined: not applicable to this list. */
function damage(body: string, c: AnswerCase): { body: string; structural: boolean } | undefined {
  const list = LISTS[c.list] ?? LISTS[0];
  const d = c.damage;
  if (d.kind === 'truncate') return { body: body.slice(0, Math.max(1, Math.floor(body.length * d.at))), structural: true };
  if (d.kind === 'oversize') return { body: `{"pad":"${'x'.repeat(1024 * 1024 + 10)}",${body.slice(1)}`, structural: true };
  if (d.kind === 'envelope') return { body: JSON.stringify({ detail: d.detail }), structural: true };
  const json = JSON.parse(body) as unknown;
  const holder = json as Record<string, unknown>;
  const rows: unknown[] = 'field' in list ? (holder[list.field] as unknown[]) : 'byName' in list ? (Object.values(holder)[0] as unknown[]) : (json as unknown[]);
  const set = (value: unknown) => {
    if ('field' in list) holder[list.field] = value;
    else if ('byName' in list) holder[Object.keys(holder)[0] ?? 'vless'] = value;
    else return value;
    return json;
  };
  const out = (value: unknown, structural = true) => ({ body: JSON.stringify(value), structural });
  switch (d.kind) {
    case 'listType':
      return out(set(d.value));
    case 'dropField':
      if (!('field' in list)) return undefined;
      delete holder[d.which];
      return out(json);
    case 'itemType':
    case 'keyType':
    case 'dropItem':
    case 'rowField': {
      if (!Array.isArray(rows) || rows.length === 0) return undefined;
      const i = d.at % rows.length;
      const row = rows[i] as Record<string, unknown>;
      if (d.kind === 'itemType') rows[i] = d.value;
      else if (d.kind === 'keyType') row[list.key] = d.value;
      else if (d.kind === 'dropItem') {
        // Only the users page carries a total to disagree with; elsewhere a missing row is a valid answer.
        if (!('field' in list)) return undefined;
        rows.splice(i, 1);
      } else {
        const fields = Object.keys(row).filter((f) => f !== list.key);
        const field = fields[d.field % fields.length];
        if (field === undefined) return undefined;
        row[field] = d.value;
        return out(json, false);
      }
      return out(json);
    }
    case 'total':
      if (!('field' in list)) return undefined;
      holder.total = Number(holder.total) + d.by;
      return out(json);
  }
}

export interface AnswerFuzz {
  world: MarzbanWorld;
  proxy: TamperingProxy;
  stats: { cases: number; structural: number; refused: number; crashes: number; writes: number; skipped: number };
  close(): Promise<void>;
}

/** The emulator with the fleet applied (so panelops owns objects a bad read could re-create), behind the proxy. */
export async function startAnswerFuzz(): Promise<AnswerFuzz> {
  const world = await marzbanWorld();
  const panel = marzbanPanel().replace('requestsPerSecond: 0 }', 'requestsPerSecond: 0, pageSize: 3, maxResponseMiB: 1, maxListMiB: 1 }');
  await world.write({ 'panel.yaml': panel, ...FLEET });
  const applied = await world.apply();
  if (applied.code !== 0) throw new Error(`fleet apply failed: ${applied.stderr}`);
  const proxy = await startTamperingProxy(world.emulator.url);
  world.env.MZ_URL = proxy.url;
  return { world, proxy, stats: { cases: 0, structural: 0, refused: 0, crashes: 0, writes: 0, skipped: 0 }, close: async () => (await proxy.close(), await world.close()) };
}

/** One case: a plan (and for structural damage an apply) against the damaged answer. Throws on a crash or a write. */
export async function checkAnswerCase(f: AnswerFuzz, c: AnswerCase): Promise<void> {
  const list = LISTS[c.list] ?? LISTS[0];
  let structural = false;
  f.proxy.tamper = (req, answer) => {
    if (req.method !== 'GET' || req.path !== list.path || answer.status !== 200) return undefined;
    const damaged = damage(answer.body, c);
    if (damaged) structural = damaged.structural;
    return damaged && { status: 200, body: damaged.body };
  };
  const tamperedBefore = f.proxy.tampered;
  const changes = () => f.world.emulator.counters.writes() - f.world.emulator.counters.get('POST', '/api/admin/token');
  const writes = changes();
  f.stats.cases += 1;
  let plan: Awaited<ReturnType<MarzbanWorld['plan']>>;
  try {
    plan = await f.world.plan({ format: 'json' });
  } catch (err) {
    f.stats.crashes += 1;
    throw new Error(`plan crashed on ${JSON.stringify(c)}: ${String(err)}`);
  }
  if (f.proxy.tampered === tamperedBefore) return void (f.stats.skipped += 1);
  if (![0, 1, 2, 3].includes(plan.code)) throw new Error(`exit code ${plan.code} on ${JSON.stringify(c)}`);
  if (!structural) return;
  f.stats.structural += 1;
  const panel = (JSON.parse(plan.stdout) as { panels: Array<{ error?: string; operations: unknown[] }> }).panels[0];
  if (plan.code !== 1 || !panel?.error || panel.operations.length > 0) throw new Error(`damaged answer read as valid (${plan.code}) on ${JSON.stringify(c)}: ${plan.stdout.slice(0, 400)}`);
  f.stats.refused += 1;
  await f.world.apply();
  if (changes() !== writes) {
    f.stats.writes += changes() - writes;
    throw new Error(`a damaged answer led to writes on ${JSON.stringify(c)}`);
  }
}
