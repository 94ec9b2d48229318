import { describe } from 'vitest';
import { remnawaveEmulatorWorld } from '../helpers/remnawave-fixture.ts';
import { describeMalformedAnswers, rewriteJson } from '../helpers/malformed-answers.ts';

const files = {
  'squads.yaml': 'apiVersion: remnawave.panelops.io/v1\nkind: InternalSquad\nmetadata: { name: ss-only }\nspec: { inbounds: [Shadowsocks] }\n',
  'users.yaml': 'apiVersion: remnawave.panelops.io/v1\nkind: User\nmetadata: { name: annx }\nspec: { dataLimit: 5GiB, squads: [ss-only] }\n',
};

const on = (path: string, change: (real: Record<string, unknown>) => unknown) => rewriteJson<Record<string, unknown>>((r) => r.method === 'GET' && r.path === path, change);
const inResponse = (change: (inner: Record<string, unknown>) => unknown) => (b: Record<string, unknown>) => ({ response: change(b.response as Record<string, unknown>) });

describe('Remnawave list answers that are not lists', () => {
  describeMalformedAnswers({
    start: () => remnawaveEmulatorWorld(),
    files,
    urlVar: 'LANE_URL',
    writes: (counters) => counters.writes(),
    cases: [
      { name: 'users: null in the stream', tamper: on('/api/users/stream', inResponse((r) => ({ ...r, users: null }))), route: /\/api\/users\/stream/ },
      { name: 'no response envelope (an error body with HTTP 200)', tamper: on('/api/users/stream', () => ({ message: 'maintenance' })), route: /\/api\/users\/stream/ },
      { name: 'internalSquads as an object', tamper: on('/api/internal-squads', inResponse((r) => ({ ...r, internalSquads: {} }))), route: /\/api\/internal-squads/ },
      { name: 'a user row without a username', tamper: on('/api/users/stream', inResponse((r) => ({ ...r, users: [{ id: 1 }] }))), route: /\/api\/users\/stream/ },
    ],
  });
});
