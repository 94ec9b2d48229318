import { afterAll, describe, it } from 'vitest';
import type { LaneApi } from '../lane/http.ts';
import { connectPasarGuard } from '../lane/pasarguard/api.ts';
import { pasarGuardAdapter } from '../lane/pasarguard/index.ts';
import { secretKeepingCycle } from '../lane/pasarguard/secret-cycle.ts';
import { pasarGuardCleanup } from '../lane/pasarguard/snapshot.ts';
import { laneSuite, realSources } from '../lane/suite.ts';
import { realTargets } from '../lane/target.ts';

// The lane's cases against the running PasarGuard servers named by PANELOPS_REAL_PANELS (README.md here);
// without it the file says so and skips.
laneSuite(pasarGuardAdapter, realSources('pasarguard'));

// The operator cycle once more, looking for the node's key and the admin's password in everything panelops wrote.
for (const target of realTargets('pasarguard', 'ps')) {
  describe(`PasarGuard ${target.version} (real): secrets through the operator cycle`, () => {
    let api: LaneApi | undefined;
    afterAll(async () => {
      if (api) await pasarGuardCleanup(api, target.prefix);
    });
    it('import, plan 0, edits, apply, plan 0: no key or password in any output or state', async () => {
      api = await connectPasarGuard(target);
      await secretKeepingCycle({ target, api, prefix: target.prefix });
    });
  });
}
