export * from '../contract/plan.ts';
import type { Action, Plan, PlannedOperation } from '../contract/plan.ts';

export type OperationResult = 'succeeded' | 'failed' | 'skipped';

export interface ChangeSetEntry {
  operation: PlannedOperation;
  result: OperationResult;
  /** Why it failed or was skipped. */
  reason?: string;
  attempts: number;
}

/** What an apply did, operation by operation; every report is rendered from it. */
export interface ChangeSet {
  startedAt: string;
  finishedAt: string;
  entries: ChangeSetEntry[];
}

export const operationId = (panel: string, kind: string, key: string, action: Action): string =>
  `${panel}/${kind}/${key}/${action}`;

export function countChanges(plan: Plan): number {
  return plan.panels.reduce((n, p) => n + p.operations.length, 0);
}

export const isBlocked = (plan: Plan): boolean => plan.panels.some((p) => p.guards.length > 0);
