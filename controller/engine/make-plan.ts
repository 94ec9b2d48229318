import type { ManifestSet } from '../manifest/load.ts';
import { objectRef } from './object-ref.ts';
import { ManifestError, hasErrors, type Diagnostic } from '../manifest/diagnostics.ts';
import { checkLiveReferences } from '../manifest/references.ts';
import { entryKey, splitEntryKey } from '../inventory/types.ts';
import { StateError, type JournalOp, type StateBackend } from '../state/backend.ts';
import type { DesiredObject, PanelConfig, PanelFacts } from '../providers/types.ts';
import { connectPanel, type ConnectDeps } from './connect.ts';
import type { EarlyPanel, EarlyReads } from './early-reads.ts';
import { checkFacts, observePanel } from './observe.ts';
import { checkCreateRequirements } from './create-requirements.ts';
import { planPanel } from './plan.ts';
import type { TargetFilter } from './target.ts';
import { applyIgnoreRules } from './ignore-rules.ts';
import type { PanelContext } from './panel-context.ts';
import { settleIntents } from './settle-intents.ts';
import type { FleetPlanHooks } from '../contract/fleet-hooks.ts';
import { PLAN_FORMAT_VERSION, type ObjectNote, type PanelPlan, type Plan } from './types.ts';

export interface PlanOptions {
  state: StateBackend;
  target?: TargetFilter | undefined;
  allowDeletes?: number;
  now?: () => Date;
  /** Plan only these panels (a controller replica's share); the others are left to their holders. */
  onlyPanels?: ReadonlySet<string> | undefined;
  /** Subscribers whose live keys differ from the fleet's may be re-keyed in this run (--allow-credential-changes). */
  allowCredentialChanges?: boolean;
  /** Panel reads started while the manifests were validated (plan and apply of a large set). */
  early?: EarlyReads | undefined;
}

/** Everything apply needs besides the plan itself, per panel. */
export type { PanelContext } from './panel-context.ts';

export interface PlanRun {
  plan: Plan;
  contexts: Map<string, PanelContext>;
  state: StateBackend;
  /** Subscribers (controller/fleet/): apply runs credential sources first. */
  fleet?: FleetPlanHooks | undefined;
}

/**
 * load → observe → diff → plan → guard, for every panel in parallel. Performs reads only.
 * A panel that cannot be observed gets an `error` and no operations, so nothing is pruned
 * on the strength of a partial read.
 */
export async function makePlan(manifests: ManifestSet, deps: ConnectDeps, options: PlanOptions): Promise<PlanRun> {
  const store = options.state;
  const plan: Plan = {
    formatVersion: PLAN_FORMAT_VERSION,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    source: manifests.dir,
    panels: [],
    warnings: [],
  };
  const contexts = new Map<string, PanelContext>();
  if (hasErrors(manifests.diagnostics)) throw new ManifestError(manifests.diagnostics);
  await guardEmptySource(manifests, store, plan);
  if (plan.panels.length > 0) return { plan, contexts, state: store };

  const inScope = (o: { panel: string; kind: string; key: string }) => !options.target || options.target(o.panel, o.kind, o.key);
  const byPanel = new Map<string, DesiredObject[]>(manifests.panels.map((p) => [p.name, []]));
  for (const o of manifests.objects) if (inScope(o)) byPanel.get(o.panel)?.push(o);
  // Each panel is planned as soon as it is read, while slower panels are still answering.
  // The plans are used only if the live checks below find nothing wrong.
  const panels = options.onlyPanels ? manifests.panels.filter((p) => options.onlyPanels?.has(p.name)) : manifests.panels;
  const fleet = manifests.fleet?.planHooks({ allowCredentialChanges: options.allowCredentialChanges ?? false });
  fleet?.begin(panels.map((p) => p.name));
  // What each panel's live checks found, told in the order of the Panels whatever order the panels answered in.
  const liveFindings = new Map<string, Diagnostic[]>();
  const results = await Promise.all(
    panels.map(async (panel): Promise<PanelPlan> => {
      try {
        const ctx = await preparePanel(panel, byPanel.get(panel.name) ?? [], deps, store, options.target, options.early?.take(panel));
        contexts.set(panel.name, ctx);
        // Checked as soon as this panel is read, while slower panels are still answering.
        liveFindings.set(panel.name, checkLive(manifests, ctx));
        await fleet?.observed({ panel: panel.name, desired: ctx.desired, observed: ctx.observed, session: ctx.connection.session });
        return await planPrepared(ctx, options.allowDeletes ?? 0, plan.createdAt);
      } catch (err) {
        fleet?.failed(panel.name);
        // Damaged state is no panel failure: the whole run stops and names the state.
        if (err instanceof ManifestError || err instanceof StateError) throw err;
        return errorPlan(panel, err);
      }
    }),
  );
  const observedKeys = (panelName: string, kind: string) => {
    const list = contexts.get(panelName)?.observed.get(kind);
    return list ? new Set(list.map((o) => o.key)) : undefined;
  };
  checkLiveReferences(manifests, manifests.openReferences, observedKeys);
  for (const panel of panels) manifests.diagnostics.push(...(liveFindings.get(panel.name) ?? []));
  if (hasErrors(manifests.diagnostics)) throw new ManifestError(manifests.diagnostics);

  plan.panels.push(...results);
  fleet?.review(plan);
  await warnAboutOrphanedState(manifests, store, plan);
  return { plan, contexts, state: store, fleet };
}

async function planPrepared(ctx: PanelContext, allowDeletes: number, now: string): Promise<PanelPlan> {
  const { settled, disproved } = settleIntents(ctx, now);
  const claimed = new Set(ctx.touched.filter((op) => op.action === 'create' || op.action === 'adopt').map((op) => entryKey(op.kind, op.key)));
  const plan = await planPanel({
    panel: ctx.connection.panel,
    kinds: ctx.connection.provider.kinds,
    desired: ctx.desired,
    observed: ctx.observed,
    inventory: ctx.inventory,
    claimed,
    disproved,
    allowDeletes,
    target: ctx.target,
    facts: ctx.facts,
  });
  plan.notes.push(...(ctx.ignored ?? []), ...settled.map(settledNote));
  ctx.retainedClaims = claimsToRetain(ctx);
  return plan;
}

/** What only the live panel can tell of its manifests (facts, folded names, create requirements), as diagnostics. */
function checkLive(manifests: ManifestSet, ctx: PanelContext): Diagnostic[] {
  return [...checkFacts(manifests, ctx), ...checkCreateRequirements(manifests, ctx)];
}

function settledNote(ref: string): ObjectNote {
  const { kind, key } = splitEntryKey(ref);
  return { kind, key, message: 'owned: a run that died before saving its state created it (the panel has exactly what that run sent)' };
}

/**
 * Journal claims that stay open after an apply: objects on the panel that only an unsettled
 * intent claims and no manifest names. They are never deleted on that claim, and they stay
 * reported in every plan until the operator settles them (`state forget`, or a manifest).
 */
function claimsToRetain(ctx: PanelContext): JournalOp[] {
  const claims = ctx.touched.filter((op) => op.action === 'create' || op.action === 'adopt');
  // Nearly every plan has none: the sets below would index every object (0.36 s at 200,000).
  if (claims.length === 0) return [];
  const ref = objectRef(ctx.connection.provider.kinds);
  const desired = new Set(ctx.desired.map((d) => ref(d.kind, d.key)));
  const live = new Set([...ctx.observed.values()].flat().map((o) => ref(o.kind, o.key)));
  const seen = new Set<string>();
  return claims.filter((op) => {
    const r = ref(op.kind, op.key);
    if (seen.has(r)) return false;
    seen.add(r);
    return live.has(r) && !desired.has(r) && !ctx.inventory.owns(op.kind, op.key) && (!ctx.target || ctx.target(ctx.connection.panel.name, op.kind, op.key));
  });
}

async function preparePanel(
  panel: PanelConfig,
  desired: DesiredObject[],
  deps: ConnectDeps,
  store: StateBackend,
  target: TargetFilter | undefined,
  early?: EarlyPanel,
): Promise<PanelContext> {
  // State is read while the panel answers: a large inventory takes as long to parse as a page.
  const loading = store.snapshot(panel.name);
  loading.catch(() => undefined); // awaited below; not an unhandled rejection if connecting fails first
  let connection: Awaited<ReturnType<typeof connectPanel>>;
  let facts: PanelFacts | undefined;
  let observed: Awaited<ReturnType<typeof observePanel>>;
  try {
    connection = await (early?.connection ?? connectPanel(panel, deps));
    const reads = early ? await early.reads : { facts: await connection.session.facts(), lists: undefined };
    facts = reads.facts;
    const claims = loading.then((s) => s.touched);
    claims.catch(() => undefined); // read only for kinds that are not listed whole; a damaged state is reported below
    observed = await observePanel(connection, desired, loading.then((s) => s.inventory), target, claims, reads.lists);
  } catch (err) {
    // The state read started beside the panel's: it ends before the plan does, so nothing of this
    // run still touches the state directory once the command has returned (a panel refused at login).
    await loading.catch(() => undefined);
    throw err;
  }
  const { inventory, touched } = await loading;
  inventory.type = panel.type;
  const ignored = applyIgnoreRules(panel.policy.ignore, desired, observed, objectRef(connection.provider.kinds));
  return { connection, desired, observed, inventory, journal: store.journal(panel.name), touched, target, facts, ignored };
}

function errorPlan(panel: PanelConfig, err: unknown): PanelPlan {
  return {
    panel: panel.name,
    type: panel.type,
    mode: panel.policy.mode,
    operations: [],
    notes: [],
    managed: {},
    unmanaged: {},
    guards: [],
    error: err instanceof Error ? err.message : String(err),
  };
}

/**
 * No manifests at all while state says panelops owns objects: refuse before contacting any
 * panel. A directory that vanished (a bad checkout, a wrong path) must never read as "delete everything".
 */
async function guardEmptySource(manifests: ManifestSet, store: StateBackend, plan: Plan): Promise<void> {
  if (manifests.panels.length > 0 || manifests.objects.length > 0) return;
  for (const name of await store.panels()) {
    const { inventory } = await store.snapshot(name);
    if (inventory.count() === 0) continue;
    plan.panels.push({
      panel: name,
      type: (inventory.type as PanelPlan['type'] | undefined) ?? 'unknown',
      mode: 'manage',
      operations: [],
      notes: [],
      managed: {},
      unmanaged: {},
      guards: [
        {
          panel: name,
          guard: 'empty-source',
          message: `no manifests found in ${manifests.dir}, but panelops owns ${inventory.count()} objects on panel ${name}: refusing to prune them all (check the path)`,
        },
      ],
    });
  }
}

async function warnAboutOrphanedState(manifests: ManifestSet, store: StateBackend, plan: Plan): Promise<void> {
  const defined = new Set(manifests.panels.map((p) => p.name));
  for (const name of await store.panels()) {
    if (defined.has(name)) continue;
    const { inventory } = await store.snapshot(name);
    if (inventory.count() > 0) plan.warnings.push(`panel ${name} has ${inventory.count()} owned objects in state but no Panel manifest: nothing is changed or pruned there`);
  }
}
