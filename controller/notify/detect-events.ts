import type { ChangeSetEntry, PanelPlan } from '../engine/types.ts';
import type { Findings, NotifyEvent } from './events.ts';
import { capped, countByKind, countLines, fieldCountLine, objectName, objectWithFields } from './object-counts.ts';
import type { ReconcileReport } from './reconcile-report.ts';
import { rolloutSummary } from '../rollout/rollout-report.ts';

/** Manifest errors listed in one message; the rest are counted (the whole list is in /status). */
const LISTED_ERRORS = 10;

/**
 * Turns one reconcile into events. `newRevision` tells changes a new revision brought
 * (revision-applied) from changes the panel drifted into under unchanged manifests (drift):
 * one answer for the whole reconcile (the controller knows the revision it last saw), or one
 * per panel (a one-shot `apply --notify` has no such memory and asks each panel's inventory).
 * A key is evaluated only when this reconcile could see it: a panel that was not reached says
 * nothing about its guards or its last apply, and a source that could not be read says nothing
 * about anything, so nothing is resolved by accident.
 */
export function detectEvents(report: ReconcileReport, newRevision: boolean | ((panel: string) => boolean)): Findings {
  const findings: Findings = { events: [], evaluated: new Set() };
  if (report.result === 'invalid') {
    findings.evaluated.add('invalid-revision');
    findings.events.push(invalidRevision(report));
    return findings;
  }
  if (!report.plan) return findings;
  findings.evaluated.add('invalid-revision');
  // Panels of waves a Rollout held back were not applied: nothing is judged about them yet.
  const heldBack = new Set(report.rollout?.waves.filter((w) => w.state === 'not started').flatMap((w) => w.panels));
  for (const panel of report.plan.panels) {
    const entries = report.changes?.entries.filter((e) => e.operation.panel === panel.panel) ?? [];
    panelFindings(panel, entries, report.changes !== undefined && !heldBack.has(panel.panel), typeof newRevision === 'function' ? newRevision(panel.panel) : newRevision, findings);
  }
  rolloutFindings(report, findings);
  return findings;
}

function invalidRevision(report: ReconcileReport): NotifyEvent {
  const dir = report.manifests?.dir;
  const errors = report.errors.map((e) => (dir && e.startsWith(`${dir}/`) ? e.slice(dir.length + 1) : e));
  return {
    event: 'invalid-revision',
    kind: 'problem',
    key: 'invalid-revision',
    variant: report.revision,
    title: `Revision ${report.revision} is invalid: nothing applied, the panels keep the last good revision`,
    // Named when it resolves: the revision that loads, not the broken one it replaced.
    resolvedTitle: (revision) => `Revision ${revision} loads without errors (it replaces the invalid ${report.revision})`,
    lines: capped(errors, LISTED_ERRORS),
  };
}

function panelFindings(p: PanelPlan, entries: ChangeSetEntry[], applied: boolean, newRevision: boolean, out: Findings): void {
  const at = (event: string) => `${event}:${p.panel}`;
  out.evaluated.add(at('panel-down'));
  if (p.error) {
    out.events.push({ event: 'panel-down', kind: 'problem', key: at('panel-down'), panel: p.panel, title: `Panel ${p.panel} cannot be read: nothing planned or pruned there`, resolvedTitle: `Panel ${p.panel} is back up`, lines: [p.error] });
    return;
  }
  attentionFindings(p, out);
  out.evaluated.add(at('guard-blocked'));
  if (p.guards.length) {
    out.events.push({ event: 'guard-blocked', kind: 'problem', key: at('guard-blocked'), panel: p.panel, title: `A guard blocked the plan of panel ${p.panel}: nothing applied there`, resolvedTitle: `The plan of panel ${p.panel} is no longer blocked`, lines: capped(p.guards.map((g) => g.message)) });
    return;
  }
  if (p.mode === 'observe') {
    out.evaluated.add(at('drift'));
    if (p.operations.length) out.events.push(driftEvent(p));
    return;
  }
  // A manage panel with changes is judged only once they were applied (not when the run stopped first).
  if (p.operations.length && !applied) return;
  out.evaluated.add(at('apply-failed'));
  const failed = entries.filter((e) => e.result === 'failed');
  const succeeded = entries.filter((e) => e.result === 'succeeded').map((e) => e.operation);
  if (failed.length) {
    const skipped = entries.filter((e) => e.result === 'skipped').length;
    out.events.push({
      event: 'apply-failed',
      kind: 'problem',
      key: at('apply-failed'),
      panel: p.panel,
      title: succeeded.length ? `Apply on panel ${p.panel} was partial: ${succeeded.length} succeeded, ${failed.length} failed, ${skipped} skipped` : `Apply on panel ${p.panel} failed: ${failed.length} failed, ${skipped} skipped`,
      resolvedTitle: `Apply on panel ${p.panel} succeeds again`,
      lines: capped(failed.map((e) => `${objectName(e.operation)} ${e.operation.action}: ${e.reason ?? 'failed'}`)),
      counts: countByKind(failed.map((e) => e.operation)),
    });
  }
  if (!succeeded.length) return;
  const counts = countByKind(succeeded);
  const names = capped(succeeded.map(objectName));
  if (newRevision) out.events.push({ event: 'revision-applied', kind: 'info', key: at('revision-applied'), panel: p.panel, title: `New revision applied on panel ${p.panel}: ${succeeded.length} change(s)`, lines: [...countLines(counts), ...names], counts });
  else {
    const healed = [...countLines(counts), ...fieldCountLine(succeeded), ...capped(succeeded.map(objectWithFields))];
    out.events.push({ event: 'drift', kind: 'info', key: at('drift-healed'), panel: p.panel, title: `Drift healed on panel ${p.panel}: ${succeeded.length} object(s) put back as the manifests say`, lines: healed, counts });
  }
}

/** Where a Rollout stopped, told with the failure of its wave (or alone, when the wave failed its check after the apply). */
function rolloutFindings(report: ReconcileReport, out: Findings): void {
  const stopped = report.rollout?.stoppedAt;
  const line = report.rollout && rolloutSummary(report.rollout);
  // Judged only by a reconcile that applied: one that had nothing to apply says nothing about the waves.
  if (report.changes === undefined) return;
  out.evaluated.add('apply-failed:rollout');
  if (!stopped || !line) return;
  const failures = out.events.filter((e) => e.event === 'apply-failed');
  for (const e of failures) e.lines.push(line);
  if (!failures.length) {
    out.events.push({ event: 'apply-failed', kind: 'problem', key: 'apply-failed:rollout', title: line, resolvedTitle: `Rollout ${report.rollout?.rollout ?? ''} goes through again`, lines: [] });
  }
}

/** Objects panelops cannot settle by itself (a crashed run's claim on a name someone may have made by hand): a problem until settled. */
function attentionFindings(p: PanelPlan, out: Findings): void {
  const key = `attention:${p.panel}`;
  out.evaluated.add(key);
  const waiting = p.notes.filter((n) => n.attention);
  if (!waiting.length) return;
  out.events.push({
    event: 'drift',
    kind: 'problem',
    key,
    panel: p.panel,
    title: `${waiting.length} object(s) on panel ${p.panel} need attention: panelops cannot settle them by itself`,
    resolvedTitle: `Nothing on panel ${p.panel} waits for an operator any more`,
    lines: capped(waiting.map((n) => `${n.kind}/${n.key}: ${n.message}`)),
  });
}

function driftEvent(p: PanelPlan): NotifyEvent {
  const counts = countByKind(p.operations);
  return {
    event: 'drift',
    kind: 'problem',
    key: `drift:${p.panel}`,
    panel: p.panel,
    title: `Drift on observe panel ${p.panel}: ${p.operations.length} object(s) differ from the manifests`,
    resolvedTitle: `Panel ${p.panel} matches the manifests again`,
    lines: [...countLines(counts), ...fieldCountLine(p.operations), ...capped(p.operations.map((o) => `${o.action} ${objectWithFields(o)}`))],
    counts,
  };
}
