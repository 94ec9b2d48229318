import { marzbanAdapter } from './marzban/index.ts';
import { marzbanEmulatorSource } from './marzban/emulator-target.ts';
import { laneSuite } from './suite.ts';

// The lane's cases against every Marzban release the emulator reproduces; test/real/marzban.real.test.ts
// runs the same cases against real servers, so a difference shows as a case passing on one side only.
// The last one is set up as test/real/compose.yaml starts the published image: the sudo admin comes from the environment.
laneSuite(marzbanAdapter, [marzbanEmulatorSource('0.4.2'), marzbanEmulatorSource('0.7.0'), marzbanEmulatorSource('0.8.4'), marzbanEmulatorSource('0.8.4', { envSudoer: true })]);
