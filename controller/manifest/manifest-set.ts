/**
 * The loaded manifest directory as the engine, references and commands see it. Its own module
 * so that the reference checks can take it without importing the loader.
 */
import type { DesiredObject, PanelConfig, Reference } from '../contract/panel.ts';
import type { Diagnostic } from './diagnostics.ts';
import type { NotifierConfig, UnbuiltNotifier } from './notifier-kind.ts';
import type { FleetRuntime } from '../contract/fleet-hooks.ts';
import type { RolloutConfig } from '../rollout/rollout-kind.ts';

/** A reference the manifests cannot settle alone, checked again once the panel is observed. */
export interface OpenReference {
  from: DesiredObject;
  ref: Reference;
}

export interface ManifestSet {
  dir: string;
  panels: PanelConfig[];
  /** Where the controller sends notifications (Notifier documents). */
  notifiers: NotifierConfig[];
  /** Notifiers whose secrets could not be resolved: left out, reported, never an error. */
  unbuiltNotifiers?: UnbuiltNotifier[];
  objects: DesiredObject[];
  diagnostics: Diagnostic[];
  files: string[];
  /** True when the directory is missing or holds no documents at all. */
  empty: boolean;
  /** Subscribers expanded into the objects above: what the engine asks of the fleet layer. */
  fleet?: FleetRuntime | undefined;
  /** The Rollout document, when there is one: apply goes panel wave by panel wave. */
  rollout?: RolloutConfig | undefined;
  /** References the manifests cannot settle alone (e.g. an owner admin that may exist only on the panel). */
  openReferences: OpenReference[];
  /** The document location of a path inside an object's spec, for diagnostics found later (live checks). */
  locate(object: DesiredObject, specPath: readonly (string | number)[]): Pick<Diagnostic, 'file' | 'line' | 'column' | 'pointer'>;
  /** The document location of an object's name (`metadata.name` or its list item's `name`). */
  locateName(object: DesiredObject): Pick<Diagnostic, 'file' | 'line' | 'column' | 'pointer'>;
}
