import { describe, expect, it } from 'vitest';
import { startMarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { marzbanToXuiMigration } from '../lane/fleet-migration-case.ts';
import { runPrefix } from '../lane/target.ts';

describe('lane: Marzban 0.8.4 users migrated as subscribers onto 3x-ui (emulated Marzban)', () => {
  it('keeps every key and mapped field, and converges', async () => {
    const emu = await startMarzbanEmulator({ seed: 1, version: '0.8.4' });
    try {
      const result = await marzbanToXuiMigration({ where: 'emulator', type: 'marzban', version: '0.8.4', url: emu.url, auth: { username: 'admin', password: 'sandbox-admin-pass' }, prefix: runPrefix('fm'), close: () => emu.close() });
      expect(result.users).toBe(5);
    } finally {
      await emu.close();
    }
  });
});
