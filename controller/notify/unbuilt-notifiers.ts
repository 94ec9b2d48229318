import type { ManifestSet } from '../manifest/manifest-set.ts';

/**
 * The plan's warnings for Notifiers that could not be built (a variable not set where this
 * runs): the plan, `/status` and the log say so, and everything else goes on without them.
 */
export function unbuiltNotifierWarnings(manifests: Pick<ManifestSet, 'unbuiltNotifiers'>): string[] {
  return (manifests.unbuiltNotifiers ?? []).map((n) => `Notifier "${n.name}" (${n.at}) is not built, nothing is sent through it: ${n.reason}`);
}
