import { compareSpecs } from '../../../contract/compare-specs.ts';
import { objectSchema, secretRefSchema } from '../../../manifest/schema-fragments.ts';
import type { KindHandler } from '../../kind-handler.ts';
import { liveKey } from '../../kind-handler.ts';
import type { ObservedObject, Reference, Spec } from '../../types.ts';
import { exposureOf, exposureReason, readCensus, type Exposure } from '../account-census.ts';
import { ownName, type AccountIdentity, type AccountRead } from '../account-identity.ts';
import { compact } from '../../../contract/export-units.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import type { OpenPanelContext } from '../context.ts';
import type { WireAccountDetail } from '../wire.ts';
import { assumedRule, FORBIDDEN_USERNAMES, passwordProblem, USERNAME_PATTERN } from './account-rules.ts';
import { createAccount } from './account-create.ts';
import { updateAccount } from './account-update.ts';

const specSchema = objectSchema(
  {
    email: { type: 'string', minLength: 3, description: 'Contact e-mail. Set at creation; OpenPanel has no API to change it.' },
    password: secretRefSchema('Login password; needed to create the account.'),
    plan: { type: 'string', minLength: 1, description: 'Plan name (a Plan manifest or a plan on the panel).' },
    suspended: { type: 'boolean', description: 'Suspend or unsuspend the account.' },
  },
  ['email', 'plan'],
);

export function observeAccount(key: string, a: WireAccountDetail, suspended: boolean, shadow?: string): ObservedObject {
  return {
    kind: 'Account',
    key,
    id: a.user.id,
    spec: { email: a.user.email, plan: a.plan?.name ?? null, suspended },
    ...(shadow
      ? { notes: [`ambiguous on the panel: OpenPanel also matches "${key}" to the suspended account "${shadow}" (an unescaped suffix match, openpanel.md §9); panelops refuses every write to "${key}" until one of them is renamed`] }
      : {}),
  };
}

/** Reads `key`, checking that the row is that account's: another account's row is not `key`. */
async function readAccount(identity: AccountIdentity, key: string): Promise<{ detail: WireAccountDetail; suspended: boolean } | undefined> {
  const read = await identity.read(key);
  return read.kind === 'found' ? read : undefined;
}

/**
 * Why the plan refuses a delete or an unsuspend of an observed account: others the panel's
 * name match reaches, or no census to tell (`exposure` null). Undefined when nothing was found
 * or nothing looked (a single `get`): the write itself checks again either way.
 */
function refusedByExposure(o: ObservedObject, action: 'delete' | 'unsuspend'): string | undefined {
  const exposure = o.spec.exposure as Exposure | null | undefined;
  if (exposure === undefined) return undefined;
  return exposureReason(o.key, action, exposure ? (action === 'delete' ? exposure.byDelete : exposure.byUnsuspend) : undefined);
}

/** Manifest fields only: the exposure is the provider's, never written into an imported manifest. */
const exportAccount = (o: ObservedObject): Spec => {
  const { exposure: _exposure, ...spec } = o.spec;
  return compact(spec);
};

/** The e-mail cannot be changed through the API: a difference is reported, not planned. */
function compare(desired: Spec, observed: ObservedObject) {
  const notes: string[] = [...(observed.notes ?? [])];
  const skip = new Set<string>();
  if (desired.email !== undefined && desired.email !== observed.spec.email) {
    notes.push(`e-mail is ${String(observed.spec.email)} on the panel; OpenPanel cannot change it through its API`);
    skip.add('email');
  }
  if (desired.suspended === false && observed.spec.suspended === true) {
    const refused = refusedByExposure(observed, 'unsuspend');
    if (refused) {
      notes.push(`not unsuspended: ${refused}`);
      skip.add('suspended');
    } else notes.push('an unsuspend re-activates every domain of this account, domains suspended on their own included (openpanel.md §9)');
  }
  // Plan names are case-insensitive on the panel (§9).
  if (typeof desired.plan === 'string' && typeof observed.spec.plan === 'string' && desired.plan.toLowerCase() === observed.spec.plan.toLowerCase()) skip.add('plan');
  return { changes: compareSpecs(desired, observed.spec, skip), notes };
}

// The panel finds a plan whatever the case of its name (§9): `plan: Basic` is plan `basic`.
const references = (spec: Spec): Reference[] => (typeof spec.plan === 'string' ? [{ kind: 'Plan', key: spec.plan, field: 'plan', mayBeLive: true, caseInsensitive: true }] : []);

export const accountHandler: KindHandler<OpenPanelContext> = {
  descriptor: {
    kind: 'Account',
    apiVersion: API_VERSION,
    order: ORDER.Account,
    specSchema,
    nameSchema: { type: 'string', pattern: USERNAME_PATTERN, description: 'Lower-case letter first, then lower-case letters and digits; 3-20 characters.' },
    secretFields: ['password'],
    keyCaseInsensitive: true,
    references,
    compare,
    exportSpec: exportAccount,
    createNote: (_spec, secrets) => (secrets.includes('password') ? assumedRule() : undefined),
    undeletable: (o) => refusedByExposure(o, 'delete'),
    // The panel refuses (or answers 201 and ignores) a password change on a suspended account (§3.5): a note, not a write failing on every run.
    uneditable: (o) => (o.spec.suspended === true ? 'OpenPanel does not change the password of a suspended account; it is sent once the account is unsuspended' : undefined),
    check: (_spec, key, facts) => (facts === undefined && FORBIDDEN_USERNAMES.has(key) ? [['', `username "${key}" is reserved by OpenPanel`]] : []),
    checkSecrets: (secrets) => {
      const problem = secrets.password === undefined ? undefined : passwordProblem(secrets.password);
      return problem ? [['/password', `the password ${problem}`]] : [];
    },
  },
  // GET /api/users lists nothing (§3.1): read each account panelops cares about, one request
  // each, after the domain owners (which name suspended accounts the reads may not reach).
  list: async ({ api, identity }, keys) => {
    await identity.learnFromDomains();
    const reads = new Map<string, Promise<AccountRead>>([...keys].map((key) => [key.toLowerCase(), identity.read(key)]));
    const found = await Promise.all([...keys].map(async (key) => [key, await reads.get(key.toLowerCase())] as const));
    const census = await readCensus(api);
    const readOf = (name: string) => reads.get(name) ?? (reads.set(name, identity.read(name)).get(name) as Promise<AccountRead>);
    const observed: ObservedObject[] = [];
    for (const [key, a] of found) {
      if (a?.kind !== 'found') continue;
      const o = observeAccount(key, a.detail, a.suspended, identity.shadowOf(key));
      // Kept on the object only when it refuses something, so plans of clear accounts stay as they were.
      const exposure = census ? await exposureOf(census, key, readOf) : null;
      if (exposure === null || exposure.byDelete.length > 0) o.spec.exposure = exposure;
      observed.push(o);
    }
    return observed;
  },
  // The user list is empty: accounts that own a domain are the ones an import can find.
  discover: async ({ api }) => [...new Set((await api.listDomains()).map((d) => ownName(d.username)))],
  // One account, no census: its exposure is left unknown here, and checked afresh before any delete or unsuspend.
  get: async ({ identity }, key) => {
    const a = await readAccount(identity, key);
    return a && observeAccount(key, a.detail, a.suspended, identity.shadowOf(key));
  },
  create: createAccount,
  update: updateAccount,
  // The panel's delete matches other accounts by name and removes the files of one row it
  // picks (§10.1-§10.5): read first, take the census, refuse when anyone else could match, send
  // the DELETE once, and read back (a 201 is no proof the row is gone, §10.4).
  delete: async ({ api, identity }, op) => {
    const key = liveKey(op);
    if ((await identity.beforeMatchingWrite(key, 'delete')).kind === 'absent') return;
    await api.deleteAccount(key);
    if ((await identity.read(key)).kind === 'found') throw new Error(`Account/${key}: the delete was answered but the account is still on the panel (a domain of a matched account blocks it, openpanel.md §10.4)`);
  },
};
