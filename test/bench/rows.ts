/** One line of RESULTS.md. */
export interface Row {
  fleet: 'vpn' | 'hosting';
  objects: number;
  measure: 'no-op plan' | '1% drift plan' | 'apply 10% new' | 'apply 1% drift' | 'baseline' | 'floor' | 'controller reconcile, unchanged revision';
  /** The state backend, on rows that compare them; the others use the local files. */
  state?: 'local' | 'PostgreSQL';
  /** For a PostgreSQL no-op plan: the local state's, measured in the same turns. */
  localSeconds?: number;
  seconds: number;
  /** Requests sent (for an apply: the write requests). */
  requests: number;
  rssMiB?: number;
  vsBaseline?: string;
  vsFloor?: string;
  notes?: string;
  /** For apply rows: the most write requests bulk endpoints should need. */
  writeBound?: number;
  /** Set when the emulators answered this much later than on loopback (informational rows). */
  roundTripMs?: number;
}

/** The measure as the table shows it, with the round trip when there was one. */
export const measureLabel = (r: Row): string => `${r.measure}${r.state ? `, ${r.state} state` : ''}${r.roundTripMs ? `, ${r.roundTripMs} ms round trip` : ''}`;

const x = (v: number) => `${v.toFixed(2)}x`;

/** The plan rows of one fleet size, with their ratios to the baseline and the floor filled in. */
export function withRatios(plans: Row[], baseline: Row, floor: Row): Row[] {
  for (const r of plans) {
    r.vsBaseline = `${x(baseline.seconds / r.seconds)} faster, ${x(baseline.requests / r.requests)} fewer requests`;
    r.vsFloor = x(r.seconds / floor.seconds);
  }
  baseline.vsFloor = x(baseline.seconds / floor.seconds);
  return [...plans, baseline, floor];
}
