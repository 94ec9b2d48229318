import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { GUARD_NAMES, type ChangeSet, type Plan } from '../engine/types.ts';
import type { RequestEvent } from '../providers/http.ts';
import { attentionCount } from '../render/counts.ts';

const RECONCILE_RESULTS = ['succeeded', 'failed', 'blocked'] as const;

/**
 * Every metric panelops exports (design §4), over one prom-client Registry. No per-user
 * labels: panel, kind, action, result, route and guard have few values each.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly p = 'panelops_';
  readonly reconcileTotal = new Counter({ name: `${this.p}reconcile_total`, help: 'Reconciles by panel and result (succeeded, failed, blocked, invalid).', labelNames: ['panel', 'result'], registers: [this.registry] });
  readonly reconcileDuration = new Histogram({ name: `${this.p}reconcile_duration_seconds`, help: 'Duration of a whole reconcile.', buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300], registers: [this.registry] });
  readonly planChanges = new Gauge({ name: `${this.p}plan_changes`, help: 'Operations in the last plan.', labelNames: ['panel', 'kind', 'action'], registers: [this.registry] });
  readonly applyOperations = new Counter({ name: `${this.p}apply_operations_total`, help: 'Applied operations by result.', labelNames: ['panel', 'kind', 'action', 'result'], registers: [this.registry] });
  readonly drift = new Gauge({ name: `${this.p}drift_objects`, help: 'Objects that differ from their manifests (creates, updates, deletes, membership).', labelNames: ['panel', 'kind'], registers: [this.registry] });
  readonly attention = new Gauge({ name: `${this.p}attention_objects`, help: 'Objects panelops cannot settle by itself and leaves to an operator (see the plan notes or /status).', labelNames: ['panel'], registers: [this.registry] });
  readonly managed = new Gauge({ name: `${this.p}managed_objects`, help: 'Objects panelops owns.', labelNames: ['panel', 'kind'], registers: [this.registry] });
  readonly unmanaged = new Gauge({ name: `${this.p}unmanaged_objects`, help: 'Objects on the panel panelops does not own.', labelNames: ['panel', 'kind'], registers: [this.registry] });
  readonly guardBlocked = new Counter({ name: `${this.p}guard_blocked_total`, help: 'Plans blocked by a guard.', labelNames: ['panel', 'guard'], registers: [this.registry] });
  readonly panelRequests = new Counter({ name: `${this.p}panel_requests_total`, help: 'Requests to panel APIs (code 0: no answer).', labelNames: ['panel', 'method', 'route', 'code'], registers: [this.registry] });
  readonly panelRequestDuration = new Histogram({ name: `${this.p}panel_request_duration_seconds`, help: 'Panel API latency.', labelNames: ['panel', 'route'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [this.registry] });
  readonly panelUp = new Gauge({ name: `${this.p}panel_up`, help: '1 when the last reconcile could read the panel.', labelNames: ['panel'], registers: [this.registry] });
  readonly lastSuccess = new Gauge({ name: `${this.p}last_success_timestamp_seconds`, help: 'When the panel last reconciled without failure.', labelNames: ['panel'], registers: [this.registry] });
  readonly panelLease = new Gauge({ name: `${this.p}panel_lease`, help: 'Which controller replica reconciles each panel (value 1 on the holder; 0 on this replica for panels another holds).', labelNames: ['panel', 'replica'], registers: [this.registry] });
  readonly subscribers = new Gauge({ name: `${this.p}subscribers`, help: 'Subscribers placed on the panel, by state (in_sync, pending, refused).', labelNames: ['panel', 'state'], registers: [this.registry] });
  readonly notifierReady = new Gauge({ name: `${this.p}notifier_ready`, help: '1 for a Notifier that is built, 0 for one whose secrets could not be resolved (it sends nothing).', labelNames: ['notifier'], registers: [this.registry] });
  readonly revision = new Gauge({ name: `${this.p}source_revision_info`, help: 'The manifest revision last loaded (value 1).', labelNames: ['revision'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: this.p });
  }

  request = (e: RequestEvent): void => {
    this.panelRequests.inc({ panel: e.panel, method: e.method, route: e.route, code: String(e.status) });
    this.panelRequestDuration.observe({ panel: e.panel, route: e.route }, e.seconds);
  };

  /** This replica's view of who reconciles each panel. */
  setLeases(replica: string, holders: Record<string, string | undefined>): void {
    this.panelLease.reset();
    for (const [panel, holder] of Object.entries(holders)) this.panelLease.set({ panel, replica: holder ?? '' }, holder === replica ? 1 : 0);
  }

  /** The Notifiers of the last loaded revision: built (1) or not (0). */
  setNotifiers(built: readonly string[], unbuilt: readonly string[]): void {
    this.notifierReady.reset();
    for (const name of built) this.notifierReady.set({ notifier: name }, 1);
    for (const name of unbuilt) this.notifierReady.set({ notifier: name }, 0);
  }

  setRevision(revision: string): void {
    this.revision.reset();
    this.revision.set({ revision }, 1);
  }

  /** Kinds of the series exported per panel, so that a panel this replica no longer plans can be dropped. */
  private readonly exported = new Map<string, Set<string>>();

  /**
   * Gauges from a plan: drift and ownership per kind, guard trips, panel reachability. A plan
   * holds only the panels this replica reconciles: the series of every other panel go, so that
   * two replicas never both report one panel (a released panel's last drift would keep alerting).
   */
  recordPlan(plan: Plan): void {
    this.planChanges.reset();
    const planned = new Set(plan.panels.map((p) => p.panel));
    for (const [panel, kinds] of this.exported) if (!planned.has(panel)) this.forgetPanel(panel, kinds);
    for (const p of plan.panels) {
      const kinds = this.exported.get(p.panel) ?? this.exported.set(p.panel, new Set()).get(p.panel)!;
      // Every series a rule watches exists from the first plan, at 0: `increase()` over a
      // series that is born at 1 sees nothing, and a single guard trip would never alert.
      for (const guard of GUARD_NAMES) this.guardBlocked.inc({ panel: p.panel, guard }, 0);
      for (const result of RECONCILE_RESULTS) this.reconcileTotal.inc({ panel: p.panel, result }, 0);
      this.panelUp.set({ panel: p.panel }, p.error ? 0 : 1);
      if (p.subscribers) for (const [state, n] of [['in_sync', p.subscribers.inSync], ['pending', p.subscribers.pending], ['refused', p.subscribers.refused]] as const) this.subscribers.set({ panel: p.panel, state }, n);
      if (p.error) continue;
      this.attention.set({ panel: p.panel }, attentionCount([p]));
      const drift = new Map<string, number>();
      for (const kind of new Set([...Object.keys(p.managed), ...Object.keys(p.unmanaged)])) drift.set(kind, 0);
      for (const op of p.operations) {
        drift.set(op.kind, (drift.get(op.kind) ?? 0) + 1);
        this.planChanges.inc({ panel: p.panel, kind: op.kind, action: op.action });
      }
      for (const kind of [...drift.keys(), ...Object.keys(p.managed), ...Object.keys(p.unmanaged)]) kinds.add(kind);
      for (const [kind, n] of drift) this.drift.set({ panel: p.panel, kind }, n);
      for (const [kind, n] of Object.entries(p.managed)) this.managed.set({ panel: p.panel, kind }, n);
      for (const [kind, n] of Object.entries(p.unmanaged)) this.unmanaged.set({ panel: p.panel, kind }, n);
      for (const g of p.guards) this.guardBlocked.inc({ panel: p.panel, guard: g.guard });
    }
  }

  private forgetPanel(panel: string, kinds: ReadonlySet<string>): void {
    for (const kind of kinds) for (const gauge of [this.drift, this.managed, this.unmanaged]) gauge.remove({ panel, kind });
    this.panelUp.remove({ panel });
    this.lastSuccess.remove({ panel });
    for (const guard of GUARD_NAMES) this.guardBlocked.remove({ panel, guard });
    for (const result of RECONCILE_RESULTS) this.reconcileTotal.remove({ panel, result });
    this.exported.delete(panel);
  }

  recordChanges(changes: ChangeSet): void {
    for (const e of changes.entries) {
      const { panel, kind, action } = e.operation;
      this.applyOperations.inc({ panel, kind, action, result: e.result });
    }
  }

  text = (): Promise<string> => this.registry.metrics();
}
