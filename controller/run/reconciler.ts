import { applyWithRollout } from '../rollout/apply-with-rollout.ts';
import { controllerProvenance } from '../history/provenance.ts';
import { historyWriter } from '../history/record-history.ts';
import { makePlan } from '../engine/make-plan.ts';
import { countChanges, isBlocked } from '../engine/types.ts';
import { withPanelLocks } from '../engine/with-locks.ts';
import { relative } from 'node:path';
import { formatDiagnostic, hasErrors, ManifestError, type Diagnostic } from '../manifest/diagnostics.ts';
import { loadManifests, type ManifestSet } from '../manifest/load.ts';
import { ManifestCache } from '../manifest/manifest-cache.ts';
import { unbuiltNotifierWarnings } from '../notify/unbuilt-notifiers.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { ReconcileListener, ReconcileReport } from '../notify/reconcile-report.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import type { Logger } from '../shared/logger.ts';
import type { ManifestSource } from '../source/types.ts';
import type { StateBackend } from '../state/backend.ts';
import { defaultReplicaId, PanelLeases } from './panel-leases.ts';
import { rolloutSummary } from '../rollout/rollout-report.ts';
import { HISTORY_SHOWN, panelsFromPlan, recordApplies, type ControllerStatus } from './status.ts';

/** How long a reconcile waits for a panel locked by a CLI apply before trying again next time. */
const LOCK_TIMEOUT_MS = 30_000;

export interface ReconcilerOptions {
  source: ManifestSource;
  registry: ProviderRegistry;
  logger: Logger;
  metrics: Metrics;
  state: StateBackend;
  /** This replica's id (default host-pid); with a shared state, replicas split the panels. */
  replica?: string;
  env?: NodeJS.ProcessEnv;
  /** Told after every reconcile (Notifier documents); returns at once and never throws. */
  notifier?: ReconcileListener;
  /** `run --observe`: every panel planned and reported as in observe mode, whatever its policy, because another process (CI) applies. */
  observe?: boolean;
}

/**
 * One reconcile: sync the source, load, plan, and apply the panels in manage mode with the
 * same guards as `apply`. A revision with manifest errors is reported and nothing is
 * applied, so the panels keep the last good revision. Never throws: every outcome lands in
 * the status and the metrics.
 */
export class Reconciler {
  readonly status: ControllerStatus;
  /** Set once a revision loaded and every panel could be logged in to. */
  ready = false;
  private readonly abort = new AbortController();
  private readonly leases: PanelLeases;
  private sourceRoot: string | undefined;
  /** When each panel last reconciled without failure, for /status and the status page. */
  private readonly lastSuccessAt = new Map<string, string>();
  /** Files read by earlier reconciles: at an unchanged revision nothing is parsed or validated again. */
  private readonly manifestCache = new ManifestCache();

  constructor(private readonly options: ReconcilerOptions) {
    this.leases = new PanelLeases(options.state, options.replica ?? defaultReplicaId(), options.logger);
    this.status = { source: options.source.description, replica: this.leases.replica, errors: [], panels: {}, consecutiveFailures: 0 };
  }

  /** Gives back this replica's panel leases (on shutdown), so others take them at once. */
  async release(): Promise<void> {
    await this.leases.releaseAll();
  }

  /** Stops starting operations; the one in flight finishes (SIGTERM). */
  stop(): void {
    this.abort.abort();
  }

  async reconcile(reason: string): Promise<ControllerStatus['lastReconcile']> {
    const { logger, metrics } = this.options;
    const started = performance.now();
    const finish = (result: NonNullable<ControllerStatus['lastReconcile']>['result']) => {
      const seconds = (performance.now() - started) / 1000;
      metrics.reconcileDuration.observe(seconds);
      this.status.lastReconcile = { at: new Date().toISOString(), reason, seconds, result };
      this.status.consecutiveFailures = result === 'succeeded' ? 0 : this.status.consecutiveFailures + 1;
      return this.status.lastReconcile;
    };
    let revision = 'unknown';
    const seen: Pick<ReconcileReport, 'manifests' | 'plan' | 'changes' | 'rollout'> = {};
    try {
      const synced = await this.options.source.sync();
      this.sourceRoot = synced.root ?? synced.dir;
      revision = synced.revision;
      this.status.revision = revision;
      metrics.setRevision(revision);
      const log = logger.child({ revision });
      // Ready means this controller works: its source synced and its state answers. A panel that
      // is down is for /status and the metrics; it must not take the pod out of its Service.
      await this.options.state.panels();
      this.ready = true;
      const shown = (d: Diagnostic) => formatDiagnostic({ ...d, file: relative(synced.root ?? synced.dir, d.file) });
      const manifests = await loadManifests({ dir: synced.dir, registry: this.options.registry, cache: this.manifestCache, ...(this.options.env ? { env: this.options.env } : {}) });
      seen.manifests = manifests;
      if (this.options.observe) for (const panel of manifests.panels) panel.policy = { ...panel.policy, mode: 'observe' };
      if (hasErrors(manifests.diagnostics)) return this.invalid(manifests.diagnostics.filter((d) => d.severity === 'error').map(shown), finish, log);
      this.reportNotifiers(manifests, log);
      const all = manifests.panels.map((p) => p.name);
      const mine = await this.leases.claim(all);
      this.status.leases = await this.leases.holders(all);
      metrics.setLeases(this.leases.replica, this.status.leases);
      // The same panel locks as `apply`: a CLI apply and the controller never write at once.
      const { run, changes, rollout } = await withPanelLocks(this.options.state, mine, { command: 'run', revision, replica: this.leases.replica }, { timeoutMs: LOCK_TIMEOUT_MS }, async (locks) => {
        const planned = await makePlan(manifests, { registry: this.options.registry, logger: log, onRequest: metrics.request }, { state: this.options.state, onlyPanels: new Set(mine) });
        planned.plan.warnings.push(...unbuiltNotifierWarnings(manifests));
        metrics.recordPlan(planned.plan);
        this.status.errors = [];
        // Who and what an apply records in history; nothing to apply asks git nothing.
        const history = async () => historyWriter(planned, await controllerProvenance({ root: synced.root ?? synced.dir, revision }, this.leases.replica), { env: this.options.env ?? process.env });
        const applied = countChanges(planned.plan) > 0 && !this.abort.signal.aborted
          ? await applyWithRollout(planned, { logger: log, signal: this.abort.signal, locks, ...(await history()) }, {
            manifests,
            deps: { registry: this.options.registry, logger: log, onRequest: metrics.request },
            planOptions: { state: this.options.state, onlyPanels: new Set(mine) },
            next: (_done, _pending, pauseSeconds) => this.pause(pauseSeconds),
          })
          : undefined;
        await Promise.all([...planned.contexts.values()].map((c) => c.connection.session.close?.()));
        return { run: planned, changes: applied?.changes, rollout: applied?.rollout };
      });
      if (changes) metrics.recordChanges(changes);
      if (changes?.entries.some((e) => e.result !== 'skipped')) this.status.applies = recordApplies(this.status.applies, changes, revision, new Date().toISOString());
      // The latest history from the state: a CLI apply or another replica shows up here too.
      // Read again only when this reconcile wrote some (or at the first): a file history can be long.
      if (changes || !this.status.history) this.status.history = await this.options.state.readHistory({ limit: HISTORY_SHOWN }).catch(() => this.status.history ?? []);
      this.status.lastGoodRevision = revision;
      this.status.panels = panelsFromPlan(run.plan, changes);
      this.status.rollout = rollout;
      if (rollout?.stoppedAt) log.error({ rollout: rollout.rollout, wave: rollout.stoppedAt.wave }, rolloutSummary(rollout) ?? 'rollout stopped');
      Object.assign(seen, { plan: run.plan, changes, rollout });
      const failedPanels = new Set([...run.plan.panels.filter((p) => p.error).map((p) => p.panel), ...(changes?.entries.filter((e) => e.result === 'failed').map((e) => e.operation.panel) ?? [])]);
      for (const p of run.plan.panels) {
        const result = failedPanels.has(p.panel) ? 'failed' : p.guards.length ? 'blocked' : 'succeeded';
        metrics.reconcileTotal.inc({ panel: p.panel, result });
        if (result === 'succeeded') {
          metrics.lastSuccess.set({ panel: p.panel }, Date.now() / 1000);
          this.lastSuccessAt.set(p.panel, new Date().toISOString());
        }
        const panelStatus = this.status.panels[p.panel];
        const lastSuccessAt = this.lastSuccessAt.get(p.panel);
        if (panelStatus && lastSuccessAt) panelStatus.lastSuccessAt = lastSuccessAt;
      }
      for (const p of run.plan.panels) {
        if (p.error) log.error({ panel: p.panel, err: p.error }, 'panel could not be observed: nothing planned or applied there');
        for (const g of p.guards) log.warn({ panel: p.panel, guard: g.guard, kind: g.kind }, `plan blocked by a guard, nothing applied: ${g.message}`);
      }
      const failedOps = changes?.entries.filter((e) => e.result === 'failed') ?? [];
      if (failedOps.length) log.error({ failed: failedOps.length, panels: [...new Set(failedOps.map((e) => e.operation.panel))] }, 'apply failed or partial');
      log.info({ changes: countChanges(run.plan), reason }, 'reconciled');
      return finish(failedPanels.size || rollout?.stoppedAt ? 'failed' : isBlocked(run.plan) ? 'blocked' : 'succeeded');
    } catch (err) {
      if (err instanceof ManifestError) return this.invalid(err.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic({ ...d, file: relative(this.sourceRoot ?? '', d.file) || d.file })), finish, logger);
      const message = err instanceof Error ? err.message : String(err);
      logger.error({ revision, err: message }, 'reconcile failed');
      this.status.errors = [message];
      metrics.reconcileTotal.inc({ panel: '', result: 'failed' });
      return finish('failed');
    } finally {
      this.options.notifier?.afterReconcile({ revision, result: this.status.lastReconcile?.result, errors: this.status.errors, ...seen });
    }
  }

  /** The Rollout's pause between waves; false when the controller is stopping meanwhile. */
  private async pause(seconds: number): Promise<boolean> {
    const signal = this.abort.signal;
    if (seconds > 0 && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, seconds * 1000);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
    return !signal.aborted;
  }

  /** A Notifier that cannot be built is reported (status, metric, log) and left out; the panels go on. */
  private reportNotifiers(manifests: ManifestSet, log: Logger): void {
    const unbuilt = manifests.unbuiltNotifiers ?? [];
    this.options.metrics.setNotifiers(manifests.notifiers.map((n) => n.name), unbuilt.map((n) => n.name));
    this.status.notifiers = Object.fromEntries([
      ...manifests.notifiers.map((n) => [n.name, { ready: true }] as const),
      ...unbuilt.map((n) => [n.name, { ready: false, error: `${n.reason} (${relative(this.sourceRoot ?? '', n.at) || n.at})` }] as const),
    ]);
    for (const n of unbuilt) log.warn({ notifier: n.name, at: n.at }, `Notifier not built, nothing is sent through it: ${n.reason}`);
  }

  private invalid(errors: string[], finish: (r: 'invalid') => ControllerStatus['lastReconcile'], log: Logger) {
    this.status.errors = errors;
    this.options.metrics.reconcileTotal.inc({ panel: '', result: 'invalid' });
    log.error({ errors: errors.slice(0, 20), count: errors.length }, 'manifests invalid: nothing applied, the last good revision stays');
    return finish('invalid');
  }
}
