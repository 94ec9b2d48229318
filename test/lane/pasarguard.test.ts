import { pasarGuardAdapter } from './pasarguard/index.ts';
import { pasarGuardEmulatorSource } from './pasarguard/emulator-target.ts';
import { laneSuite } from './suite.ts';

// The lane's cases (operator cycle, conformance, every trap of pasarguard.md) against the v5.2.1 emulator;
// test/real/pasarguard.real.test.ts runs the same cases against a real server.
laneSuite(pasarGuardAdapter, [pasarGuardEmulatorSource()]);
