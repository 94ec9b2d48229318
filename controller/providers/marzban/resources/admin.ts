import { compareSpecs } from '../../../contract/compare-specs.ts';
import { objectSchema, secretRefSchema } from '../../../manifest/schema-fragments.ts';
import type { KindHandler } from '../../kind-handler.ts';
import { liveKey } from '../../kind-handler.ts';
import type { ObservedObject, Spec } from '../../types.ts';
import type { MarzbanClient } from '../client.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import type { WireAdmin } from '../wire.ts';
import { exportAdmin } from './exports.ts';

const specSchema = objectSchema({
  sudo: { type: 'boolean', description: 'Sudo admins manage everything. Marzban cannot demote through its API.' },
  password: secretRefSchema('Login password; required to create the admin. Changing it logs the admin out everywhere.'),
  telegramId: { type: 'integer', minimum: 1 },
  discordWebhook: { type: 'string', pattern: '^https://discord\\.com', description: 'Must start with https://discord.com.' },
});

function observe(a: WireAdmin): ObservedObject {
  return {
    kind: 'Admin',
    key: a.username,
    spec: { sudo: a.is_sudo, telegramId: a.telegram_id ?? null, discordWebhook: a.discord_webhook ?? null },
  };
}

/** marzban.md §4: is_sudo false is ignored and telegram/discord cannot be cleared; say so instead of fighting. */
function compare(desired: Spec, observed: ObservedObject) {
  const notes: string[] = [];
  const skip = new Set<string>();
  if (desired.sudo === false && observed.spec.sudo === true) {
    notes.push('is a sudo admin: Marzban cannot demote through its API (use marzban-cli)');
    skip.add('sudo');
  }
  return { changes: compareSpecs(desired, observed.spec, skip), notes };
}

export const adminHandler: KindHandler<MarzbanClient> = {
  descriptor: {
    kind: 'Admin',
    apiVersion: API_VERSION,
    order: ORDER.Admin,
    specSchema,
    nameSchema: { type: 'string', minLength: 1, maxLength: 34 },
    secretFields: ['password'],
    compare,
    exportSpec: exportAdmin,
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
    await client.createAdmin({
      username: op.key,
      password,
      is_sudo: spec.sudo === true,
      ...(spec.telegramId !== undefined ? { telegram_id: spec.telegramId } : {}),
      ...(spec.discordWebhook !== undefined ? { discord_webhook: spec.discordWebhook } : {}),
    });
  },
  update: async (client, op) => {
    // Only what changed is sent. is_sudo is required by the API: send the live value unless
    // the manifest raises it, so an update never demotes (it could not anyway) nor promotes.
    const changed = new Set(op.changes.map((c) => c.path));
    const spec = op.desired?.spec ?? {};
    const body: Record<string, unknown> = { is_sudo: changed.has('sudo') ? spec.sudo : op.observed?.spec.sudo };
    if (changed.has('password')) body.password = op.desired?.secrets.password;
    if (changed.has('telegramId')) body.telegram_id = spec.telegramId;
    if (changed.has('discordWebhook')) body.discord_webhook = spec.discordWebhook;
    await client.updateAdmin(liveKey(op), body);
  },
  delete: async (client, op) => {
    await client.deleteAdmin(liveKey(op));
  },
};
