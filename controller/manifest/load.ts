import { keyIdentity, sameKeyReason } from '../contract/key-identity.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ProviderCatalog } from '../contract/panel.ts';
import type { DesiredObject, PanelConfig } from '../contract/panel.ts';
import { pointerOf, type Diagnostic } from './diagnostics.ts';
import { documentToObjects, type DiagnosticAt, type RawObject } from './documents-to-objects.ts';
import { buildPanel } from './build-panel.ts';
import { checkDuplicatePanels, resolvePanel } from './panel-resolution.ts';
import { addNotifier } from './build-notifier.ts';
import { LoadedObject, namePathOf } from './desired-object.ts';
import { PANEL_API_VERSION } from './panel-kind.ts';
import { checkStaticReferences } from './references.ts';
import type { ManifestSet } from './manifest-set.ts';
import { extractSecrets } from './extract-secrets.ts';
import { SchemaValidator } from './validator.ts';
import { manifestLimitsFrom, type ManifestLimits } from './manifest-limits.ts';
import { readManifestDocuments } from './read-manifest-documents.ts';
import type { BuiltObjects, ManifestCache } from './manifest-cache.ts';
import { UNRESOLVED, type SecretSource } from './secrets.ts';
import { checkChangedNotifier, checkRestatedPanel, readTrustedPanels, untrustedRefPolicy, type UntrustedChange } from './trusted-panels.ts';
import type { SourceDocument } from './yaml-documents.ts';
import { EARLY_READS_FROM_BYTES, startEarlyReads, type PanelsReady } from './early-panels.ts';
import { OBJECTS_PER_TURN, yieldToEventLoop } from '../shared/yield-to-event-loop.ts';
import { expandFleet } from '../fleet/expand.ts';
import { FleetObject } from '../fleet/fleet-object.ts';
import { FLEET_KINDS } from '../fleet/subscriber-kind.ts';
import { fleetRuntime } from '../fleet/plan-hooks.ts';
import { buildRollout } from '../rollout/rollout-kind.ts';

export type { ManifestSet, OpenReference } from './manifest-set.ts';
export { EARLY_READS_FROM_BYTES } from './early-panels.ts';

export interface LoadOptions {
  dir: string;
  registry: ProviderCatalog;
  env?: NodeJS.ProcessEnv;
  /** Manifests of an unreviewed change: Panels only from a trusted directory, object refs restricted. */
  untrusted?: UntrustedChange | undefined;
  /** `validate`: shapes only where a variable is unset, as `terraform validate` (plan and apply resolve every ref). */
  checkOnly?: boolean | undefined;
  /** Size and object limits; by default from the PANELOPS_MAX_* variables of `env`. */
  limits?: ManifestLimits;
  /** The controller's memory of files it has read: unchanged files are not parsed or validated again. */
  cache?: ManifestCache | undefined;
  /**
   * Told the Panels as soon as they are known, while a large set (EARLY_READS_FROM_BYTES of
   * files or more) is still being parsed and validated, so their reads can start; never after a
   * file failed to parse, nor for an unreviewed change. Nothing may be written before the load ends.
   */
  onPanelsReady?: PanelsReady | undefined;
}

const validator = new SchemaValidator();

/**
 * Reads every manifest below a directory and turns it into panels and desired objects.
 * Never throws for bad input: every problem becomes a diagnostic with file, line and field.
 */
export async function loadManifests(options: LoadOptions): Promise<ManifestSet> {
  const dir = resolve(options.dir);
  const diagnostics: Diagnostic[] = [];
  const set: ManifestSet = {
    dir,
    panels: [],
    notifiers: [],
    unbuiltNotifiers: [],
    objects: [],
    diagnostics,
    files: [],
    empty: true,
    openReferences: [],
    locate: (object, specPath) => {
      if (object instanceof FleetObject) return object.locate(specPath);
      if (!(object instanceof LoadedObject)) return { ...object.source, pointer: '' };
      const path = object.specPath(specPath);
      return { file: object.doc.file, ...object.doc.position(path), pointer: pointerOf(path) };
    },
    locateName: (object) => {
      if (object instanceof FleetObject) return object.locate([]);
      if (!(object instanceof LoadedObject)) return { ...object.source, pointer: '' };
      const path = object.namePath();
      return { file: object.doc.file, ...object.doc.position(path), pointer: pointerOf(path) };
    },
  };
  const env = options.env ?? process.env;
  const limits = options.limits ?? manifestLimitsFrom(env);
  const trusted = options.untrusted
    ? await readTrustedPanels(options.untrusted, limits, (doc, secrets) => buildPanel(doc, options.registry, validator, secrets, reportAt(diagnostics)), env, diagnostics)
    : undefined;
  if (trusted) set.panels.push(...trusted.panels);
  if (!existsSync(dir)) return set;

  const cache = options.cache;
  const panelSecrets: SecretSource = { env, baseDir: dir, unsetEnvAllowed: options.checkOnly };
  const onPanelsReady = options.untrusted ? undefined : options.onPanelsReady;
  const earlyDocuments = onPanelsReady && {
    fromBytes: EARLY_READS_FROM_BYTES,
    ready: (documents: readonly SourceDocument[]) => startEarlyReads(documents, options.registry, validator, panelSecrets, onPanelsReady),
  };
  const read = await readManifestDocuments(dir, limits, cache, earlyDocuments);
  set.files = read.files;
  set.empty = read.documents.length === 0 && read.diagnostics.length === 0;
  diagnostics.push(...read.diagnostics);
  const report = reportAt(diagnostics);
  const secretSource: SecretSource = { env, baseDir: dir, refuse: options.untrusted ? untrustedRefPolicy(options.untrusted.allowEnv) : undefined, unsetEnvAllowed: options.checkOnly };

  const early = read.early;

  const raws: RawObject[] = [];
  const fleetDocuments: SourceDocument[] = [];
  for (const doc of read.documents) {
    if (early) await yieldToEventLoop();
    const head = (cache ? cache.head(doc) : doc.value) as { apiVersion?: unknown; kind?: unknown };
    if (typeof head !== 'object' || typeof head.apiVersion !== 'string' || typeof head.kind !== 'string') {
      report(doc, [], 'not a panelops manifest: a document needs apiVersion, kind, metadata and spec');
      continue;
    }
    if (head.apiVersion === PANEL_API_VERSION) {
      // An unreviewed change is planned, never notified from: its Notifiers are checked, their secrets not read.
      if (head.kind === 'Notifier') {
        addNotifier(set.notifiers, doc, validator, options.untrusted ? undefined : secretSource, report, set.unbuiltNotifiers);
        if (trusted) checkChangedNotifier(doc, trusted.notifiers, env, report);
      }
      else if (FLEET_KINDS.has(head.kind)) fleetDocuments.push(doc);
      else if (head.kind === 'Rollout') set.rollout = buildRollout(doc, validator, report, set.rollout);
      else if (head.kind !== 'Panel') report(doc, ['kind'], `unknown kind "${head.kind}" for ${PANEL_API_VERSION} (known: Panel, Notifier, Rollout, ${[...FLEET_KINDS].join(', ')})`);
      else if (trusted && options.untrusted) checkRestatedPanel(doc, trusted.byName, options.untrusted.trustedPanelsDir, report);
      else {
        const panel = buildPanel(doc, options.registry, validator, panelSecrets, report);
        if (panel) set.panels.push(panel);
      }
      continue;
    }
    const provider = options.registry.forApiVersion(head.apiVersion);
    if (!provider) {
      const known = [PANEL_API_VERSION, ...options.registry.all().map((p) => p.apiVersion)].join(', ');
      report(doc, ['apiVersion'], `unknown apiVersion "${head.apiVersion}" (known: ${known})`);
      continue;
    }
    const kindName = head.kind;
    const objects = cache ? cache.validate(doc, report, (at) => documentToObjects(doc, provider, kindName, validator, at)) : documentToObjects(doc, provider, kindName, validator, report);
    for (const raw of objects) raws.push(raw); // no spread: lists can exceed the argument limit
  }

  checkDuplicatePanels(set.panels, diagnostics);
  // At an unchanged revision the controller's cache hands back the objects of the same
  // documents on the same Panels as they were built last time (see ManifestCache.objects).
  const documents = cache ? read.documents : [];
  const built = cache?.objects(documents, set.panels) ?? (await buildObjects(raws, set.panels, { cache, secretSource, report, diagnostics, early }));
  if (cache && built.reusable) cache.rememberObjects(documents, set.panels, built);
  for (const object of built.objects) set.objects.push(object);
  const { seen, unbuilt } = built;
  addFleet(set, expandFleet({ documents: fleetDocuments, panels: set.panels, catalog: options.registry, validator, secrets: secretSource, report }), seen, report);
  set.openReferences = checkStaticReferences(set, options.registry, unbuilt);
  return set;
}

/** Each raw object on its Panel, duplicates reported, as a desired object. */
async function buildObjects(
  raws: readonly RawObject[],
  panels: readonly PanelConfig[],
  context: { cache: ManifestCache | undefined; secretSource: SecretSource; report: DiagnosticAt; diagnostics: readonly Diagnostic[]; early: boolean },
): Promise<BuiltObjects> {
  const { cache, secretSource, report, diagnostics, early } = context;
  const reportedBefore = diagnostics.length;
  const objects: DesiredObject[] = [];
  const seen = new Map<string, Map<string, RawObject>>();
  const unbuilt = new Set<string>();
  let fromText = true;
  // Every object of a document resolves to the same panel: resolved (and reported) once per document.
  const panelOf = new Map<SourceDocument, PanelConfig | undefined>();
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i] as RawObject;
    if (early && i % OBJECTS_PER_TURN === OBJECTS_PER_TURN - 1) await yieldToEventLoop();
    if (!panelOf.has(raw.doc)) panelOf.set(raw.doc, resolvePanel(raw, panels, report));
    const panel = panelOf.get(raw.doc);
    if (!panel) continue;
    const kindKey = `${panel.name}/${raw.kind.kind}`;
    const ofKind = seen.get(kindKey) ?? seen.set(kindKey, new Map()).get(kindKey)!;
    const identity = keyIdentity(raw.key, raw.kind.keyCaseInsensitive);
    const first = ofKind.get(identity);
    if (first) {
      const at = `${first.doc.file}:${first.doc.position(namePath(first)).line}`;
      const why = first.key === raw.key ? '' : `: "${first.key}" is ${sameKeyReason(first.key, raw.key)}`;
      report(raw.doc, namePath(raw), `duplicate ${raw.kind.kind} "${raw.key}" on panel ${panel.name} (first defined at ${at})${why}`);
      continue;
    }
    ofKind.set(identity, raw);
    const made = cache ? cachedDesired(cache, raw, panel, secretSource, report, diagnostics) : { object: toDesired(raw, panel, secretSource, report), fromText: false };
    fromText &&= made.fromText;
    if (made.object) objects.push(made.object);
    // Its own error is reported already; objects that refer to it must not add a false "not defined".
    else unbuilt.add(`${panel.name}/${raw.kind.kind}/${raw.key}`);
  }
  return { objects, seen, unbuilt, reusable: fromText && diagnostics.length === reportedBefore };
}

/**
 * The field a normalizing error is about: the one whose value the message quotes (`not a
 * date: "2027-02-30"`), so the error points at `/spec/expire`, not at the whole spec.
 */
function fieldNamedIn(spec: Record<string, unknown>, message: string): string[] {
  const quoted = /"([^"]*)"/.exec(message)?.[1];
  const find = (value: Record<string, unknown>, path: string[]): string[] | undefined => {
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === 'string' && v.trim() === quoted) return [...path, key];
      const inner = v && typeof v === 'object' && !Array.isArray(v) ? find(v as Record<string, unknown>, [...path, key]) : undefined;
      if (inner) return inner;
    }
    return undefined;
  };
  return (quoted !== undefined && find(spec, [])) || [];
}

const namePath = (raw: RawObject): (string | number)[] => namePathOf(raw.origin.item);

/**
 * Reports each problem once: a `<Kind>List` default shared by every item (an unset or refused
 * ref in `spec.defaults`) is one line of the file, not one error per item.
 */
const reportAt = (diagnostics: Diagnostic[]): DiagnosticAt => {
  const reported = new Set<string>();
  return (doc, path, message, severity = 'error') => {
    const at = doc.position(path);
    const key = `${doc.file}:${at.line}:${at.column}:${severity}:${message}`;
    if (reported.has(key)) return;
    reported.add(key);
    diagnostics.push({ severity, file: doc.file, ...at, pointer: pointerOf(path), message });
  };
};

/**
 * toDesired through the cache: an object without secrets whose making reported nothing is a
 * function of its text alone and is kept; the others are made again on every load, so their
 * written form stays (a secret is read afresh each time).
 */
function cachedDesired(cache: ManifestCache, raw: RawObject, panel: PanelConfig, secretSource: SecretSource, report: DiagnosticAt, diagnostics: readonly Diagnostic[]): { object: DesiredObject | undefined; fromText: boolean } {
  const known = cache.desired(raw, panel.name);
  if (known) return { object: known, fromText: true };
  const reported = diagnostics.length;
  const object = toDesired(raw, panel, secretSource, report, true);
  if (object && diagnostics.length === reported && Object.keys(object.secrets).length === 0) {
    cache.remember(raw, panel.name, object);
    raw.spec = undefined;
    return { object, fromText: true };
  }
  return { object, fromText: false };
}

function toDesired(
  raw: RawObject,
  panel: PanelConfig,
  secretSource: SecretSource,
  report: DiagnosticAt,
  keepWritten = false,
): DesiredObject | undefined {
  const { spec, secrets, ok } = extractSecrets(raw, secretSource, report);
  if (!ok) return undefined;
  const known = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== UNRESOLVED));
  const issues = [...(raw.kind.check?.(spec, raw.key, undefined) ?? []), ...(raw.kind.checkSecrets?.(known) ?? [])];
  for (const [pointer, message] of issues) report(raw.doc, raw.specPath(pointer.split('/').filter(Boolean)), message);
  let normalized = spec;
  try {
    normalized = raw.kind.normalize ? raw.kind.normalize(spec) : spec;
  } catch (err) {
    const message = (err as Error).message;
    report(raw.doc, raw.specPath(fieldNamedIn(spec, message)), message);
    return undefined;
  }
  if (!keepWritten) raw.spec = undefined; // the written form is not needed again: only the normalized one is kept
  return new LoadedObject(panel.name, raw.kind.kind, raw.key, normalized, secrets, raw.protect, raw.origin);
}

/** Subscribers' objects join the others; one that a panel manifest also describes is a duplicate. */
function addFleet(set: ManifestSet, objects: readonly FleetObject[], seen: ReadonlyMap<string, ReadonlyMap<string, RawObject>>, report: DiagnosticAt): void {
  const added: FleetObject[] = [];
  for (const o of objects) {
    // `seen` is keyed as the manifests' own duplicate check keys it (keyIdentity): folded where the kind folds.
    const ofKind = seen.get(`${o.panel}/${o.kind}`);
    const twin = ofKind?.get(keyIdentity(o.key, false)) ?? ofKind?.get(keyIdentity(o.key, true));
    if (twin && keyIdentity(twin.key, twin.kind.keyCaseInsensitive) === keyIdentity(o.key, twin.kind.keyCaseInsensitive)) {
      report(o.origin.doc, [...o.origin.path], `Subscriber "${o.key}" on panel ${o.panel} is also a ${o.kind} manifest (${twin.doc.file}:${twin.doc.position(namePath(twin)).line}): keep one of them`);
      continue;
    }
    set.objects.push(o);
    added.push(o);
  }
  if (added.length) set.fleet = fleetRuntime(added);
}
