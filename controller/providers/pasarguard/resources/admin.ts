import { compareSpecs } from '../../../contract/compare-specs.ts';
import { bytesSchema, objectSchema, secretRefSchema } from '../../../manifest/schema-fragments.ts';
import { parseBytes } from '../../../manifest/units.ts';
import type { KindHandler } from '../../kind-handler.ts';
import { numericId } from '../../kind-handler.ts';
import type { ObservedObject, Spec } from '../../types.ts';
import type { PasarGuardClient } from '../client.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import type { WireAdmin } from '../wire.ts';
import { exportAdmin } from './exports.ts';
import { passwordIssues } from './password-rules.ts';

const specSchema = objectSchema({
  role: { type: 'string', minLength: 1, description: 'Role name: administrator, operator or a custom role. owner cannot be given through the API.' },
  password: secretRefSchema('Login password; required to create the admin. Changing it logs the admin out everywhere; an unchanged one is never sent.'),
  telegramId: { type: 'integer', minimum: 1 },
  discordWebhook: { type: 'string', pattern: '^https://discord\\.com/', description: 'Must start with https://discord.com/.' },
  note: { type: 'string' },
  dataLimit: bytesSchema('Traffic all of the admin\'s users may use together.'),
  disabled: { type: 'boolean' },
});

const OWNER_RULE = 'is the owner: PasarGuard refuses to change its role, disable or delete it through the API (use the setup flow)';

function observe(a: WireAdmin): ObservedObject {
  return {
    kind: 'Admin',
    key: a.username,
    id: a.id,
    spec: {
      role: a.role?.name ?? null,
      telegramId: a.telegram_id,
      discordWebhook: a.discord_webhook,
      note: a.note ?? '',
      dataLimit: a.data_limit ?? 0,
      disabled: a.status === 'disabled' || a.is_disabled === true,
      owner: a.role?.is_owner === true,
    },
  };
}

/**
 * pasarguard.md §4: telegram, discord, note and limit cannot be cleared back to nothing, and
 * the owner's role and status are not the API's to change (§2.2): notes, not writes that fail.
 */
function compare(desired: Spec, observed: ObservedObject) {
  const notes: string[] = [];
  const skip = new Set<string>(['owner']);
  if (observed.spec.owner === true) {
    for (const f of ['role', 'disabled']) {
      if (desired[f] !== undefined && desired[f] !== observed.spec[f]) {
        notes.push(`${OWNER_RULE}, so ${f} stays as it is`);
        skip.add(f);
      }
    }
  }
  return { changes: compareSpecs(desired, observed.spec, skip), notes };
}

function normalize(spec: Spec): Spec {
  return spec.dataLimit === undefined ? spec : { ...spec, dataLimit: parseBytes(spec.dataLimit) };
}

async function roleId(client: PasarGuardClient, name: unknown): Promise<number> {
  const roles = await client.listRoles();
  const role = roles.find((r) => r.name === name);
  if (!role) throw new Error(`role "${String(name)}" does not exist on the panel (known: ${roles.map((r) => r.name).join(', ')})`);
  return role.id;
}

export const adminHandler: KindHandler<PasarGuardClient> = {
  descriptor: {
    kind: 'Admin',
    apiVersion: API_VERSION,
    order: ORDER.Admin,
    specSchema,
    nameSchema: { type: 'string', minLength: 1, maxLength: 34 },
    secretFields: ['password'],
    checkSecrets: (secrets) => (secrets.password === undefined ? [] : passwordIssues(secrets.password).map((m): [string, string] => ['/password', m])),
    normalize,
    compare,
    exportSpec: exportAdmin,
    undeletable: (o) => (o.spec.owner === true ? `Admin/${o.key} ${OWNER_RULE}` : undefined),
  },
  list: async (client) => (await client.listAdmins()).map(observe),
  get: async (client, key) => {
    const found = (await client.listAdmins()).find((a) => a.username === key);
    return found && observe(found);
  },
  create: async (client, op) => {
    const password = op.desired?.secrets.password;
    if (!password) throw new Error(`Admin/${op.key}: spec.password is required to create an admin`);
    const spec = op.desired?.spec ?? {};
    if (spec.role === 'owner') throw new Error(`Admin/${op.key}: the owner role cannot be given through the API (use the setup flow)`);
    const created = await client.createAdmin({
      username: op.key,
      password,
      role_id: await roleId(client, spec.role ?? 'operator'),
      ...(spec.telegramId !== undefined ? { telegram_id: spec.telegramId } : {}),
      ...(spec.discordWebhook !== undefined ? { discord_webhook: spec.discordWebhook } : {}),
      ...(spec.note ? { note: spec.note } : {}),
      ...(spec.dataLimit !== undefined ? { data_limit: spec.dataLimit } : {}),
    });
    if (spec.disabled === true) await client.updateAdmin(created.id, { status: 'disabled' });
    return { id: created.id };
  },
  update: async (client, op) => {
    // Only what changed: any password in the body, even the same one, revokes the admin's tokens (§2).
    const changed = new Set(op.changes.map((c) => c.path));
    const spec = op.desired?.spec ?? {};
    const body: Record<string, unknown> = {};
    const password = op.desired?.secrets.password;
    if (changed.has('password') && password !== undefined) {
      // A password panelops never sent may be the panel's already: a login tells without writing it.
      const unknown = op.changes.some((c) => c.path === 'password' && c.firstSet === true);
      if (!(unknown && (await client.passwordWorks(op.observed?.key ?? op.key, password)))) body.password = password;
    }
    if (changed.has('role')) body.role_id = await roleId(client, spec.role);
    if (changed.has('telegramId')) body.telegram_id = spec.telegramId;
    if (changed.has('discordWebhook')) body.discord_webhook = spec.discordWebhook;
    if (changed.has('note')) body.note = spec.note;
    if (changed.has('dataLimit')) body.data_limit = spec.dataLimit;
    if (changed.has('disabled')) body.status = spec.disabled === true ? 'disabled' : 'active';
    if (Object.keys(body).length) await client.updateAdmin(numericId(op), body);
  },
  delete: async (client, op) => {
    if (op.observed?.spec.owner === true) throw new Error(`Admin/${op.key} ${OWNER_RULE}`);
    await client.deleteAdmin(numericId(op));
  },
};
