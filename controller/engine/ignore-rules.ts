import type { DesiredObject, IgnoreRule, ObservedObject } from '../contract/panel.ts';
import { sameValue } from '../shared/canonical-json.ts';
import { glob } from './target.ts';
import type { ObjectNote } from './types.ts';


function valueAt(spec: Record<string, unknown>, path: readonly string[]): unknown {
  let cursor: unknown = spec;
  for (const p of path) cursor = cursor && typeof cursor === 'object' ? (cursor as Record<string, unknown>)[p] : undefined;
  return cursor;
}

/** A copy of `spec` with the value at `path` replaced; the original stays as loaded. */
function withValueAt(spec: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return spec;
  const inner = spec[head];
  const next = rest.length === 0 ? value : withValueAt(inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {}, rest, value);
  const out = { ...spec };
  if (next === undefined) delete out[head];
  else out[head] = next;
  return out;
}

/**
 * `policy.ignore` (like Argo CD's ignoreDifferences with RespectIgnoreDifferences, or
 * Terraform's ignore_changes): for an object that exists, an ignored field takes the panel's
 * value in the desired object itself, so the diff shows nothing and an update sends the panel's
 * value back. Creates keep the manifest's value. Each field left alone is a note in the plan.
 */
export function applyIgnoreRules(
  rules: readonly IgnoreRule[] | undefined,
  desired: DesiredObject[],
  observed: ReadonlyMap<string, readonly ObservedObject[]>,
  ref: (kind: string, key: string) => string,
): ObjectNote[] {
  if (!rules?.length) return [];
  const notes: ObjectNote[] = [];
  const live = new Map<string, ObservedObject>();
  for (const [kind, list] of observed) for (const o of list) live.set(ref(kind, o.key), o);
  const compiled = rules.map((r) => ({ ...r, path: r.field.split('.'), names: r.name ? glob(r.name) : undefined }));
  desired.forEach((d, i) => {
    const o = live.get(ref(d.kind, d.key));
    if (!o) return;
    let spec = d.spec;
    for (const rule of compiled) {
      if (rule.kind !== d.kind || (rule.names && !rule.names.test(d.key))) continue;
      const want = valueAt(spec, rule.path);
      const have = valueAt(o.spec, rule.path);
      if (want === undefined || sameValue(want, have)) continue;
      if (rule.when && !rule.when.some((v) => sameValue(v, have ?? null))) continue;
      spec = withValueAt(spec, rule.path, have);
      notes.push({ kind: d.kind, key: d.key, message: `${rule.field}: left as the panel has it (${JSON.stringify(have ?? null)}; the manifest says ${JSON.stringify(want)}): policy.ignore` });
    }
    if (spec !== d.spec) desired[i] = { ...d, spec };
  });
  return notes;
}
