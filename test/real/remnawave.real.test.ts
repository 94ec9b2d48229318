import { afterAll, describe } from 'vitest';
import { remnawaveApi } from '../helpers/remnawave-api.ts';
import { remnawavePanelTraps } from '../lane/remnawave-panel-traps.ts';
import { cleanUp } from '../lane/remnawave-seed.ts';
import { realTargets } from '../lane/target.ts';

const targets = realTargets('remnawave', 'rw');

/** The Remnawave lane on running panels (PANELOPS_REAL_PANELS): the same cases as the emulator's. */
describe.runIf(targets.length > 0).each(targets)('Remnawave $version at $url', (target) => {
  afterAll(() => cleanUp(remnawaveApi(target.url, target.auth.token ?? ''), target.prefix));
  describe('the panel\'s traps', () => remnawavePanelTraps(() => target));
});
