import { compareSpecs } from '../../../contract/compare-specs.ts';
import { objectSchema, secretRefSchema } from '../../../manifest/schema-fragments.ts';
import type { KindHandler } from '../../kind-handler.ts';
import { liveKey } from '../../kind-handler.ts';
import type { ObservedObject, PanelFacts, Spec } from '../../types.ts';
import { marzbanFacts } from '../facts.ts';
import { MISSING, missingMessage } from '../release.ts';
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

/** Sudo admins other than the session's own: the panel refuses to edit them through the API (§4, §15). */
const otherSudo = new WeakSet<ObservedObject>();

function observe(a: WireAdmin, self: string): ObservedObject {
  const o: ObservedObject = {
    kind: 'Admin',
    key: a.username,
    spec: { sudo: a.is_sudo, telegramId: a.telegram_id ?? null, discordWebhook: a.discord_webhook ?? null },
  };
  if (a.is_sudo && a.username !== self) otherSudo.add(o);
  return o;
}

/**
 * marzban.md §4: is_sudo false is ignored and telegram/discord cannot be cleared, and another
 * sudo admin cannot be edited at all (403): say so instead of planning a write that fails.
 */
function compare(desired: Spec, observed: ObservedObject) {
  if (otherSudo.has(observed)) {
    const changes = compareSpecs(desired, observed.spec);
    const fields = changes.map((c) => c.path).join(', ');
    return { changes: [], notes: changes.length ? [`is another sudo admin: Marzban refuses API edits of it (403), so ${fields} stay as they are (use marzban-cli)`] : [] };
  }
  const notes: string[] = [];
  const skip = new Set<string>();
  if (desired.sudo === false && observed.spec.sudo === true) {
    notes.push('is a sudo admin: Marzban cannot demote through its API (use marzban-cli)');
    skip.add('sudo');
  }
  return { changes: compareSpecs(desired, observed.spec, skip), notes };
}

/** Fields the panel's release does not have (0.4.x: telegram and discord, §11). */
function check(spec: Spec, _key: string, facts: PanelFacts | undefined): Array<[string, string]> {
  const release = marzbanFacts(facts)?.release;
  if (!release) return [];
  return MISSING[release].admin.filter((f) => spec[f] !== undefined).map((f): [string, string] => [`/${f}`, missingMessage(f, release)]);
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
    check,
    exportSpec: exportAdmin,
    // Another sudo admin's password cannot be set through the API (403, §4, §15): noted, never planned.
    uneditable: (o) => (otherSudo.has(o) ? "Marzban refuses API edits of another sudo admin (use marzban-cli)" : undefined),
    // Every sudo admin is refused with 403 (§4): a note in the plan, not a delete that fails.
    undeletable: (o) => (o.spec.sudo === true ? 'Marzban refuses to delete a sudo admin through its API (use marzban-cli)' : undefined),
  },
  list: async (client) => (await client.listAdmins()).map((a) => observe(a, client.username)),
  get: async (client, key) => {
    const found = (await client.listAdmins()).find((a) => a.username === key);
    return found && observe(found, client.username);
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
    // 0.4.x takes a password on every admin PUT (§11): the manifest's, which the panel re-hashes.
    if (client.facts.release === '0.4') {
      body.password = op.desired?.secrets.password;
      if (!body.password) throw new Error(`Admin/${op.key}: Marzban 0.4.x needs the admin's password to change it: add spec.password`);
    }
    if (changed.has('telegramId')) body.telegram_id = spec.telegramId;
    if (changed.has('discordWebhook')) body.discord_webhook = spec.discordWebhook;
    await client.updateAdmin(liveKey(op), body);
  },
  delete: async (client, op) => {
    // Every sudo admin is refused with 403 (§4): fail with the panel's rule, without asking.
    if (op.observed?.spec.sudo === true) throw new Error(`Admin/${op.key}: Marzban refuses to delete a sudo admin through its API (use marzban-cli)`);
    await client.deleteAdmin(liveKey(op));
  },
};
