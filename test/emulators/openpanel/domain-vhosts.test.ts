import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenPanelEmulator, type OpenPanelEmulator } from '../../../controller/emulators/openpanel/index.ts';
import { openPanelAdmin } from '../../helpers/hosting-fixtures.ts';

/** openpanel.md §9: domain suspension copies vhosts around, and rc 0 does not say what is served. */
describe('OpenPanel emulator: domain suspension', () => {
  let emu: OpenPanelEmulator;
  let op: Awaited<ReturnType<typeof openPanelAdmin>>;
  const serving = () => emu.state.domains.get('shop.example')?.serving;
  beforeEach(async () => {
    emu = await startOpenPanelEmulator({ seed: 1 });
    op = await openPanelAdmin(emu);
    await op.create('shop');
    await op.addDomain('shop', 'shop.example');
  });
  afterEach(() => emu.close());

  it('suspend → unsuspend → suspend answers rc 0 "already suspended" while the site stays live', async () => {
    expect((await op.call('POST', '/api/domains/suspend/shop.example', {})).body?.returncode).toBe(0);
    expect(serving()).toBe('suspended-page');
    await op.call('POST', '/api/domains/unsuspend/shop.example', {});
    expect(serving()).toBe('site');
    expect((await op.call('POST', '/api/domains/suspend/shop.example', {})).body).toMatchObject({ returncode: 0, stdout: 'Domain is already suspended.' });
    expect(serving()).toBe('site');
  });

  it('an account unsuspend re-activates a domain suspended on its own; a suspended owner takes no domain', async () => {
    await op.call('POST', '/api/domains/suspend/shop.example', {});
    await op.suspend('shop');
    expect((await op.addDomain('shop', 'two.example')).body?.returncode).toBe(1);
    await op.call('PATCH', '/api/users/shop', { action: 'unsuspend' });
    expect(serving()).toBe('site');
  });
});
