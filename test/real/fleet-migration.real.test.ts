import { describe, expect, it } from 'vitest';
import { marzbanToXuiMigration } from '../lane/fleet-migration-case.ts';
import { realTargets } from '../lane/target.ts';

const targets = realTargets('marzban', 'fm');

describe.skipIf(targets.length === 0)('real lane: users of a running Marzban migrated as subscribers onto 3x-ui (emulated)', () => {
  for (const target of targets) {
    it(`Marzban ${target.version}: keys byte for byte, every mapped field exact, next plan empty`, async () => {
      const result = await marzbanToXuiMigration(target);
      expect(result.users).toBe(5);
      console.log(`migration from Marzban ${target.version}: ${result.users} users, ${result.requestsPerUser.toFixed(2)} requests to 3x-ui per user`);
    });
  }
});
