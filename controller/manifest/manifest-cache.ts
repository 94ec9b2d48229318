import { createHash } from 'node:crypto';
import type { DesiredObject } from '../contract/panel.ts';
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
  /** Files served from memory by the last load (for tests and metrics). */
  hits = 0;
  /** Of those, the files not even read (stat said they were the ones parsed before). */
  unread = 0;

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

