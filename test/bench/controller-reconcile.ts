import { measureChild, median, type PlanMeasure } from './measure.ts';
import type { Row } from './rows.ts';

/**
 * The controller's steady state: a reconcile at an unchanged revision (reconcile-once.ts, each
 * in a process of its own), taking turns with the floor, three rounds.
 */
export async function measureSteadyReconcile(
  objects: number,
  fetchPages: () => Promise<void>,
  dirs: { manifests: string; stateDir: string },
  env: Record<string, string>,
): Promise<Row[]> {
  const floors: number[] = [];
  const runs: PlanMeasure[] = [];
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    await fetchPages();
    floors.push((performance.now() - started) / 1000);
    runs.push(await measureChild('test/bench/reconcile-once.ts', [dirs.manifests, dirs.stateDir], env));
  }
  const floor = floors.sort((a, b) => a - b)[1] ?? 0;
  const m = median(runs);
  return [
    {
      fleet: 'vpn',
      objects,
      measure: 'controller reconcile, unchanged revision',
      seconds: m.seconds,
      requests: 0,
      rssMiB: m.rssMiB,
      vsFloor: `${(m.seconds / floor).toFixed(2)}x`,
      notes: `median of 3, taking turns with the floor (${floor.toFixed(2)} s in the same turns); changes ${m.changes}; the reconcile before it, at start: ${m.loadSeconds.toFixed(2)} s`,
    },
  ];
}
