/**
 * The panel contract shared by manifests, providers and the engine: objects, specs, kinds,
 * sessions and panel settings. The provider contract: what the engine knows about a panel type. A provider is data
 * (its kinds, their schemas, keys, secret fields and order) plus `connect()`, which returns
 * a session that lists, creates, updates and deletes objects. Providers never decide
 * pruning, guards, retries of whole operations or ordering: the engine does.
 */

export type PanelType = 'marzban' | '3x-ui' | 'openpanel' | 'users-api' | 'pasarguard' | 'remnawave';

export type Spec = Record<string, unknown>;

/** Where a document came from, for error messages. */
export interface SourceRef {
  file: string;
  line: number;
  column: number;
}

/** A desired object after loading, validation and normalization. */
export interface DesiredObject {
  panel: string;
  kind: string;
  key: string;
  /** Canonical spec without secret values (secret fields are absent here). */
  spec: Spec;
  /** Resolved secret values by field name. Never rendered, logged or stored. */
  secrets: Record<string, string>;
  /** Secrets are compared with the live ones the panel reports (a subscriber's keys), not only with the last applied hash. */
  compareLiveSecrets?: boolean;
  protect: boolean;
  source: SourceRef;
}

/** An object as read from a panel, in the same canonical shape as a desired spec. */
export interface ObservedObject {
  kind: string;
  key: string;
  /** The panel's own id when it has one (template id, node id, row id). */
  id?: string | number;
  spec: Spec;
  /** Facts an operator should see next to a diff, e.g. "limited by the panel: data limit reached". */
  notes?: string[];
  /** When the panel says it made the object (ISO-8601), where it reports it: settles crash claims. */
  createdAt?: string;
  /**
   * Live credentials by the kind's secret field, where the panel reports them: compared with a
   * desired object's secrets (never rendered, logged or stored; the spec never holds them).
   */
  secrets?: Record<string, string>;
}

export interface FieldChange {
  /** Dotted path of the field, e.g. "dataLimit" or "proxies.vless.flow". */
  path: string;
  before?: unknown;
  after?: unknown;
  /** True when the field holds a secret: values are never shown. */
  secret?: boolean;
  /** A secret panelops has never sent (no hash recorded): shown as set, not changed. */
  firstSet?: boolean;
  /** The values in the units manifests use (20GiB, 30d, 2027-01-31), for reviewers; before / after stay exact. */
  display?: { before?: unknown; after?: unknown };
}

export interface Reference {
  kind: string;
  key: string;
  /** The spec field that holds the reference, for error pointers. */
  field: string;
  /** When the referenced object may also exist on the panel without a manifest (e.g. an admin). */
  mayBeLive?: boolean;
  /** The panel finds the target whatever the case of the name (OpenPanel plan names): `Basic` is plan `basic`. */
  caseInsensitive?: boolean;
}

/** Facts about a live panel used to validate references (inbound tags, plan names...). */
export interface PanelFacts {
  inboundTags?: ReadonlySet<string>;
  /**
   * Operations this panel cannot perform through its API, each with the reason (the Flute
   * Users API module answers 500 to every block): a kind's `check` refuses manifests that need them.
   */
  unsupported?: Readonly<Record<string, string>>;
  /**
   * Kinds this panel cannot delete (or retire) objects of, each with the reason: a removed
   * manifest is then a note in the plan, never a delete that can only fail at apply time.
   * `{ref}` in a reason is replaced with the object's `panel:Kind/key`.
   */
  cannotDelete?: Readonly<Record<string, string>>;
}

export interface KindDescriptor {
  kind: string;
  apiVersion: string;
  /** Lower applies first; deletes run in reverse order. */
  order: number;
  /** JSON Schema (draft 2020-12) of one object's spec fields (the List form is derived). */
  specSchema: Record<string, unknown>;
  /** JSON Schema of metadata.name for this kind (the natural key's rules). */
  nameSchema?: Record<string, unknown>;
  /** Spec fields that hold secrets: given as { env } / { file } refs, never rendered. */
  secretFields: readonly string[];
  /** Fields a create cannot do without (a Users API user's password): missing on an object not yet on the panel, an error at its line at plan time. */
  createRequires?: readonly string[];
  /** A delete retires the object without removing it (a Users API user is blocked): the apply's read-back does not look for it gone. */
  deleteLeavesObject?: boolean;
  /**
   * Fields the panel accepts but never reports (e.g. an OpenPanel domain's suspension):
   * compared with the value panelops last applied, which the inventory keeps.
   */
  writeOnlyFields?: readonly string[];
  /**
   * Fields whose last applied value the inventory keeps (write-only fields always are), and
   * hands to `compare`: how a provider tells "set by panelops, now dropped from the manifest"
   * from "set on the panel by someone else".
   */
  recordedFields?: readonly string[];
  /**
   * Recorded fields that `import` records as it saw them live, as if applied: a 3x-ui delayed
   * start seen at import is known to be one after it began. Never a field whose recorded value
   * would let panelops undo someone else's change (a block, a suspension).
   */
  recordedAtImport?: readonly string[];
  /** Rules on secret values (e.g. password strength), checked at load time so a bad one never reaches a panel. */
  checkSecrets?(secrets: Readonly<Record<string, string>>): Array<[string, string]>;
  /** Keys compared case-insensitively when matching desired to observed objects. */
  keyCaseInsensitive?: boolean;
  /**
   * Whether this live panel takes keys that differ only by case for one object, when that
   * depends on the panel rather than the kind (Marzban usernames fold on MySQL, not on
   * SQLite). Such manifests are then reported as duplicates once the panel is observed.
   */
  foldsKeys?(facts: PanelFacts): boolean;
  /** A spec field (a set of names) whose differences are planned as attach / detach. */
  membershipField?: string;
  /**
   * Objects of this kind always exist on the panel (e.g. Marzban hosts per inbound): they are
   * adopted implicitly, and removing the manifest releases them instead of deleting them.
   */
  implicit?: boolean;
  /** Desired spec (units already parsed by the schema layer) → canonical spec. */
  normalize?(spec: Spec): Spec;
  /** Cross-object references of one desired object, for validation and ordering. */
  references?(spec: Spec): Reference[];
  /**
   * Validation beyond the schema; returns [pointer within spec, message] pairs. Called at
   * load time with `facts` undefined (static rules), and again after observing with the
   * live panel's facts (rules that need them, e.g. inbound tags): return each rule once.
   */
  check?(spec: Spec, key: string, facts: PanelFacts | undefined): Array<[string, string]>;
  /**
   * Compares a desired spec with the observed one. The default compares every field the
   * manifest sets. Providers override it to turn a panel-owned state (e.g. "limited") into
   * a note instead of a change that would be fought forever.
   */
  /**
   * A live object as manifest fields (for `import`): units in human form, panel-owned and
   * internal fields left out, so that the manifest applied back plans no change. The
   * default drops null and empty values.
   */
  exportSpec?(observed: ObservedObject): Spec;
  compare?(desired: Spec, observed: ObservedObject, applied: Readonly<Record<string, unknown>>): { changes: FieldChange[]; notes: string[] };
  /** What an operator should know about creating this object (an OpenPanel password rule that is assumed, not read), noted beside the create. */
  createNote?(desired: Spec, secrets: readonly string[]): string | undefined;
  /** What else a delete of this object takes with it on the panel (an OpenPanel domain's mail links), noted beside the delete. */
  deleteNote?(observed: ObservedObject): string | undefined;
  /** Why the panel will refuse any edit of this object (another Marzban sudo admin), if it will: secrets it would be sent are noted instead. */
  uneditable?(observed: ObservedObject): string | undefined;
  /** Why the panel will refuse to delete this object (a Marzban sudo admin), if it will: the plan notes it instead of a delete. */
  undeletable?(observed: ObservedObject): string | undefined;
}

/** One operation handed to a session; the engine builds it from the plan. */
export interface SessionOp {
  kind: string;
  key: string;
  desired?: DesiredObject;
  observed?: ObservedObject;
  changes: readonly FieldChange[];
  /** attach / detach: the member names (e.g. inbound tags). */
  members?: readonly string[];
}

export type WriteAction = 'create' | 'update' | 'delete' | 'attach' | 'detach';

export interface BatchOutcome {
  key: string;
  ok: boolean;
  error?: string;
}

/** A logged-in connection to one panel. */
export interface PanelSession {
  facts(): Promise<PanelFacts>;
  /**
   * Lists the objects of a kind. `keys` names the objects the engine cares about (desired
   * plus owned); panels that cannot list (OpenPanel) read exactly those.
   */
  list(kind: string, keys: ReadonlySet<string>): Promise<ObservedObject[]>;
  /** True when `list` of this kind ignores `keys` (it reads the whole kind). */
  listsEverything?(kind: string): boolean;
  /** Reads one object; undefined when it does not exist. Used to verify a write whose answer was lost. */
  get(kind: string, key: string): Promise<ObservedObject | undefined>;
  create(op: SessionOp): Promise<{ id?: string | number } | void>;
  update(op: SessionOp): Promise<void>;
  delete(op: SessionOp): Promise<void>;
  attach?(op: SessionOp): Promise<void>;
  detach?(op: SessionOp): Promise<void>;
  /** Keys of objects a panel cannot list (OpenPanel accounts), found another way, for `import`. */
  discover?(kind: string): Promise<string[]>;
  /** Ends the session (logout) where the panel has one. */
  close?(): Promise<void>;
  /** Bulk endpoints: many operations of one kind and action in one request. */
  batch?: Partial<Record<WriteAction, (kind: string, ops: SessionOp[]) => Promise<BatchOutcome[]>>>;
}

export interface PanelLimits {
  concurrency: number;
  requestsPerSecond: number;
  timeoutMs: number;
  /** Largest list page the panel accepts (or serves well). */
  pageSize: number;
  /** Items per bulk request, where the panel has bulk endpoints. */
  batchSize: number;
  /** Byte cap of one answer, in MiB (default 8); a larger answer fails that panel's read. */
  maxResponseMiB?: number;
  /** Byte cap of a streamed list answer, in MiB (default 512). */
  maxListMiB?: number;
}

/** A Panel manifest after validation, with its auth secrets resolved. */
export interface PanelConfig {
  name: string;
  type: PanelType;
  url: string;
  auth: Record<string, string>;
  limits: PanelLimits;
  policy: PanelPolicy;
  source: SourceRef;
  /** `metadata.labels`: what a Rollout's waves select panels by. */
  labels?: Readonly<Record<string, string>>;
}

/** `policy.ignore`: a field panelops leaves as the panel has it, optionally only for some names or panel values. */
export interface IgnoreRule {
  kind: string;
  field: string;
  name?: string;
  when?: ReadonlyArray<string | number | boolean | null>;
}

export interface PanelPolicy {
  prune: boolean;
  mode: 'manage' | 'observe';
  adopt: boolean;
  maxDeletes: number;
  maxDeletePercent: number;
  /** Most owned objects of a kind that may be missing from a list before the plan is blocked. */
  maxMissingPercent: number;
  /** Fields whose panel value is kept (not diffed, sent back as read). */
  ignore?: readonly IgnoreRule[];
}

/** What a panel type declares about itself: everything but connecting. Manifests need only this. */
export interface ProviderDescription {
  type: PanelType;
  apiVersion: string;
  kinds: readonly KindDescriptor[];
  /** Which `auth` keys the Panel manifest must give (e.g. username + password, or apiKey). */
  authFields: readonly (readonly string[])[];
  defaultLimits: PanelLimits;
}

/** Panel types looked up by type and by manifest apiVersion: what manifests know of the providers. */
export interface ProviderCatalog {
  get(type: PanelType): ProviderDescription | undefined;
  forApiVersion(apiVersion: string): ProviderDescription | undefined;
  all(): ProviderDescription[];
  kind(type: PanelType, kind: string): KindDescriptor | undefined;
}
