import { marzbanAdapter } from './marzban/index.ts';
import { marzbanEmulatorSource } from './marzban/emulator-target.ts';
import { laneSuite } from './suite.ts';

// The lane's cases against every Marzban release the emulator reproduces; test/real/marzban.real.test.ts
// runs the same cases against real servers, so a difference shows as a case passing on one side only.
laneSuite(marzbanAdapter, [marzbanEmulatorSource('0.4.2'), marzbanEmulatorSource('0.7.0'), marzbanEmulatorSource('0.8.4')]);
