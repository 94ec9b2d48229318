import { describe } from 'vitest';
import { openPanelWorld } from '../helpers/hosting-fixtures.ts';
import { describeMalformedAnswers, rewriteJson } from '../helpers/malformed-answers.ts';

const accounts = `apiVersion: openpanel.panelops.io/v1
kind: AccountList
spec:
  defaults: { plan: basic, password: { env: ACCOUNT_PASS } }
  items:
    - { name: shopone, email: one@x.example }
    - { name: shoptwo, email: two@x.example }
`;

/** Rewrites the 200 answers of one GET route (a path prefix). */
const on = (prefix: string, change: (real: Record<string, unknown>) => unknown) => rewriteJson<Record<string, unknown>>((r) => r.method === 'GET' && r.path.startsWith(prefix), change);

/** OpenPanel reads each account with its own request (openpanel.md §3.1): a 200 without the account is no "does not exist". */
describe('OpenPanel answers that are not what they claim', () => {
  describeMalformedAnswers({
    start: openPanelWorld,
    files: { 'accounts.yaml': accounts },
    urlVar: 'PANEL_URL',
    // Logins are POSTs under /api/ that change nothing.
    writes: (counters) => counters.writes() - counters.get('POST', '/api/'),
    cases: [
      { name: 'an account read answering user: null', tamper: on('/api/users/', (b) => ({ ...b, user: null })), route: /\/api\/users\/\{username\}/ },
      { name: 'an account read without its user field', tamper: on('/api/users/', () => ({ message: 'ok' })), route: /\/api\/users\/\{username\}/ },
      { name: 'plans: null', tamper: on('/api/plans', (b) => ({ ...b, plans: null })), route: /\/api\/plans/ },
      { name: 'a plan row without its name', tamper: on('/api/plans', (b) => ({ ...b, plans: (b.plans as Array<Record<string, unknown>>).map((p) => ({ ...p, name: 1 })) })), route: /\/api\/plans/ },
    ],
  });
});
