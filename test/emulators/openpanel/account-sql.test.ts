import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenPanelEmulator, type OpenPanelEmulator } from '../../../controller/emulators/openpanel/index.ts';
import { openPanelAdmin } from '../../helpers/hosting-fixtures.ts';

/** openpanel.md §10.1-§10.7, §10.9: the panel's account SQL as MariaDB 10.11 runs it. */
describe('OpenPanel emulator: the account lookups of read, delete and unsuspend', () => {
  let emu: OpenPanelEmulator;
  let op: Awaited<ReturnType<typeof openPanelAdmin>>;
  beforeEach(async () => {
    emu = await startOpenPanelEmulator({ seed: 1 });
    op = await openPanelAdmin(emu);
  });
  afterEach(() => emu.close());
  const username = async (name: string) => (await op.call('GET', `/api/users/${name}`)).body?.user?.user.username as string | undefined;

  it('the read and the delete pick different rows: bob\'s own for the read, jimbob\'s home for the delete (§10.2, §10.3)', async () => {
    await op.create('jimbob');
    await op.create('bob');
    await op.suspend('bob');
    await op.suspend('jimbob');
    expect(await username('bob')).toMatch(/^SUSPENDED_\d{14}_bob$/);
    expect((await op.call('DELETE', '/api/users/bob', {})).status).toBe(201);
    // Both rows went; the home and Linux user removed are jimbob's, bob's survive.
    expect(emu.state.byName('bob')).toBeUndefined();
    expect(emu.state.byName('jimbob')).toBeUndefined();
    expect(emu.state.linuxUsers.has('jimbob')).toBe(false);
    expect(emu.state.linuxUsers.has('bob')).toBe(true);
  });

  it('the LIKE is case-insensitive and its first _ a wildcard: deleting bob deletes the active suspendedbybob (§10.1)', async () => {
    await op.create('bob');
    await op.create('suspendedbybob');
    await op.create('suspendbob');
    expect((await op.call('DELETE', '/api/users/bob', {})).status).toBe(201);
    expect(emu.state.byName('suspendedbybob')).toBeUndefined();
    // Its Linux user stays behind, with no row: the census still lists it (§10.5, §10.9).
    expect(Object.keys((await op.call('GET', '/api/usage/disk')).body ?? {})).toContain('suspendedbybob');
    expect(emu.state.byName('suspendbob')).toBeDefined();
  });

  it('a matched row owning a domain fails the foreign key: every row survives, the picked home does not, and the answer is 201 (§10.4)', async () => {
    await op.create('bob');
    await op.create('jimbob');
    await op.addDomain('jimbob', 'jimbob.example');
    await op.suspend('jimbob');
    expect((await op.call('DELETE', '/api/users/bob', {})).status).toBe(201);
    expect(emu.state.byName('bob')).toBeDefined();
    expect(emu.state.byName('jimbob')).toBeDefined();
    expect(emu.state.linuxUsers.has('bob')).toBe(false);
  });

  it('unsuspend with two suspended matches fails on the unique key on every run; with one foreign match it renames that row (§10.6, §10.7)', async () => {
    await op.create('bob');
    await op.create('jimbob');
    await op.suspend('bob');
    await op.suspend('jimbob');
    for (let i = 0; i < 2; i++) expect((await op.call('PATCH', '/api/users/bob', { action: 'unsuspend' })).status).toBe(500);
    expect(emu.state.byName('bob')?.username).toMatch(/^SUSPENDED_/);
    // bob's row goes (say, deleted by someone else): the unsuspend now renames jimbob's row.
    const own = emu.state.byName('bob');
    if (own) emu.state.deleteRow(own);
    expect((await op.call('PATCH', '/api/users/bob', { action: 'unsuspend' })).status).toBe(201);
    const renamed = emu.state.byName('bob');
    expect(renamed?.email).toBe('jimbob@seed.example');
    expect(renamed?.context).toBe('jimbob');
  });

  it('the census lists every Linux user by plain name, suspended ones too; with quotas off it is empty (§10.9)', async () => {
    await op.create('bob');
    await op.create('jimbob');
    await op.suspend('jimbob');
    expect(Object.keys((await op.call('GET', '/api/usage/disk')).body ?? {}).sort()).toEqual(['bob', 'jimbob']);
    const off = await startOpenPanelEmulator({ seed: 1, diskQuotas: false });
    const offOp = await openPanelAdmin(off);
    await offOp.create('bob');
    expect((await offOp.call('GET', '/api/usage/disk')).body).toEqual({});
    await off.close();
  });
});
