import { remnawaveAdapter } from './remnawave/index.ts';
import { remnawaveEmulatorSource } from './remnawave/emulator-target.ts';
import { laneSuite } from './suite.ts';

// The lane's cases against the Remnawave 3.3.2 emulator; test/real/remnawave.real.test.ts runs the same against a real panel.
laneSuite(remnawaveAdapter, [remnawaveEmulatorSource('3.3.2')]);
