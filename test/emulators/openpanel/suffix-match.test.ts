import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenPanelEmulator, type OpenPanelEmulator } from '../../../controller/emulators/openpanel/index.ts';
import { openPanelAdmin } from '../../helpers/hosting-fixtures.ts';

/** openpanel.md §9: reads, unsuspends and deletes match names by an unescaped suffix on suspended rows. */
describe('OpenPanel emulator: the suffix match on suspended accounts', () => {
  let emu: OpenPanelEmulator;
  let op: Awaited<ReturnType<typeof openPanelAdmin>>;
  beforeEach(async () => {
    emu = await startOpenPanelEmulator({ seed: 1 });
    op = await openPanelAdmin(emu);
    await op.create('jimbob');
    await op.addDomain('jimbob', 'jimbob.example');
    await op.suspend('jimbob');
  });
  afterEach(() => emu.close());

  it('answers a read of "bob" with the suspended jimbob, and lets "bob" be created (the create check is exact)', async () => {
    expect((await op.call('GET', '/api/users/bob')).body?.user.user.username).toMatch(/^SUSPENDED_\d{14}_jimbob$/);
    expect((await op.create('bob')).status).toBe(201);
    // LIMIT 1 in name order (§10.2): "bob" sorts before "SUSPENDED_…", so bob's own row answers now.
    expect((await op.call('GET', '/api/users/bob')).body?.user.user.username).toBe('bob');
    expect((await op.call('GET', '/api/domains')).body?.domains[0].username).toMatch(/^SUSPENDED_\d{14}_jimbob$/);
  });

  it('unsuspend of "bob" renames jimbob\'s row to "bob"; delete of "bob" deletes every matching row', async () => {
    expect((await op.call('PATCH', '/api/users/bob', { action: 'unsuspend' })).status).toBe(201);
    expect(emu.state.byName('jimbob')).toBeUndefined();
    expect(emu.state.byName('bob')?.email).toBe('jimbob@seed.example');
    await op.suspend('bob');
    await op.create('jimbob');
    await op.suspend('jimbob');
    await op.create('bob2');
    expect((await op.call('DELETE', '/api/users/bob', {})).status).toBe(201);
    expect(emu.state.byName('bob')).toBeUndefined();
    expect(emu.state.byName('jimbob')).toBeUndefined();
    expect(emu.state.byName('bob2')).toBeDefined();
    expect(emu.state.domains.size).toBe(0);
  });

  it('an armed lost answer: the delete is carried out and answered 504', async () => {
    await op.create('alice');
    emu.loseNextAnswer('DELETE /api/users/alice');
    expect((await op.call('DELETE', '/api/users/alice', {})).status).toBe(504);
    expect(emu.state.byName('alice')).toBeUndefined();
  });
});
