import { afterEach, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { DEFAULT_OWNER, startPasarGuardEmulator, type PasarGuardEmulator } from '../../controller/emulators/pasarguard/index.ts';
import { startRemnawaveEmulator, type RemnawaveEmulator } from '../../controller/emulators/remnawave/index.ts';
import { marzbanToGroupsAndSquads } from '../lane/fleet-migration-groups-squads.ts';
import { runPrefix, type LaneTarget } from '../lane/target.ts';

const target = (type: string, version: string, url: string, auth: LaneTarget['auth']): LaneTarget => ({ where: 'emulator', type, version, url, auth, prefix: runPrefix('fg'), close: async () => {} });

describe('migration: Marzban users as subscribers placed on PasarGuard (by group) and Remnawave (by squad), emulated', () => {
  let running: Array<MarzbanEmulator | PasarGuardEmulator | RemnawaveEmulator> = [];
  afterEach(async () => {
    await Promise.all(running.map((e) => e.close()));
    running = [];
  });

  it('keeps every VLESS, Trojan and Shadowsocks key byte for byte, limits, expiries and statuses exact; refuses what Remnawave cannot hold; converges', async () => {
    const marzban = await startMarzbanEmulator({ seed: 3 });
    const pasarguard = await startPasarGuardEmulator({ seed: 3 });
    const remnawave = await startRemnawaveEmulator({ seed: 3 });
    running = [marzban, pasarguard, remnawave];
    const result = await marzbanToGroupsAndSquads({
      marzban: target('marzban', '0.8.4', marzban.url, { username: 'admin', password: 'sandbox-admin-pass' }),
      pasarguard: target('pasarguard', 'v5.2.1', pasarguard.url, { ...DEFAULT_OWNER }),
      remnawave: target('remnawave', '3.3.2', remnawave.url, { token: remnawave.apiToken }),
      makeLimited: (name) => {
        marzban.setUsedTraffic(name, 2 * 2 ** 30);
        marzban.tick();
      },
      requests: () => ({ pasarguard: pasarguard.counters.total(), remnawave: remnawave.counters.total() }),
    });
    expect(result).toMatchObject({ users: 7, onPasarGuard: 7, onRemnawave: 5 });
    expect(result.refused).toHaveLength(2);
    expect(result.requestsPerUser?.pasarguard).toBeLessThan(10);
    expect(result.requestsPerUser?.remnawave).toBeLessThan(10);
    console.log(`requests per migrated user: ${JSON.stringify(result.requestsPerUser)}`);
  });
});
