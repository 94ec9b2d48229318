import { afterAll, beforeAll, describe, it } from 'vitest';
import type { LaneApi } from '../lane/http.ts';
import { connectPasarGuard } from '../lane/pasarguard/api.ts';
import { pasarGuardEmulatorSource } from '../lane/pasarguard/emulator-target.ts';
import { pasarGuardCleanup } from '../lane/pasarguard/snapshot.ts';
import { secretKeepingCycle } from '../lane/pasarguard/secret-cycle.ts';
import type { LaneTarget } from '../lane/target.ts';

/**
 * The whole operator cycle on the PasarGuard v5.2.1 emulator, as test/real/pasarguard.real.test.ts
 * runs it on the real server: seeded through the API, import, plan 0, an edit to every kind,
 * apply, plan 0; credentials, traffic and next plans unmoved, untouched objects byte-identical,
 * secrets nowhere in what panelops printed or stored.
 */
describe('PasarGuard v5.2.1: import, plan, edit, apply, plan', () => {
  let target: LaneTarget;
  let api: LaneApi;
  beforeAll(async () => {
    target = await pasarGuardEmulatorSource().open();
    api = await connectPasarGuard(target);
  });
  afterAll(async () => {
    await pasarGuardCleanup(api, target.prefix);
    await target.close();
  });

  it('converges, and changes nothing it was not asked to', () => secretKeepingCycle({ target, api, prefix: target.prefix }));
});
