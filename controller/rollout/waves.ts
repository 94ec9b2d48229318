import type { LabelSelector, RolloutConfig } from './rollout-kind.ts';

export interface Wave {
  name: string;
  panels: string[];
}

/** The wave panels no selector picks up; it is last. */
export const REST_WAVE = 'rest';

const selects = (selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean =>
  Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

/**
 * Orders panels into the Rollout's waves: each panel in the first wave that selects it, the
 * rest in a last wave. Waves that select no panel are left out. Pure: only names and labels.
 */
export function assignWaves(rollout: RolloutConfig, panels: ReadonlyArray<{ name: string; labels?: Readonly<Record<string, string>> | undefined }>): Wave[] {
  const placed = new Set<string>();
  const waves: Wave[] = rollout.waves.map((w) => {
    const members = panels.filter((p) => !placed.has(p.name) && selects(w.selector, p.labels ?? {})).map((p) => p.name);
    for (const m of members) placed.add(m);
    return { name: w.name, panels: members };
  });
  const rest = panels.filter((p) => !placed.has(p.name)).map((p) => p.name);
  if (rest.length) waves.push({ name: REST_WAVE, panels: rest });
  return waves.filter((w) => w.panels.length > 0);
}

export const describeWave = (w: Wave): string => `wave ${w.name} (${w.panels.join(', ')})`;
