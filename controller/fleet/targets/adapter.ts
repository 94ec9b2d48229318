/**
 * The contract between the fleet layer and one panel type: how a panel-neutral subscriber
 * and one of its placements become the desired object of that panel's provider, and which
 * fields the panel type cannot hold. One adapter per panel type, one file each.
 */
import type { ObservedObject, PanelType, Spec } from '../../contract/panel.ts';

type Schema = Record<string, unknown>;

/** A placement's list of names (inbound tags, groups, squads): at least one, no repeats. */
export const nameListSchema = (description?: string): Schema => ({ type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true, ...(description ? { description } : {}) });

/** The keys a subscriber carries to every panel (the same value everywhere). */
export type CredentialName = 'vless' | 'trojan' | 'shadowsocks';
export const CREDENTIAL_NAMES: readonly CredentialName[] = ['vless', 'trojan', 'shadowsocks'];
export type Credentials = Partial<Record<CredentialName, string>>;

/** A subscriber's panel-neutral fields, units parsed (bytes, ISO seconds, seconds). */
export interface SubscriberFields {
  name: string;
  dataLimit?: number;
  dataLimitReset?: 'none' | 'day' | 'week' | 'month' | 'year';
  expire?: string | { afterFirstUse: number };
  status?: 'active' | 'disabled';
  note?: string;
}

/** Where a subscriber lives: a panel and that panel type's own access model (inbounds, groups, squads). */
export interface Placement {
  panel: string;
  [field: string]: unknown;
}

/**
 * A field a panel type cannot hold exactly. `field` is the subscriber's field (`dataLimitReset`,
 * `metadata.name`) or the placement's (`placement.inbounds`); the plan stops there, nothing is sent.
 */
export interface Refusal {
  field: string;
  reason: string;
}

export interface TargetAdapter {
  type: PanelType;
  /** The provider kind a subscriber becomes on this panel type (Marzban User, 3x-ui Client). */
  kind: string;
  /** The placement fields this panel type reads, as JSON Schema properties. */
  placementFields: Record<string, Schema>;
  /** The placement field a plain list of names given to `import --place-on NEW=a,b` fills (3x-ui inbounds, groups, squads). */
  placeOnField?: string;
  /** The kind's secret field that holds each credential this panel type carries (VLESS UUID, Trojan and Shadowsocks passwords). */
  secretField: Partial<Record<CredentialName, string>>;
  /** A subscriber on one placement → the kind's manifest spec; every field it cannot express is refused. */
  toSpec(subscriber: SubscriberFields, placement: Placement): { spec: Spec; refused: Refusal[] };
  /**
   * A live object → subscriber fields and its placement here (import). What the subscriber
   * cannot hold is refused (the object is not imported) or listed as lost.
   */
  fromLive(observed: ObservedObject): { fields: Omit<SubscriberFields, 'name'>; placement: Omit<Placement, 'panel'>; refused: Refusal[]; lost: string[] };
  /** What does not follow a subscriber created here with keys from another panel (shown in the plan). */
  carryOver: readonly string[];
}

/** The live credentials of an object as the provider observed them. */
export function liveCredentials(adapter: TargetAdapter, observed: ObservedObject): Credentials {
  const out: Credentials = {};
  for (const name of CREDENTIAL_NAMES) {
    const field = adapter.secretField[name];
    const value = field ? observed.secrets?.[field] : undefined;
    if (value) out[name] = value;
  }
  return out;
}

/** Credentials as the kind's secret fields (only those this panel type carries). */
export function asSecrets(adapter: TargetAdapter, credentials: Credentials): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of CREDENTIAL_NAMES) {
    const field = adapter.secretField[name];
    const value = credentials[name];
    if (field && value) out[field] = value;
  }
  return out;
}
