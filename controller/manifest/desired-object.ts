import type { DesiredObject, SourceRef, Spec } from '../contract/panel.ts';
import { specPathIn, type ObjectOrigin } from './documents-to-objects.ts';
import type { SourceDocument } from './yaml-documents.ts';

/** Where an object's name is written: its list item's `name`, or the document's `metadata.name`. */
export const namePathOf = (item: number | undefined): (string | number)[] => (item === undefined ? ['metadata', 'name'] : ['spec', 'items', item, 'name']);

/**
 * A desired object as the loader makes it. Where it was written is looked up only when
 * asked (finding positions costs more than parsing), through a getter on the prototype
 * rather than a closure per object: fleets of 100,000 objects are common.
 */
export class LoadedObject implements DesiredObject {
  #source: SourceRef | undefined;
  // The document and item index, not the RawObject: 100,000 of those would stay alive for nothing.
  readonly #doc: SourceDocument;
  readonly #item: number | undefined;

  constructor(
    readonly panel: string,
    readonly kind: string,
    readonly key: string,
    readonly spec: Spec,
    readonly secrets: Record<string, string>,
    readonly protect: boolean,
    { doc, item }: ObjectOrigin,
  ) {
    this.#doc = doc;
    this.#item = item;
  }

  /** The document this came from. */
  get doc(): SourceDocument {
    return this.#doc;
  }

  /** A path inside this object's spec, as a path inside its document. */
  specPath(path: readonly (string | number)[]): (string | number)[] {
    return specPathIn(this.#doc, this.#item, path);
  }

  /** Where this object's name is written, as a path inside its document. */
  namePath(): (string | number)[] {
    return namePathOf(this.#item);
  }

  get source(): SourceRef {
    return (this.#source ??= { file: this.#doc.file, ...this.#doc.position(this.specPath([]).slice(0, -1)) });
  }

  /** Secret values stay out of any JSON made of a desired object. */
  toJSON(): Omit<DesiredObject, 'secrets'> {
    return { panel: this.panel, kind: this.kind, key: this.key, spec: this.spec, protect: this.protect, source: this.source };
  }
}
