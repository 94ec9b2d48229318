import type { LaneApi } from './http.ts';
import type { Probe } from './probe.ts';
import type { LaneTarget } from './target.ts';

/** What every case gets: the panel, its API, and the name prefix of the case's objects. */
export interface LaneContext {
  target: LaneTarget;
  api: LaneApi;
  /** The run's prefix plus a letter per case, so two cases never share an object. */
  prefix: string;
}

/**
 * The run's objects as read back through the panel's own API: `Kind/name` → the object without
 * what the panel makes up on every read (links, tokens). Compared byte for byte (JSON, key order as answered).
 */
export type Snapshot = Record<string, unknown>;

/** What an edit must do to one object; an object named nowhere must read back byte-identical. */
export type Expectation =
  | { gone: true }
  | { added: (after: unknown) => string | undefined }
  | { changed: (before: unknown, after: unknown) => string | undefined };

/** The operator cycle of one panel type: seed, import (narrowed to the prefix), edit. */
export interface CycleFixture {
  /** Creates the objects an operator would find, through the panel's own API (never its database). */
  seed(ctx: LaneContext): Promise<void>;
  /** `import --selector` arguments that take exactly the run's objects (`Kind/<prefix>*`). */
  selectors(prefix: string): string[];
  /** Edits the imported manifests in `dir`, and says what each edit must change on the panel. */
  edit(dir: string, ctx: LaneContext): Promise<Record<string, Expectation>>;
}

/** Create, update and delete from manifests written by the case (not imported). */
export interface ConformanceFixture {
  create(ctx: LaneContext): Record<string, string>;
  update(ctx: LaneContext): Record<string, string>;
  /** `update` with one object left out (pruned). */
  remove(ctx: LaneContext): Record<string, string>;
  /** After each step, what the panel must read back: a difference, or undefined. */
  created(after: Snapshot, ctx: LaneContext): string | undefined;
  updated(before: Snapshot, after: Snapshot, ctx: LaneContext): string | undefined;
  removed(before: Snapshot, after: Snapshot, ctx: LaneContext): string | undefined;
}

/**
 * One panel type in the lane. The generic cases (operator-cycle.ts, conformance.ts) know nothing
 * of a panel beyond this: how to talk to it, how to describe it to panelops, what to seed and edit.
 */
export interface LaneAdapter {
  /** The `spec.type` of the Panel manifest. */
  type: string;
  /** The Panel manifest (named `lane`) reading its URL and credentials from `env(target)`. */
  panelYaml(policy: string): string;
  env(target: LaneTarget): Record<string, string>;
  /** Logs in (or takes the token) and returns the panel's API, with whatever headers the panel insists on. */
  connect(target: LaneTarget): Promise<LaneApi>;
  /** The release the panel says it is, for the results file. */
  answeredVersion?(api: LaneApi): Promise<string | undefined>;
  /** Every object whose name starts with `prefix`, read back through the panel's API. */
  snapshot(api: LaneApi, prefix: string, target: LaneTarget): Promise<Snapshot>;
  /** Deletes every object whose name starts with `prefix` (after the cases, pass or fail). */
  cleanup(api: LaneApi, prefix: string, target: LaneTarget): Promise<void>;
  cycle: CycleFixture;
  conformance: ConformanceFixture;
  /** The request-by-request comparisons, as the real panel of `target.version` answers. */
  probes(target: LaneTarget): Probe[];
}
