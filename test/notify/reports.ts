import type { Action, ChangeSet, OperationResult, PanelPlan, Plan, PlannedOperation } from '../../controller/engine/types.ts';
import { loadManifests, type ManifestSet } from '../../controller/manifest/load.ts';
import type { ReconcileReport } from '../../controller/notify/reconcile-report.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

/** A canary panel password: no message may carry it, in any encoding. */
export const PANEL_CANARY = 'canary-Panel-Pass-7f3a9';

/** Loads a real manifest directory: the mz Marzban panel plus the given Notifier documents. */
export async function manifestsWith(notifiers: string, env: Record<string, string>): Promise<ManifestSet> {
  const dir = await tempDir('panelops-notify-');
  await writeFiles(dir.path, { 'panel.yaml': marzbanPanel(), 'notifiers.yaml': notifiers });
  const set = await loadManifests({ dir: dir.path, registry: defaultRegistry(), env: { MZ_URL: 'http://127.0.0.1:9', MZ_USER: 'admin', MZ_PASS: PANEL_CANARY, ...env } });
  await dir.cleanup();
  const errors = set.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => `${d.line}: ${d.pointer}: ${d.message}`).join('\n'));
  return set;
}

export const op = (kind: string, key: string, action: Action, panel = 'mz'): PlannedOperation => ({ id: `${panel}/${kind}/${key}/${action}`, panel, kind, key, action, changes: [], dependsOn: [] });

export function panelPlan(over: Partial<PanelPlan> = {}): PanelPlan {
  return { panel: 'mz', type: 'marzban', mode: 'manage', operations: [], notes: [], managed: {}, unmanaged: {}, guards: [], ...over };
}

export const plan = (...panels: PanelPlan[]): Plan => ({ formatVersion: 1, createdAt: '2026-01-01T00:00:00Z', source: '/m', panels, warnings: [] });

export function changeSet(...entries: [PlannedOperation, OperationResult, string?][]): ChangeSet {
  return { startedAt: '', finishedAt: '', entries: entries.map(([operation, result, reason]) => ({ operation, result, attempts: 1, ...(reason ? { reason } : {}) })) };
}

/** A reconcile report over the given manifests. */
export const report = (manifests: ManifestSet, over: Partial<ReconcileReport>): ReconcileReport => ({ revision: 'rev-1', result: 'succeeded', errors: [], manifests, ...over });

/** A panel that answered nothing: the problem behind panel-down. */
export const downPlan = (error = 'connect ECONNREFUSED 127.0.0.1:9') => plan(panelPlan({ error }));
export const healthyPlan = () => plan(panelPlan());

/** Every spelling of a secret a message could smuggle it in. */
export function spellings(secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), JSON.stringify(secret).slice(1, -1)];
}
