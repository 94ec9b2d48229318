import { attach, newClientFields } from './client-ops.ts';
import { fastUuid } from './credentials.ts';
import { GIB } from './depletion.ts';
import type { XuiState } from './state.ts';
import { decodeWriteClient } from './wire-decode.ts';

/**
 * Inserts clients straight into the tables, bypassing HTTP: 100,000 in about a second.
 * Emails are `<prefix><n>@example.com`; quotas, expiries, groups and traffic vary
 * deterministically with the seed.
 */
export function seedClients(state: XuiState, count: number, options: { prefix?: string; inboundTags?: string[] } = {}): void {
  const prefix = options.prefix ?? 'client';
  const tags = options.inboundTags ?? [...state.inbounds.values()].slice(0, 1).map((i) => i.tag);
  const ids = tags.map((t) => {
    const inbound = state.inboundByTag(t);
    if (!inbound) throw new Error(`no inbound tagged ${t}`);
    return inbound.id;
  });
  const template = decodeWriteClient({});
  const now = state.clock.now();
  const start = state.clientsById.size;
  for (let i = 1; i <= count; i++) {
    const n = start + i;
    const w = { ...template, totalGB: n % 4 === 0 ? 0 : (n % 5 + 1) * 10 * GIB, expiryTime: n % 3 === 0 ? 0 : now + (n % 60 + 1) * 86_400_000, group: n % 7 === 0 ? 'legacy' : '', comment: n % 11 === 0 ? `seeded ${n}` : '' };
    const client = state.insertClient(newClientFields(w, `${prefix}${i}@example.com`, fastUuid(state.rng), now), ids[0] ?? 0);
    for (const id of ids) attach(state, client, id);
    const row = state.traffic.get(client.email);
    if (row) row.down = state.rng.int(0, 2 * GIB);
  }
  state.touch();
}
