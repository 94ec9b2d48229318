/**
 * What the engine asks of the fleet layer (controller/fleet/), without knowing it: subscribers
 * whose keys come from another panel's live object are settled once that panel is read, the
 * plan is reviewed (credential guard, per-panel counts), and apply runs credential sources first.
 */
import type { DesiredObject, ObservedObject, PanelSession } from './panel.ts';
import type { PanelPlan, Plan, PlannedOperation } from './plan.ts';

/** One panel as planning read it. */
export interface FleetPanelView {
  panel: string;
  desired: readonly DesiredObject[];
  observed: ReadonlyMap<string, readonly ObservedObject[]>;
  session: PanelSession;
}

export interface FleetPlanHooks {
  /** The panels this run plans; credentials from any other panel cannot be read. */
  begin(panels: readonly string[]): void;
  /** A panel was read: its own objects whose keys come from other panels are settled (waits for those panels). */
  observed(view: FleetPanelView): Promise<void>;
  /** A panel could not be read. */
  failed(panel: string): void;
  /** The finished plan: credential guard, carry-over notes, per-panel subscriber counts. */
  review(plan: Plan): void;
  /** Apply: groups of panels, one after another (panels that create keys for others first). */
  stages(panels: readonly PanelPlan[]): PanelPlan[][];
  /** Apply, before a stage: copies keys created by earlier stages; operations that cannot go yet are taken out and returned. */
  settle(stage: readonly PanelPlan[]): Promise<Array<{ operation: PlannedOperation; reason: string }>>;
}

export interface FleetRuntime {
  planHooks(options: { allowCredentialChanges: boolean }): FleetPlanHooks;
}
