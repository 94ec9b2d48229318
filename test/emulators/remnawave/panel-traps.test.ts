import { afterAll, beforeAll, describe } from 'vitest';
import { remnawavePanelTraps } from '../../lane/remnawave-panel-traps.ts';
import { remnawaveEmulatorTarget } from '../../lane/remnawave-target.ts';
import type { LaneTarget } from '../../lane/target.ts';

describe('Remnawave emulator: the panel\'s traps (the same cases run on the real panel)', () => {
  let target: LaneTarget;
  beforeAll(async () => {
    target = await remnawaveEmulatorTarget();
  });
  afterAll(() => target.close());
  remnawavePanelTraps(() => target);
});
