import type { DesiredObject, PanelType, SourceRef, Spec } from '../contract/panel.ts';
import { pointerOf, type Diagnostic } from '../manifest/diagnostics.ts';
import type { SourceDocument } from '../manifest/yaml-documents.ts';

/** Where a subscriber's credentials come from, once resolved for one panel. */
export type CredentialState =
  /** Given by the manifests (derive, refs), or this is the panel they are read from. */
  | 'known'
  /** Read from the source panel's live object at plan time. */
  | 'copied'
  /** The source panel creates the subscriber in this apply: copied once it exists there. */
  | 'awaiting'
  /** The source panel could not be read: nothing is created here. */
  | 'unavailable';

/** Where in a document a placement (and so this object) was written. */
export interface PlacementOrigin {
  doc: SourceDocument;
  /** The path of the placement inside its document. */
  path: readonly (string | number)[];
  /** The path of the subscriber's spec inside its document. */
  specPath: readonly (string | number)[];
}

/**
 * One subscriber on one panel: a desired object of that panel's provider kind. The engine
 * sees an ordinary desired object; the fleet layer reads the rest.
 */
export class FleetObject implements DesiredObject {
  credentialState: CredentialState;
  /** The same keys on every panel: what a panel has is compared, not only what was applied. */
  readonly compareLiveSecrets = true;
  #source: SourceRef | undefined;

  constructor(
    readonly panel: string,
    readonly panelType: PanelType,
    readonly kind: string,
    readonly key: string,
    readonly spec: Spec,
    /** Filled in place once keys are copied from their source panel (copies of this object share it). */
    readonly secrets: Record<string, string>,
    readonly protect: boolean,
    readonly origin: PlacementOrigin,
    /** The panel whose live keys this subscriber takes (`credentials.from`), when not this one. */
    readonly credentialsFrom: string | undefined,
  ) {
    this.credentialState = credentialsFrom ? 'awaiting' : 'known';
  }

  get source(): SourceRef {
    return (this.#source ??= { file: this.origin.doc.file, ...this.origin.doc.position([...this.origin.path]) });
  }

  /** A provider's pointer inside the kind's spec is reported at the placement that made it. */
  locate(_specPath: readonly (string | number)[]): Pick<Diagnostic, 'file' | 'line' | 'column' | 'pointer'> {
    return { file: this.origin.doc.file, ...this.origin.doc.position([...this.origin.path]), pointer: pointerOf([...this.origin.path]) };
  }

  toJSON(): Omit<DesiredObject, 'secrets'> {
    return { panel: this.panel, kind: this.kind, key: this.key, spec: this.spec, protect: this.protect, source: this.source };
  }
}

export const isFleetObject = (d: DesiredObject): d is FleetObject => d instanceof FleetObject;
