/**
 * `import --panel OLD --kind Subscriber`: the live users of a panel as subscribers whose keys
 * come from OLD, each placed on OLD as it is. `--place-on NEW=tags` adds a Placement that puts
 * every imported subscriber on NEW too; the next plan lists what does not carry over.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Document } from 'yaml';
import { WRITE_OPTIONS } from '../import/yaml-write-options.ts';
import { bytesOut, secondsOut } from '../contract/export-units.ts';
import type { PanelConfig, Spec } from '../contract/panel.ts';
import { connectPanel, type ConnectDeps } from '../engine/connect.ts';
import type { TargetFilter } from '../engine/target.ts';
import type { ManifestSet } from '../manifest/manifest-set.ts';
import { PANEL_API_VERSION } from '../manifest/panel-kind.ts';
import { contentHash } from '../shared/canonical-json.ts';
import type { StateBackend } from '../state/backend.ts';
import { isFleetObject } from './fleet-object.ts';
import type { SubscriberFields } from './targets/adapter.ts';
import { TARGETS } from './targets/index.ts';

export interface SubscriberImportOptions {
  panel: PanelConfig;
  manifests: ManifestSet;
  out: string;
  state: StateBackend;
  target?: TargetFilter | undefined;
  adopt: boolean;
  /** `NEW=tag,tag` (Marzban: `NEW=vless:TAG,trojan:TAG`): a Placement of every imported subscriber on NEW. */
  placeOn: readonly string[];
  now?: () => Date;
  progress?: (line: string) => void;
}

/** Bad options, named before anything is read or written. */
export class SubscriberImportError extends Error {}

export interface SubscriberImportResult {
  files: string[];
  imported: number;
  skipped: number;
}

/** The label every imported subscriber carries, which `--place-on` Placements select. */
export const IMPORTED_FROM = 'imported-from';

export async function importSubscribers(options: SubscriberImportOptions, deps: ConnectDeps): Promise<SubscriberImportResult> {
  const { panel } = options;
  const adapter = TARGETS.get(panel.type);
  if (!adapter) throw new SubscriberImportError(`subscribers cannot be imported from panel ${panel.name}: type ${panel.type} has no subscriber mapping (supported: ${[...TARGETS.keys()].join(', ')})`);
  const placements = options.placeOn.map((p) => placementOn(p, options.manifests.panels, panel.name));
  const connection = await connectPanel(panel, deps);
  const { inventory } = await options.state.snapshot(panel.name);
  inventory.type = panel.type;
  const now = (options.now?.() ?? new Date()).toISOString();
  const described = new Set(options.manifests.objects.filter((o) => o.panel === panel.name && (isFleetObject(o) || o.kind === adapter.kind)).map((o) => o.key));
  const live = await connection.session.list(adapter.kind, new Set(inventory.keys(adapter.kind)));
  await connection.session.close?.();
  const items: Spec[] = [];
  let skipped = 0;
  for (const o of live) {
    if (options.target && !options.target(panel.name, adapter.kind, o.key)) continue;
    if (described.has(o.key)) {
      skipped += 1;
      continue;
    }
    const { fields, placement, refused, lost } = adapter.fromLive(o);
    if (refused.length) {
      options.progress?.(`${adapter.kind}/${o.key}: not imported (${refused.map((r) => `${r.field}: ${r.reason}`).join('; ')})`);
      skipped += 1;
      continue;
    }
    if (lost.length) options.progress?.(`${adapter.kind}/${o.key}: stays on ${panel.name} only, not in the subscriber: ${lost.join('; ')}`);
    items.push({ name: o.key, ...manifestFields(fields), placements: [{ panel: panel.name, ...placement }] });
    if (options.adopt) inventory.record(adapter.kind, o.key, { specHash: contentHash(o.spec), adopted: true, ...(o.id !== undefined ? { id: o.id } : {}) }, now);
  }
  await mkdir(options.out, { recursive: true });
  const files: string[] = [];
  if (items.length) {
    // The placement most users share is written once, as a default: a list item repeats only its own.
    const shared = mostCommon(items.map((i) => JSON.stringify(i.placements)));
    const defaults: Spec = { credentials: { from: panel.name }, ...(shared ? { placements: JSON.parse(shared) as unknown } : {}) };
    for (const item of items) if (JSON.stringify(item.placements) === shared) delete item.placements;
    const metadata = { name: `imported-from-${panel.name}`, labels: { [IMPORTED_FROM]: panel.name } };
    // Large lists as JSON, one item per line: it loads many times faster than YAML (as `import` does for every kind).
    const asJson = items.length > JSON_FROM;
    const file = join(options.out, `${panel.name}-subscribers.${asJson ? 'json' : 'yaml'}`);
    if (asJson) {
      const head = JSON.stringify({ apiVersion: PANEL_API_VERSION, kind: 'SubscriberList', metadata, spec: { defaults } });
      await writeFile(file, `${head.slice(0, -2)},\n  "items": [\n${items.map((i) => `    ${JSON.stringify(i)}`).join(',\n')}\n  ]}}\n`);
    } else {
      const list = new Document({ apiVersion: PANEL_API_VERSION, kind: 'SubscriberList', metadata, spec: { defaults, items } }, WRITE_OPTIONS);
      list.commentBefore = ` Imported from panel ${panel.name} by "panelops import --kind Subscriber" at ${now}.\n Keys are never written: they stay on ${panel.name}, and every other placement copies them.`;
      await writeFile(file, list.toString({ lineWidth: 0 }));
    }
    files.push(file);
  }
  for (const p of placements) {
    const file = join(options.out, `${panel.name}-subscribers-on-${p.panel}.yaml`);
    const doc = new Document({ apiVersion: PANEL_API_VERSION, kind: 'Placement', metadata: { name: `${panel.name}-subscribers-on-${p.panel}` }, spec: { selector: { matchLabels: { [IMPORTED_FROM]: panel.name } }, ...p } }, WRITE_OPTIONS);
    await writeFile(file, doc.toString({ lineWidth: 0 }));
    files.push(file);
  }
  if (options.adopt) await options.state.saveInventory(inventory);
  return { files, imported: items.length, skipped };
}

/** Above this many subscribers, import writes JSON. */
const JSON_FROM = 5000;

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  let best: string | undefined;
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (!best || n > (counts.get(best) ?? 0)) best = v;
  }
  return best;
}

function manifestFields(f: Omit<SubscriberFields, 'name'>): Spec {
  const out: Spec = {};
  if (f.dataLimit !== undefined) out.dataLimit = bytesOut(f.dataLimit);
  if (f.dataLimitReset !== undefined) out.dataLimitReset = f.dataLimitReset;
  if (f.expire !== undefined) out.expire = typeof f.expire === 'object' ? { afterFirstUse: secondsOut(f.expire.afterFirstUse) } : f.expire;
  if (f.status !== undefined) out.status = f.status;
  if (f.note) out.note = f.note;
  return out;
}

/** `NEW=name,name` (3x-ui inbound tags, PasarGuard groups, Remnawave squads), or for a Marzban panel `NEW=vless:TAG,trojan:TAG`, as a placement. */
function placementOn(text: string, panels: readonly PanelConfig[], from: string): Spec & { panel: string } {
  const at = text.indexOf('=');
  const name = at < 0 ? text : text.slice(0, at);
  const tags = at < 0 ? [] : text.slice(at + 1).split(',').map((t) => t.trim()).filter(Boolean);
  const panel = panels.find((p) => p.name === name);
  if (!panel) throw new SubscriberImportError(`--place-on ${text}: panel "${name}" has no Panel manifest (defined: ${panels.map((p) => p.name).join(', ')})`);
  if (name === from) throw new SubscriberImportError(`--place-on ${text}: the subscribers are already placed on ${from}`);
  if (tags.length === 0) throw new SubscriberImportError(`--place-on ${text}: name the inbounds on ${name}, e.g. ${name}=vless-reality`);
  const field = TARGETS.get(panel.type)?.placeOnField;
  if (field) return { panel: name, [field]: tags };
  const byProtocol: Record<string, string[]> = {};
  for (const t of tags) {
    const colon = t.indexOf(':');
    if (colon < 1) throw new SubscriberImportError(`--place-on ${text}: a Marzban panel takes protocol:tag, e.g. vless:VLESS TCP REALITY`);
    (byProtocol[t.slice(0, colon)] ??= []).push(t.slice(colon + 1));
  }
  return { panel: name, inbounds: byProtocol };
}
