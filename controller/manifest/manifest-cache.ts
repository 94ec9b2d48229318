import { createHash } from 'node:crypto';
import type { DesiredObject, PanelConfig } from '../contract/panel.ts';
import type { Diagnostic } from './diagnostics.ts';
import type { DiagnosticAt, RawObject } from './documents-to-objects.ts';
import type { SourceDocument } from './yaml-documents.ts';

/** What parsing one file gave: reused while the file's text is byte for byte the same. */
export interface ParsedFile {
  documents: SourceDocument[];
  diagnostics: Diagnostic[];
  /** Objects its documents stand for (counted at parse time: a large JSON list drops its value later). */
  objects: number;
  /** The file's size in bytes (YAML files count against a total). */
  bytes?: number;
}

/** What the object loop made of the raw objects: also what ManifestCache.objects keeps. */
export interface BuiltObjects {
  objects: readonly DesiredObject[];
  /** By "panel/kind", every object's raw form by key identity (the duplicate check's, and the fleet's). */
  seen: ReadonlyMap<string, ReadonlyMap<string, RawObject>>;
  /** "panel/kind/key" of objects whose own error is reported already. */
  unbuilt: ReadonlySet<string>;
  /** Every object came from its text alone (no secret read, nothing reported): the same documents on the same Panels make the same objects. */
  reusable: boolean;
}

interface ValidatedDocument {
  raws: RawObject[];
  reports: Array<Parameters<DiagnosticAt>>;
}

/**
 * The controller's memory of manifests it has read: a reconcile at an unchanged revision does
 * not parse and validate the same files again. Entries are keyed by the file's content hash,
 * so a changed file is parsed afresh and its old documents (and everything made from them)
 * fall out. Only work that depends on nothing but the text is kept: objects that carry a
 * secret reference are resolved on every load, so a rotated secret is never served stale.
 */
export class ManifestCache {
  private files = new Map<string, { hash: string; parsed: ParsedFile; stamp: string | undefined }>();
  private readonly validated = new WeakMap<SourceDocument, ValidatedDocument>();
  private readonly built = new WeakMap<RawObject, Map<string, DesiredObject>>();
  /** apiVersion and kind of each document, kept from its parse: a large JSON list drops its value once expanded. */
  private readonly heads = new WeakMap<SourceDocument, unknown>();
  private lastObjects: { documents: readonly SourceDocument[]; panels: string; built: BuiltObjects } | undefined;
  /** Files served from memory by the last load (for tests and metrics). */
  hits = 0;
  /** Of those, the files not even read (stat said they were the ones parsed before). */
  unread = 0;
  /** The last load's objects were the ones built by the load before it (see `objects`). */
  objectsReused = false;

  /**
   * A file's parse without reading it, when stat says it is the very file parsed last time
   * (same device, inode, size, modification and change times, in nanoseconds): at an unchanged
   * revision a checkout's files are not even read. Anything else reads and hashes the text.
   */
  unchanged(file: string, stamp: string | undefined): ParsedFile | undefined {
    const known = this.files.get(file);
    if (stamp === undefined || known?.stamp !== stamp) return undefined;
    this.hits += 1;
    this.unread += 1;
    return known.parsed;
  }

  /** A file's parse, read from memory when its text has not changed. `stamp` is the file's, taken before it was read. */
  parse(file: string, text: string, parse: () => ParsedFile, stamp?: string): ParsedFile {
    const hash = createHash('sha256').update(text).digest('hex');
    const known = this.files.get(file);
    if (known?.hash === hash) {
      this.hits += 1;
      known.stamp = stamp;
      return known.parsed;
    }
    const parsed = parse();
    for (const doc of parsed.documents) {
      const value = doc.value as { apiVersion?: unknown; kind?: unknown } | null;
      if (value && typeof value === 'object') this.heads.set(doc, { apiVersion: value.apiVersion, kind: value.kind });
    }
    this.files.set(file, { hash, parsed, stamp });
    return parsed;
  }

  /** Forgets files no longer in the directory, and starts counting hits for a new load. */
  beginLoad(files: readonly string[]): void {
    const present = new Set(files);
    this.files = new Map([...this.files].filter(([file]) => present.has(file)));
    this.hits = 0;
    this.unread = 0;
    this.objectsReused = false;
  }

  /** The document's value, or its apiVersion and kind once a large list dropped it. */
  head(doc: SourceDocument): unknown {
    return doc.value ?? this.heads.get(doc);
  }

  /** A document's schema check and List expansion; the diagnostics it reported are reported again on a hit. */
  validate(doc: SourceDocument, report: DiagnosticAt, validate: (report: DiagnosticAt) => RawObject[]): RawObject[] {
    const known = this.validated.get(doc);
    if (known) {
      for (const args of known.reports) report(...args);
      return known.raws;
    }
    const reports: ValidatedDocument['reports'] = [];
    const raws = validate((...args) => {
      reports.push(args);
      report(...args);
    });
    this.validated.set(doc, { raws, reports });
    return raws;
  }

  /**
   * The objects the last load built, when this load has the very same documents (each file's
   * parse is kept while its text is unchanged, so an edited file gives new ones) and Panels of
   * the same names and types, which is all an object's Panel is resolved from. Kept only when
   * every object was made from its text alone: one that reads a secret is made on every load.
   * Saves the object loop at an unchanged revision: 0.2 s for 200,000 objects.
   */
  objects(documents: readonly SourceDocument[], panels: readonly PanelConfig[]): BuiltObjects | undefined {
    const last = this.lastObjects;
    if (!last || last.panels !== panelsKey(panels) || last.documents.length !== documents.length) return undefined;
    for (let i = 0; i < documents.length; i++) if (last.documents[i] !== documents[i]) return undefined;
    this.objectsReused = true;
    return last.built;
  }

  rememberObjects(documents: readonly SourceDocument[], panels: readonly PanelConfig[], built: BuiltObjects): void {
    this.lastObjects = { documents: [...documents], panels: panelsKey(panels), built };
  }

  /** The desired object of a raw one on a panel, if made before without secrets or diagnostics. */
  desired(raw: RawObject, panel: string): DesiredObject | undefined {
    return this.built.get(raw)?.get(panel);
  }

  remember(raw: RawObject, panel: string, object: DesiredObject): void {
    const byPanel = this.built.get(raw) ?? new Map<string, DesiredObject>();
    byPanel.set(panel, object);
    this.built.set(raw, byPanel);
  }
}

/** What resolving an object's Panel reads of the Panels: their names and types, in order. */
const panelsKey = (panels: readonly PanelConfig[]): string => JSON.stringify(panels.map((p) => [p.name, p.type]));
