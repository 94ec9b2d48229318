import { xuiProvider } from './3x-ui/index.ts';
import { marzbanProvider } from './marzban/index.ts';
import { openPanelProvider } from './openpanel/index.ts';
import { pasarGuardProvider } from './pasarguard/index.ts';
import { ProviderRegistry } from './registry.ts';
import { remnawaveProvider } from './remnawave/index.ts';
import { usersApiProvider } from './users-api/index.ts';

/** Every provider panelops ships, in one registry. */
export const defaultRegistry = (): ProviderRegistry => new ProviderRegistry([marzbanProvider, xuiProvider, openPanelProvider, usersApiProvider, pasarGuardProvider, remnawaveProvider]);
