import type { DesiredObject, SourceRef, Spec } from '../providers/types.ts';
import type { RawObject } from './documents-to-objects.ts';

/**
 * A desired object as the loader makes it. Where it was written is looked up only when
 * asked (finding positions costs more than parsing), through a getter on the prototype
 * rather than a closure per object: fleets of 100,000 objects are common.
 */
export class LoadedObject implements DesiredObject {
  #source: SourceRef | undefined;
  readonly #raw: RawObject;

  constructor(
    readonly panel: string,
    readonly kind: string,
    readonly key: string,
    readonly spec: Spec,
    readonly secrets: Record<string, string>,
    readonly protect: boolean,
    raw: RawObject,
  ) {
    this.#raw = raw;
  }

  /** The document object this came from, for diagnostics that point inside its spec. */
  get raw(): RawObject {
    return this.#raw;
  }

  get source(): SourceRef {
    return (this.#source ??= { file: this.#raw.doc.file, ...this.#raw.doc.position(this.#raw.specPath([]).slice(0, -1)) });
  }

  /** Secret values stay out of any JSON made of a desired object. */
  toJSON(): Omit<DesiredObject, 'secrets'> {
    return { panel: this.panel, kind: this.kind, key: this.key, spec: this.spec, protect: this.protect, source: this.source };
  }
}
