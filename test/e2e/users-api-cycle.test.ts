import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUsersApiEmulator, type UsersApiEmulator } from '../../controller/emulators/users-api/index.ts';
import { dialectFixture } from '../providers/users-api/flute-fixture.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

type Dialect = 'seed' | 'flute';
const KEY = 'sandbox-users-api-key';

/** The panel's own API, in its own dialect: how users existed before panelops. */
function panelApi(emulator: UsersApiEmulator, dialect: Dialect) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${emulator.url}${path}`, {
      method,
      headers: { 'x-api-key': KEY, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const roleIds: Record<string, number> = dialect === 'flute' ? { admin: 1, user: 2 } : { admin: 1, moderator: 2, user: 3 };
  const roleId = (name: string) => roleIds[name] ?? 0;
  return {
    call,
    async create(login: string, roles: string[]): Promise<number> {
      const body = dialect === 'flute' ? { name: `Staff ${login}`, login, email: `${login}@x.example`, password: 'Old-Pass-2026' } : { username: login, email: `${login}@x.example`, password: 'Old-Pass-2026' };
      const made = await call('POST', '/api/users', body);
      expect(made.status).toBe(201);
      const id = made.body.user.id as number;
      await call('PUT', `/api/users/${id}/roles`, { role_ids: roles.map(roleId) });
      return id;
    },
    /** A user as the panel reports it: login, email, role names, blocked. */
    async read(id: number) {
      const u = (await call('GET', `/api/users/${id}`)).body.user;
      const roles = (u.roles as Array<string | { name: string }>).map((r) => (typeof r === 'string' ? r : r.name)).sort();
      return { login: u.login ?? u.username, email: u.email, roles, blocked: dialect === 'flute' ? u.is_blocked : u.status === 'blocked' };
    },
  };
}

describe.each<Dialect>(['seed', 'flute'])('the operator cycle on a Users API panel (%s dialect)', (dialect) => {
  let emulator: UsersApiEmulator;
  let dir: { path: string; cleanup(): Promise<void> };
  let api: ReturnType<typeof panelApi>;
  const ids: Record<string, number> = {};
  const manifests = () => join(dir.path, 'm');
  const cli = (...args: string[]) => runCli([...args, '--state-dir', join(dir.path, 'state')], { PANEL_URL: emulator.url, UA_KEY: KEY, USER_PASS: 'New-Pass-2026' });

  beforeAll(async () => {
    emulator = await startUsersApiEmulator({ seed: 4, compat: dialect });
    api = panelApi(emulator, dialect);
    dir = await tempDir();
    await writeFiles(manifests(), { 'panel.yaml': dialectFixture(dialect).panelYaml('{ prune: true }') });
    ids.ava = await api.create('ava', ['admin']);
    ids.ben = await api.create('ben', ['user']);
    ids.cal = await api.create('cal', ['user']);
    // A moderator blocks cal: through the API on the seed; Flute's API cannot (500), only its admin panel.
    const blocked = await api.call('POST', `/api/users/${ids.cal}/block`, { reason: 'Spamming the forum' });
    if (dialect === 'flute') {
      expect(blocked.status).toBe(500);
      const cal = emulator.state.users.get(ids.cal);
      if (cal) cal.block = { reason: 'Spamming the forum', until: null, from: Date.now() };
    } else expect(blocked.status).toBe(200);
  });
  afterAll(async () => {
    await emulator.close();
    await dir.cleanup();
  });

  it('imports the live users, and the imported manifests plan nothing', { timeout: 120_000 }, async () => {
    const imported = await cli('import', '--panel', 'ua', '-f', manifests());
    expect(imported.code, imported.stderr).toBe(0);
    const plan = await cli('plan', '-f', manifests());
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    // The seed's blocks are imported as manifest fields; Flute's are its admin panel's, reported and kept.
    if (dialect === 'flute') expect(plan.stdout).toContain('cal: blocked (reason: Spamming the forum) on the panel');
    else expect(await readFile(join(manifests(), (await readdir(manifests())).find((f) => f !== 'panel.yaml') ?? ''), 'utf8')).toContain('Spamming the forum');
  });

  it('applies an edit (an email, a role set, a new user) and then plans nothing', { timeout: 120_000 }, async () => {
    const file = (await readdir(manifests())).find((f) => f !== 'panel.yaml') ?? '';
    const text = await readFile(join(manifests(), file), 'utf8');
    // ben's email changes: Flute's whole-user update needs the password, so the item names it.
    const edited = text
      .replace('email: ben@x.example', 'email: ben@new.example\n      password: { env: USER_PASS }')
      .replace(/(name: ava[\s\S]*?roles:)[^\n]*(\n(?:\s+- [^\n]*\n)*)/, '$1 [admin, user]\n');
    expect(edited).not.toBe(text);
    await writeFile(join(manifests(), file), edited);
    await writeFiles(manifests(), {
      'new.yaml': 'apiVersion: usersapi.panelops.io/v1\nkind: User\nmetadata: { name: dee }\nspec: { email: dee@x.example, password: { env: USER_PASS }, roles: [user] }\n',
    });
    const plan = await cli('plan', '-f', manifests());
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    const applied = await cli('apply', '-f', manifests(), '--auto-approve');
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const again = await cli('plan', '-f', manifests());
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });

  it('the panel shows the edit, kept the block, and no password changed that the manifests did not give', { timeout: 120_000 }, async () => {
    expect(await api.read(ids.ava ?? 0)).toMatchObject({ roles: ['admin', 'user'] });
    expect(await api.read(ids.ben ?? 0)).toMatchObject({ email: 'ben@new.example', roles: ['user'] });
    expect(await api.read(ids.cal ?? 0)).toMatchObject({ blocked: true, roles: ['user'] });
    expect(emulator.state.checkPassword('ava', 'Old-Pass-2026')).toBe(true);
    expect(emulator.state.checkPassword('cal', 'Old-Pass-2026')).toBe(true);
    expect(emulator.state.checkPassword('dee', 'New-Pass-2026')).toBe(true);
    const dee = emulator.state.byUsername('dee');
    expect(dee && (await api.read(dee.id))).toMatchObject({ login: 'dee', roles: ['user'], blocked: false });
  });
});
