import { startOpenPanelEmulator, type OpenPanelEmulator, type OpenPanelEmulatorOptions } from '../../controller/emulators/openpanel/index.ts';
import { startUsersApiEmulator, type UsersApiEmulator, type UsersApiEmulatorOptions } from '../../controller/emulators/users-api/index.ts';
import { startWorld, type PanelFixture, type World } from './world.ts';

const panel = (name: string, type: string, auth: string) => (policy = '{ prune: true }') => `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: ${name} }
spec:
  type: ${type}
  url: { env: PANEL_URL }
  auth: ${auth}
  limits: { concurrency: 4, requestsPerSecond: 0 }
  policy: ${policy}
`;

/**
 * A world runs many commands in a few seconds, each logging in once: its panel allows more
 * logins in a burst than the real default of 5 (openpanel.md §9). The bucket's own tests use
 * the default.
 */
export const openPanelFixture = (options: OpenPanelEmulatorOptions = {}): PanelFixture<OpenPanelEmulator> => ({
  start: () => startOpenPanelEmulator({ seed: 1, loginBucket: { burst: 500, refillMs: 12_000 }, ...options }),
  panelYaml: panel('op', 'openpanel', '{ username: admin, password: { env: OP_PASS } }'),
  env: (e) => ({ PANEL_URL: e.url, OP_PASS: 'sandbox-op-pass', ACCOUNT_PASS: 'Strong-Pass-2026!', OTHER_PASS: 'Another-Pass-2026!' }),
});

export const usersApiFixture = (options: UsersApiEmulatorOptions = {}): PanelFixture<UsersApiEmulator> => ({
  start: async () => {
    const e = await startUsersApiEmulator({ seed: 1, ...options });
    e.seedUsers(5, { prefix: 'member' });
    return e;
  },
  panelYaml: panel('ua', 'users-api', '{ apiKey: { env: UA_KEY } }'),
  env: (e) => ({ PANEL_URL: e.url, UA_KEY: 'sandbox-users-api-key', USER_PASS: 'Member-Pass-2026' }),
});

export type OpenPanelWorld = World<OpenPanelEmulator>;
export type UsersApiWorld = World<UsersApiEmulator>;
export const openPanelWorld = (o: OpenPanelEmulatorOptions = {}): Promise<OpenPanelWorld> => startWorld(openPanelFixture(o));
export const usersApiWorld = (o: UsersApiEmulatorOptions = {}): Promise<UsersApiWorld> => startWorld(usersApiFixture(o));

/** Calls the OpenPanel emulator's own API as an admin, the way an operator's tools would. */
export async function openPanelAdmin(e: OpenPanelEmulator) {
  const login = await fetch(`${e.url}/api/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'sandbox-op-pass' }) });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${e.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    const isJson = res.headers.get('content-type')?.includes('json') === true;
    return { status: res.status, body: (isJson && text ? JSON.parse(text) : undefined) as Record<string, any> | undefined }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  return {
    call,
    create: (username: string, plan = 'basic', password = 'Seeded-Pass-2026!') => call('POST', '/api/users', { username, email: `${username}@seed.example`, password, plan_name: plan }),
    suspend: (username: string) => call('PATCH', `/api/users/${username}`, { action: 'suspend' }),
    addDomain: (username: string, domain: string) => call('POST', '/api/domains/new', { username, domain }),
  };
}
