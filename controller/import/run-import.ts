import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { connectPanel, type ConnectDeps } from '../engine/connect.ts';
import type { TargetFilter } from '../engine/target.ts';
import type { ManifestSet } from '../manifest/load.ts';
import type { KindDescriptor, PanelConfig, Spec } from '../providers/types.ts';
import type { StateBackend } from '../state/backend.ts';
import { contentHash } from '../shared/canonical-json.ts';
import { documentSchema } from '../manifest/document-schemas.ts';
import { SchemaValidator } from '../manifest/validator.ts';
import { compact } from '../contract/export-units.ts';
import { kindListJson, kindListYaml, listFileStem, type ExportedObject } from './write-manifest.ts';

/** The published schemas of this installation (a clone or the installed package), for editors' modelines. */
const SCHEMAS = join(import.meta.dirname, '..', '..', 'schemas');

/** Above this many objects of a kind, import writes JSON instead of YAML. */
const JSON_FROM = 5000;

export interface ImportOptions {
  panel: PanelConfig;
  manifests: ManifestSet;
  out: string;
  state: StateBackend;
  kinds?: readonly string[];
  target?: TargetFilter | undefined;
  /** Keys to read on panels that cannot list a kind (OpenPanel accounts). */
  names?: readonly string[];
  adopt: boolean;
  now?: () => Date;
  progress?: (line: string) => void;
}

export interface ImportResult {
  files: string[];
  counts: Record<string, number>;
  skipped: number;
  /** Objects that already had a manifest but no owner: adopted without writing a file. */
  adoptedInPlace: number;
}

function recordedAtImport(kind: KindDescriptor, exported: Spec): Record<string, unknown> | undefined {
  if (!kind.recordedAtImport) return undefined;
  const spec = kind.normalize ? kind.normalize(exported) : exported;
  const picked = Object.fromEntries((kind.recordedAtImport ?? []).filter((f) => spec[f] !== undefined).map((f) => [f, spec[f]]));
  return Object.keys(picked).length ? picked : undefined;
}

/**
 * Reads a panel's live objects and writes them as manifests that plan no change when
 * applied back; records them as adopted (owned from now on) unless told not to. Objects
 * that already have a manifest are left to it.
 */
export async function runImport(options: ImportOptions, deps: ConnectDeps): Promise<ImportResult> {
  const { panel } = options;
  const connection = await connectPanel(panel, deps);
  const { inventory } = await options.state.snapshot(panel.name);
  inventory.type = panel.type;
  const now = (options.now?.() ?? new Date()).toISOString();
  const described = new Set(options.manifests.objects.filter((o) => o.panel === panel.name).map((o) => `${o.kind}/${o.key.toLowerCase()}`));
  const result: ImportResult = { files: [], counts: {}, skipped: 0, adoptedInPlace: 0 };
  const validator = new SchemaValidator();
  await mkdir(options.out, { recursive: true });

  for (const kind of [...connection.provider.kinds].sort((a, b) => a.order - b.order)) {
    if (options.kinds?.length && !options.kinds.includes(kind.kind)) continue;
    const keys = new Set([...(options.names ?? []), ...inventory.keys(kind.kind), ...((await connection.session.discover?.(kind.kind)) ?? [])]);
    const live = await connection.session.list(kind.kind, keys);
    const exported: ExportedObject[] = [];
    for (const o of live) {
      if (options.target && !options.target(panel.name, kind.kind, o.key)) continue;
      if (described.has(`${kind.kind}/${o.key.toLowerCase()}`)) {
        // Its manifest is there already (e.g. after `state forget`): import adopts it, and the
        // next plan shows what the manifest would change. Nothing is written for it.
        if (options.adopt && !inventory.owns(kind.kind, o.key)) {
          inventory.record(kind.kind, o.key, { specHash: contentHash(o.spec), adopted: true, ...(o.id !== undefined ? { id: o.id } : {}) }, now);
          result.adoptedInPlace += 1;
        } else result.skipped += 1;
        continue;
      }
      const spec = kind.exportSpec ? kind.exportSpec(o) : compact(o.spec);
      // An object no manifest could describe (e.g. a 3x-ui client on no inbound) is reported, not written.
      const issues = validator.validate(documentSchema(kind), { apiVersion: kind.apiVersion, kind: kind.kind, metadata: { name: o.key }, spec });
      if (issues.length > 0) {
        options.progress?.(`${kind.kind}/${o.key}: not imported (${issues.map((i) => `/${i.path.join('/')}: ${i.message}`).join('; ')})`);
        result.skipped += 1;
        continue;
      }
      exported.push({ key: o.key, spec });
      // The recorded fields as the import saw them live: what later readings are judged against
      // (a 3x-ui delayed start seen at import that has since begun is no drift, 3x-ui.md §12.11).
      const seen = recordedAtImport(kind, spec);
      if (options.adopt) inventory.record(kind.kind, o.key, { specHash: contentHash(o.spec), adopted: true, ...(o.id !== undefined ? { id: o.id } : {}), ...(seen ? { applied: seen } : {}) }, now);
    }
    result.counts[kind.kind] = exported.length;
    options.progress?.(`${kind.kind}: ${exported.length} imported`);
    if (exported.length === 0) continue;
    // Large kinds are written as JSON: it loads about ten times faster than YAML at this size.
    const asJson = exported.length > JSON_FROM;
    const file = join(options.out, `${listFileStem(panel.name, kind.kind)}.${asJson ? 'json' : 'yaml'}`);
    const schema = relative(options.out, join(SCHEMAS, panel.type, `${kind.kind}List.json`));
    await writeFile(file, asJson ? kindListJson(kind, exported) : kindListYaml(panel.name, kind, exported, now, schema));
    result.files.push(file);
  }
  await connection.session.close?.();
  if (options.adopt) await options.state.saveInventory(inventory);
  return result;
}
