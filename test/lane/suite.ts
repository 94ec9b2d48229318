import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { LaneAdapter, LaneContext, Snapshot } from './adapter.ts';
import { conformanceSteps } from './conformance.ts';
import type { LaneApi } from './http.ts';
import { operatorCycle } from './operator-cycle.ts';
import { runProbe } from './probe.ts';
import { laneWorld, type LaneWorld } from './world.ts';
import { writeRun, type CaseResult } from './results.ts';
import { realPanelEntries, realTargets, type LaneTarget } from './target.ts';

/** A panel the suite runs against, opened when its cases start. */
export interface LaneSource {
  where: LaneTarget['where'];
  version: string;
  /** Told apart in the test names when one version runs set up two ways. */
  label?: string;
  open(): Promise<LaneTarget>;
}

export const RESULTS_FILE = join(import.meta.dirname, '..', 'real', 'RESULTS.md');

/** The running panels of one type named by PANELOPS_REAL_PANELS. */
export function realSources(type: string): LaneSource[] {
  return realTargets(type).map((t) => ({ where: 'real', version: t.version, open: async () => t }));
}

/**
 * The one entry point of the lane: every case (the operator cycle, the conformance steps, the
 * request-by-request comparisons) against each source. `npm test` passes emulators,
 * `npm run test:real` the running panels; a real run writes its results (RESULTS.md).
 */
export function laneSuite(adapter: LaneAdapter, sources: LaneSource[]): void {
  if (sources.length === 0) {
    const why = realPanelEntries().length === 0 ? 'PANELOPS_REAL_PANELS is not set' : `PANELOPS_REAL_PANELS names no ${adapter.type} panel`;
    describe(`lane: ${adapter.type}`, () => {
      it.skip(`no ${adapter.type} panel to run against (${why}; see test/real/README.md)`, () => {});
    });
    return;
  }
  for (const source of sources) {
    describe(`lane: ${adapter.type} ${source.version} (${source.where}${source.label ? `, ${source.label}` : ''})`, () => {
      let target: LaneTarget;
      let api: LaneApi;
      let answeredVersion: string | undefined;
      const results: CaseResult[] = [];
      let started = new Date();
      const ctx = (letter: string): LaneContext => ({ target, api, prefix: `${target.prefix}${letter}` });

      // A panel that cannot be reached or logged into fails every case with the reason, in the results too.
      let unreachable: string | undefined;
      beforeAll(async () => {
        started = new Date();
        try {
          target = await source.open();
          api = await adapter.connect(target);
          answeredVersion = await adapter.answeredVersion?.(api);
        } catch (err) {
          unreachable = err instanceof Error ? err.message : String(err);
        }
      });
      afterAll(async () => {
        try {
          if (api) for (const letter of LETTERS) await adapter.cleanup(api, `${target.prefix}${letter}`, target);
        } finally {
          if (source.where === 'real' && results.length) writeRun(RESULTS_FILE, { type: adapter.type, version: source.version, ...(answeredVersion ? { answeredVersion } : {}), date: started, cases: results });
          await target?.close();
        }
      });

      /** A case whose outcome goes into the results: its first line of failure is the first difference. */
      const laneCase = (name: string, fn: () => Promise<unknown>) =>
        it(name, async () => {
          const t0 = performance.now();
          try {
            if (unreachable) throw new Error(`the panel did not answer: ${unreachable}`);
            const requests = await fn();
            results.push({ name, passed: true, ms: performance.now() - t0, ...(typeof requests === 'number' ? { requests } : {}) });
          } catch (err) {
            const detail = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
            results.push({ name, passed: false, detail, ms: performance.now() - t0 });
            throw err;
          }
        });

      laneCase('operator cycle: import, plan 0, edit, apply, plan 0, nothing else moved', () => operatorCycle(adapter, ctx('k')));

      let conformance: { world: LaneWorld; previous: Snapshot; failed?: string } | undefined;
      for (const step of conformanceSteps(adapter)) {
        laneCase(`conformance: ${step.name}`, async () => {
          conformance ??= { world: await laneWorld(adapter, target), previous: {} };
          if (conformance.failed) throw new Error(`not run: "${conformance.failed}" failed before it`);
          try {
            conformance.previous = await step.run(conformance.world, ctx('c'), conformance.previous);
          } catch (err) {
            conformance.failed = step.name;
            throw err;
          }
        });
      }
      afterAll(() => conformance?.world.close());

      // Probes are listed when the tests are collected, from the source's version; each runs against the opened panel.
      for (const probe of adapter.probes({ ...placeholder(source), prefix: '' })) {
        laneCase(`answers as the panel: ${probe.name}`, async () => {
          const live = adapter.probes(target).find((p) => p.name === probe.name);
          if (!live) throw new Error(`no probe ${probe.name}`);
          return runProbe(live, { prefix: `${target.prefix}p`, version: target.version, api });
        });
      }
    });
  }
}

const LETTERS = ['k', 'c', 'p'];

/** What a probe list needs to know before the panel is open: its type and version. */
const placeholder = (source: LaneSource): LaneTarget => ({ where: source.where, type: '', version: source.version, url: '', auth: {}, prefix: '', close: async () => {} });
