import type { Row } from './rows.ts';

// Targets are judged on loopback: rows measured with a round trip are there for comparison.
const find = (rows: Row[], objects: number, measure: Row['measure'], fleet: Row['fleet'] = 'vpn') =>
  rows.find((r) => r.fleet === fleet && r.objects === objects && r.measure === measure && !r.roundTripMs && !r.state);
const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');

/** The scale targets, each checked against this run's rows (a target without its rows is skipped). */
export function checkTargets(rows: Row[]): string[] {
  const out: string[] = [];
  const big = find(rows, 200_000, 'no-op plan');
  const bigFloor = find(rows, 200_000, 'floor');
  if (big && bigFloor) {
    const ratio = big.seconds / bigFloor.seconds;
    const listOnly = (big.notes ?? '').includes(' 0 per-object or write requests');
    out.push(`- No-op plan at 100,000 + 100,000: ${big.seconds.toFixed(2)} s, ${ratio.toFixed(2)}x the floor (target ≤ 1.5x and ≤ 10 s): ${mark(ratio <= 1.5 && big.seconds <= 10)}`);
    out.push(`- Its requests: ${big.requests}, list pages and logins only: ${mark(listOnly)}`);
    out.push(`- Peak RSS of that plan: ${big.rssMiB ?? '?'} MiB (target ≤ 512 MiB): ${mark((big.rssMiB ?? Infinity) <= 512)}`);
  }
  const steady = find(rows, 200_000, 'controller reconcile, unchanged revision');
  if (steady?.vsFloor) {
    const ratio = Number.parseFloat(steady.vsFloor);
    out.push(`- Controller reconcile at an unchanged revision, 100,000 + 100,000: ${steady.seconds.toFixed(2)} s, ${steady.vsFloor} the floor in the same turns (target ≤ 1.1x): ${mark(ratio <= 1.1)}`);
  }
  const mid = find(rows, 20_000, 'no-op plan');
  const midBase = find(rows, 20_000, 'baseline');
  if (mid && midBase) {
    const faster = midBase.seconds / mid.seconds;
    const fewer = midBase.requests / mid.requests;
    out.push(`- At 10,000 + 10,000: ${faster.toFixed(1)}x faster (target ≥ 20x) and ${fewer.toFixed(0)}x fewer requests (target ≥ 50x) than the baseline: ${mark(faster >= 20 && fewer >= 50)}`);
  }
  const bulk = rows.find((r) => r.fleet === 'vpn' && r.measure === 'apply 10% new' && r.objects === 10_000);
  if (bulk?.writeBound !== undefined) {
    out.push(`- 10,000 new 3x-ui clients: ${bulk.requests} write requests (bound ${bulk.writeBound} + a small constant): ${mark(bulk.requests <= bulk.writeBound + 5 && (bulk.notes ?? '').includes('exit 0'))}`);
  }
  const shared = rows.find((r) => r.objects === 200_000 && r.measure === 'no-op plan' && r.state === 'PostgreSQL');
  if (shared?.localSeconds) {
    const ratio = shared.seconds / shared.localSeconds;
    out.push(`- No-op plan at 100,000 + 100,000 on the PostgreSQL state: ${shared.seconds.toFixed(2)} s, ${ratio.toFixed(2)}x the local state in the same turns (target ≤ 1.2x): ${mark(ratio <= 1.2)}`);
  }
  const drifted = rows.find((r) => r.objects === 200_000 && r.measure === 'apply 1% drift' && r.state === 'PostgreSQL');
  const written = /object rows written (\d+) of (\d+), deleted (\d+)/.exec(drifted?.notes ?? '');
  if (drifted && written) {
    out.push(`- Apply of 1% drift (2,000 changes) on the PostgreSQL state: ${written[1]} of ${written[2]} object rows written, ${written[3]} deleted (target: only the changed rows): ${mark(Number(written[1]) <= 2000 && written[3] === '0')}`);
  }
  return out.length ? out : ['- (no size in this run checks a target)'];
}
