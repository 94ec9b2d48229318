/**
 * The plan as every part of panelops sees it: the engine makes it, manifests publish its JSON
 * Schema, renderers print it and saved plans carry it. Kept here, beside the panel contract, so
 * none of them has to reach into another's folder for it.
 */
import type { FieldChange, PanelType } from './panel.ts';

export type Action = 'create' | 'update' | 'delete' | 'attach' | 'detach' | 'adopt';

/** Every action, in the order summaries list them. */
export const ACTIONS: readonly Action[] = ['create', 'adopt', 'update', 'attach', 'detach', 'delete'];

/** One step of a plan. Holds no secret: secret changes appear as `{ path, secret: true }`. */
export interface PlannedOperation {
  /** Unique within a plan: "panel/Kind/key/action". */
  id: string;
  panel: string;
  kind: string;
  key: string;
  action: Action;
  changes: FieldChange[];
  /** attach / detach: the members (e.g. inbound tags). */
  members?: string[];
  /** Hash of the live object this was planned against (absent for creates). */
  fingerprint?: string;
  /** Hash of the desired object (spec and secret hashes), so a saved plan notices edited manifests. */
  desiredHash?: string;
  /** Operations that must succeed first. */
  dependsOn: string[];
}

export const GUARD_NAMES = ['max-deletes', 'max-delete-percent', 'empty-kind', 'empty-source', 'unowned', 'missing-owned', 'credentials-differ'] as const;
export type GuardName = (typeof GUARD_NAMES)[number];

export interface GuardTrip {
  panel: string;
  guard: GuardName;
  kind?: string;
  message: string;
}

export interface ObjectNote {
  kind: string;
  key: string;
  message: string;
  /** Set when panelops cannot settle the object by itself: it waits for an operator (counted in the summary). */
  attention?: boolean;
}

export interface PanelPlan {
  panel: string;
  type: PanelType | 'unknown';
  mode: 'manage' | 'observe';
  operations: PlannedOperation[];
  notes: ObjectNote[];
  /** Counts per kind of objects panelops owns / sees but does not own. */
  managed: Record<string, number>;
  unmanaged: Record<string, number>;
  guards: GuardTrip[];
  /** Set when the panel could not be observed: nothing is planned (or pruned) for it. */
  error?: string;
  /** Subscribers placed on this panel: unchanged, with operations planned, and held back (panel down, keys differ, keys unreadable). */
  subscribers?: { inSync: number; pending: number; refused: number };
}

export const PLAN_FORMAT_VERSION = 1;

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  createdAt: string;
  /** The manifest directory the plan was made from. */
  source: string;
  panels: PanelPlan[];
  /** Things an operator should know that are not about one object (e.g. state for a panel with no manifest). */
  warnings: string[];
}
