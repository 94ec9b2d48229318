/**
 * The target adapters by panel type. Adding a panel type to the fleet is one adapter file
 * and one line here.
 */
import type { PanelType } from '../../contract/panel.ts';
import type { TargetAdapter } from './adapter.ts';
import { marzbanTarget } from './marzban.ts';
import { xuiTarget } from './3x-ui.ts';
import { pasarguardTarget } from './pasarguard.ts';
import { remnawaveTarget } from './remnawave.ts';

export const TARGETS: ReadonlyMap<PanelType, TargetAdapter> = new Map<PanelType, TargetAdapter>([
  ['marzban', marzbanTarget],
  ['3x-ui', xuiTarget],
  ['pasarguard', pasarguardTarget],
  ['remnawave', remnawaveTarget],
]);

/** Every placement field any panel type reads (the first definition of a name wins). */
export function placementFields(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const adapter of TARGETS.values()) for (const [name, schema] of Object.entries(adapter.placementFields)) out[name] ??= schema;
  return out;
}
