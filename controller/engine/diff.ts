import { contentHash, sameValue, secretHash } from '../shared/canonical-json.ts';
import type { Inventory } from '../inventory/inventory.ts';
import { entryKey, type InventoryEntry } from '../inventory/types.ts';
import type { DesiredObject, FieldChange, KindDescriptor, ObservedObject, PanelPolicy } from '../providers/types.ts';
import { compareSpecs } from '../contract/compare-specs.ts';
import { keyIdentity } from '../contract/key-identity.ts';
import { missingOwnedGuard } from './guards.ts';
import { OBJECTS_PER_TURN, yieldToEventLoop } from '../shared/yield-to-event-loop.ts';
import { operationId, type Action, type GuardTrip, type ObjectNote, type PlannedOperation } from './types.ts';

export interface KindDiffInput {
  panel: string;
  kind: KindDescriptor;
  policy: PanelPolicy;
  desired: readonly DesiredObject[];
  observed: readonly ObservedObject[];
  inventory: Inventory;
  /** "Kind/key" of objects an interrupted run created (from the journal): owned, not foreign. */
  claimed: ReadonlySet<string>;
  /** Claims whose live object is not what the claiming run sent (someone else's): not adopted on the claim. */
  disproved?: ReadonlySet<string> | undefined;
  /** Set when the panel cannot delete objects of this kind: why (a pruned object becomes a note). */
  cannotDelete?: string | undefined;
  /** With --target, only these keys were observed: owned objects outside it are not missing. */
  inScope?: ((key: string) => boolean) | undefined;
}

export interface KindDiff {
  operations: PlannedOperation[];
  notes: ObjectNote[];
  unowned: GuardTrip[];
  managed: number;
  unmanaged: number;
}

/**
 * The pure diff of one kind on one panel: desired objects against live ones, with the
 * inventory deciding what is owned. No I/O, so it is tested as tables of plain data. It gives
 * the event loop a turn every OBJECTS_PER_TURN objects: a slower panel's answer keeps arriving
 * while a large one is compared, instead of stalling on its socket for the whole diff.
 */
export async function diffKind(input: KindDiffInput): Promise<KindDiff> {
  const { panel, kind, inventory, observed } = input;
  const match = (key: string) => keyIdentity(key, kind.keyCaseInsensitive);
  // By identity, the index of the (last) live object that has it; each identity is made once.
  // At 100,000 objects a set of wanted keys cost more than the comparisons: a byte per live
  // object marks the ones a manifest matched instead.
  const ids = new Array<string>(observed.length);
  const live = new Map<string, number>();
  for (let i = 0; i < observed.length; i++) {
    const id = match((observed[i] as ObservedObject).key);
    ids[i] = id;
    live.set(id, i);
  }
  const wanted = new Uint8Array(observed.length);
  const out: KindDiff = { operations: [], notes: [], unowned: [], managed: 0, unmanaged: 0 };
  const op = (action: Action, key: string, changes: FieldChange[], extra: Partial<PlannedOperation> = {}): void => {
    out.operations.push({ id: operationId(panel, kind.kind, key, action), panel, kind: kind.kind, key, action, changes, dependsOn: [], ...extra });
  };

  const skipped = new Set(kind.membershipField ? [kind.membershipField] : []);
  for (let i = 0; i < input.desired.length; i++) {
    if (i % OBJECTS_PER_TURN === OBJECTS_PER_TURN - 1) await yieldToEventLoop();
    const d = input.desired[i] as DesiredObject;
    const at = live.get(match(d.key));
    if (at === undefined) {
      op('create', d.key, creationChanges(d), { desiredHash: hashDesired(d, inventory.salt) });
      const told = kind.createNote?.(d.spec, Object.keys(d.secrets));
      if (told) out.notes.push({ kind: kind.kind, key: d.key, message: told });
      continue;
    }
    wanted[at] = 1;
    const o = observed[at] as ObservedObject;
    const entry = inventory.get(kind.kind, o.key);
    const compared = compareLive(kind, d.spec, o, entry?.applied ?? {}, skipped);
    const changes = compared.changes;
    if (kind.writeOnlyFields) changes.push(...writeOnlyChanges(kind, d, entry));
    // A subscriber's keys are compared with what the panel has; recorded hashes cover the rest.
    const liveSecrets = d.compareLiveSecrets ? o.secrets : undefined;
    const secrets = secretChanges(d, entry?.secretHashes ?? {}, inventory.salt).filter((c) => liveSecrets?.[c.path] === undefined);
    if (liveSecrets) secrets.push(...liveSecretChanges(d, liveSecrets));
    const frozen = secrets.length > 0 ? kind.uneditable?.(o) : undefined;
    if (frozen) out.notes.push({ kind: kind.kind, key: d.key, message: `${secrets.map((c) => c.path).join(', ')} not sent: ${frozen}` });
    else changes.push(...secrets);
    for (const message of compared.notes) out.notes.push({ kind: kind.kind, key: d.key, message });
    if (!entry) {
      // Claimed: created by a run that died before recording it. Implicit: always exists (hosts).
      const claim = entryKey(kind.kind, o.key);
      if ((input.claimed.has(claim) && !input.disproved?.has(claim)) || kind.implicit || input.policy.adopt) {
        op('adopt', d.key, changes, hashes(o, d, inventory.salt));
      } else {
        out.unowned.push({
          panel,
          guard: 'unowned',
          kind: kind.kind,
          message: `${kind.kind}/${d.key} already exists on panel ${panel} but panelops does not own it: adopt it with "panelops import --panel ${panel} --selector ${kind.kind}/${d.key}" (its manifest is kept), or set policy.adopt: true`,
        });
        continue;
      }
    } else if (changes.length > 0) op('update', d.key, changes, hashes(o, d, inventory.salt));
    out.managed += 1;
    for (const [action, members] of membershipChanges(kind, d, o)) op(action, d.key, [], { ...hashes(o, d, inventory.salt), members });
  }

  if (!kind.implicit) {
    let owned = 0;
    let missing = 0;
    for (const key of inventory.keysOf(kind.kind)) {
      if (input.inScope && !input.inScope(key)) continue;
      owned += 1;
      if (!live.has(match(key))) missing += 1;
    }
    const trip = missingOwnedGuard(panel, kind.kind, owned, missing, input.policy);
    if (trip) out.unowned.push(trip);
  }

  for (let i = 0; i < observed.length; i++) {
    if (i % OBJECTS_PER_TURN === OBJECTS_PER_TURN - 1) await yieldToEventLoop();
    // Marked itself, or a live twin of the same identity was (a panel that folds case answered both).
    if (wanted[i] || wanted[live.get(ids[i] as string) as number]) continue;
    const o = observed[i] as ObservedObject;
    const entry = inventory.get(kind.kind, o.key);
    if (!entry) {
      out.unmanaged += 1;
      // A journal intent alone proves nothing: the run may have died before sending, and the
      // object made by hand since. It is never deleted on that claim; a manifest adopts it.
      if (input.claimed.has(entryKey(kind.kind, o.key)) && input.policy.prune) {
        out.notes.push({
          kind: kind.kind,
          key: o.key,
          message: `not deleted: only an unfinished operation in the journal claims it (a run may have died before sending it). Add its manifest to adopt it, or release the claim with: panelops state forget ${panel}:${kind.kind}/${o.key}`,
          attention: true,
        });
      }
      continue;
    }
    if (!input.policy.prune) continue;
    if (entry.protect) {
      out.notes.push({ kind: kind.kind, key: o.key, message: 'protected: kept although its manifest was removed' });
      continue;
    }
    // `{ref}` in a panel's reason names the object, e.g. in the `state forget` that settles it.
    const refused = (input.cannotDelete ?? kind.undeletable?.(o))?.replaceAll('{ref}', `${panel}:${kind.kind}/${o.key}`);
    if (refused) {
      out.notes.push({ kind: kind.kind, key: o.key, message: `manifest removed, but not deleted: ${refused}` });
      continue;
    }
    if (kind.implicit) {
      // The panel owns the object's existence (e.g. hosts of an inbound): release it as it is.
      out.notes.push({ kind: kind.kind, key: o.key, message: 'manifest removed: no longer managed, left as it is on the panel' });
      continue;
    }
    const consequence = kind.deleteNote?.(o);
    if (consequence) out.notes.push({ kind: kind.kind, key: o.key, message: `delete: ${consequence}` });
    const before = Object.entries(o.spec).map(([path, value]) => ({ path, before: value }));
    op('delete', o.key, before, { fingerprint: contentHash(o.spec) });
  }
  return out;
}

/**
 * What an operation records of the objects it was planned from. Hashed only for objects that
 * get an operation (a no-op plan of a large fleet skips it), and a function rather than a
 * closure in the loop: a closure per object is measurable at 100,000 objects.
 */
function hashes(o: ObservedObject, d: DesiredObject, salt: string): { fingerprint: string; desiredHash: string } {
  return { fingerprint: contentHash(o.spec), desiredHash: hashDesired(d, salt) };
}

function creationChanges(d: DesiredObject): FieldChange[] {
  const fields: FieldChange[] = Object.entries(d.spec).map(([path, after]) => ({ path, after }));
  for (const path of Object.keys(d.secrets)) fields.push({ path, secret: true });
  return fields;
}

/**
 * A spec against a live object as every plan compares them: the kind's own comparison where it
 * has one, else field by field; write-only fields and the membership field are left to others.
 * Also what settles crash claims and reads back an apply, so all three see the same differences.
 */
export function compareLive(kind: KindDescriptor, spec: DesiredObject['spec'], o: ObservedObject, applied: Readonly<Record<string, unknown>>, skipped: ReadonlySet<string>): { changes: FieldChange[]; notes: string[] } {
  const comparable = withoutFields(spec, kind.writeOnlyFields);
  return kind.compare ? kind.compare(comparable, o, applied) : { changes: compareSpecs(comparable, o.spec, skipped), notes: o.notes ?? [] };
}

function withoutFields(spec: DesiredObject['spec'], fields: readonly string[] | undefined): DesiredObject['spec'] {
  if (!fields?.length) return spec;
  return Object.fromEntries(Object.entries(spec).filter(([k]) => !fields.includes(k)));
}

/** A write-only field differs when the manifest's value is not the one panelops last applied. */
function writeOnlyChanges(kind: KindDescriptor, d: DesiredObject, entry: InventoryEntry | undefined): FieldChange[] {
  const last = entry?.applied ?? {};
  return (kind.writeOnlyFields ?? [])
    .filter((f) => d.spec[f] !== undefined && !sameValue(d.spec[f], last[f]))
    .map((f) => ({ path: f, ...(last[f] !== undefined ? { before: last[f] } : {}), after: d.spec[f] }));
}

/** Values of the recorded and write-only fields a desired object sets: what the inventory keeps after an apply. */
export function appliedValues(kind: KindDescriptor | undefined, d: DesiredObject): Record<string, unknown> | undefined {
  const fields = [...(kind?.writeOnlyFields ?? []), ...(kind?.recordedFields ?? [])];
  const picked = Object.fromEntries(fields.filter((f) => d.spec[f] !== undefined).map((f) => [f, d.spec[f]]));
  return Object.keys(picked).length ? picked : undefined;
}

/**
 * A secret differs when its salted hash differs from the one recorded when it was last sent.
 * A secret with no recorded hash was never sent by panelops (added to an imported object's
 * manifest, say), so the panel's value is unknown: it is planned once, as set.
 */
function secretChanges(d: DesiredObject, recorded: Record<string, string>, salt: string): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [field, value] of Object.entries(d.secrets)) {
    const last = recorded[field];
    if (last === undefined) out.push({ path: field, secret: true, firstSet: true });
    else if (last !== secretHash(salt, `${d.kind}/${d.key}/${field}`, value)) out.push({ path: field, secret: true });
  }
  return out;
}

/** A desired secret the panel reports with another value (compared, never shown). */
function liveSecretChanges(d: DesiredObject, live: Readonly<Record<string, string>>): FieldChange[] {
  return Object.entries(d.secrets)
    .filter(([field, value]) => live[field] !== undefined && live[field] !== value)
    .map(([path]) => ({ path, secret: true }));
}

export function membershipChanges(kind: KindDescriptor, d: Pick<DesiredObject, 'spec'>, o: ObservedObject): Array<['attach' | 'detach', string[]]> {
  const field = kind.membershipField;
  if (!field || d.spec[field] === undefined || sameValue(d.spec[field], o.spec[field])) return [];
  const want = new Set((d.spec[field] as string[] | undefined) ?? []);
  const have = new Set((o.spec[field] as string[] | undefined) ?? []);
  const attach = [...want].filter((m) => !have.has(m)).sort();
  const detach = [...have].filter((m) => !want.has(m)).sort();
  const out: Array<['attach' | 'detach', string[]]> = [];
  if (attach.length) out.push(['attach', attach]);
  if (detach.length) out.push(['detach', detach]);
  return out;
}

/** Salted secret hashes of a desired object, by field: what the inventory records after an apply. */
export function desiredSecretHashes(d: DesiredObject, salt: string): Record<string, string> {
  return Object.fromEntries(Object.entries(d.secrets).map(([f, v]) => [f, secretHash(salt, `${d.kind}/${d.key}/${f}`, v)]));
}

/**
 * The secret hashes an operation that succeeded may record: every secret of a create, and
 * only the secrets an update sent (its secret changes). A secret the panel never received
 * is never recorded as applied, so it stays planned until it is sent.
 */
export function sentSecretHashes(action: string, changes: readonly FieldChange[], d: DesiredObject, salt: string): Record<string, string> {
  const all = desiredSecretHashes(d, salt);
  if (action === 'create') return all;
  const sent = new Set(changes.filter((c) => c.secret).map((c) => c.path));
  return Object.fromEntries(Object.entries(all).filter(([field]) => sent.has(field)));
}

export function hashDesired(d: DesiredObject, salt: string): string {
  return contentHash({ spec: d.spec, secrets: desiredSecretHashes(d, salt), protect: d.protect });
}
