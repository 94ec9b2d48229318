import { describe, expect, it } from 'vitest';
import { marzbanToGroupsAndSquads } from '../lane/fleet-migration-groups-squads.ts';
import { realTargets } from '../lane/target.ts';

// Marzban 0.8.4, the release its users move from (design.md §9), onto the running PasarGuard and Remnawave.
const marzban = realTargets('marzban', 'fg').find((t) => t.version === '0.8.4');
const pasarguard = realTargets('pasarguard')[0];
const remnawave = realTargets('remnawave')[0];

describe.skipIf(!marzban || !pasarguard || !remnawave)('real lane: users of a running Marzban 0.8.4 migrated as subscribers onto a running PasarGuard and Remnawave', () => {
  it('keeps every VLESS, Trojan and Shadowsocks key byte for byte, every limit, expiry and status; refuses what Remnawave cannot hold; converges', async () => {
    if (!marzban || !pasarguard || !remnawave) return;
    const result = await marzbanToGroupsAndSquads({ marzban, pasarguard, remnawave });
    expect(result).toMatchObject({ users: 6, onPasarGuard: 6, onRemnawave: 4 });
    console.log(`migration from Marzban ${marzban.version} onto PasarGuard ${pasarguard.version} and Remnawave ${remnawave.version}: ${JSON.stringify(result)}`);
  }, 180_000);
});
