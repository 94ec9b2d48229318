/**
 * The floors plans are held to: the same reads a plan makes, in a bare HTTP loop that reads the
 * bodies and does nothing else, from the bench process that serves the emulators.
 */
import { pool } from './measure.ts';

export const XUI_TOKEN = 'sandbox-xui-token-0123456789abcdef0123456789abcdef';

/** Marzban: a login and every user page; 3x-ui: the one client list. */
export async function readVpnPages(mzUrl: string, xuiUrl: string, users: number, pageSize: number): Promise<void> {
  const login = await fetch(`${mzUrl}/api/admin/token`, { method: 'POST', body: new URLSearchParams({ username: 'admin', password: 'sandbox-admin-pass' }) });
  const token = ((await login.json()) as { access_token: string }).access_token;
  for (let offset = 0; offset < users; offset += pageSize) {
    await (await fetch(`${mzUrl}/api/users?${offset ? `offset=${offset}&` : ''}limit=${pageSize}`, { headers: { authorization: `Bearer ${token}` } })).text();
  }
  await (await fetch(`${xuiUrl}/panel/api/clients/list`, { headers: { authorization: `Bearer ${XUI_TOKEN}` } })).text();
}

/** OpenPanel lists no accounts: one read per account, `concurrency` at a time (a token from one login). */
export async function readAccounts(opUrl: string, accounts: readonly string[], concurrency: number): Promise<void> {
  const login = await fetch(`${opUrl}/api/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'sandbox-op-pass' }) });
  const { access_token: token } = (await login.json()) as { access_token: string };
  await pool(accounts, concurrency, async (u) => void (await (await fetch(`${opUrl}/api/users/${u}`, { headers: { authorization: `Bearer ${token}` } })).text()));
}
