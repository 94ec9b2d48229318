import { describe } from 'vitest';
import { usersApiWorld } from '../helpers/hosting-fixtures.ts';
import { describeMalformedAnswers, rewriteJson } from '../helpers/malformed-answers.ts';

const users = ['ann', 'ben']
  .map((n) => `apiVersion: usersapi.panelops.io/v1\nkind: User\nmetadata: { name: ${n}x }\nspec: { email: ${n}@example.org, password: { env: USER_PASS } }\n`)
  .join('---\n');

/** Rewrites GET /api/users pages (the list; reads of one user by id are left alone). */
const onList = (change: (real: Record<string, unknown>) => unknown) => rewriteJson<Record<string, unknown>>((r) => r.method === 'GET' && r.path === '/api/users', change);

describe('Users API list answers that are not lists', () => {
  describeMalformedAnswers({
    start: usersApiWorld,
    files: { 'users.yaml': users },
    urlVar: 'PANEL_URL',
    writes: (counters) => counters.writes(),
    cases: [
      { name: 'users: null', tamper: onList((b) => ({ ...b, users: null })), route: /\/api\/users/ },
      { name: 'users missing (an error envelope with HTTP 200)', tamper: onList(() => ({ error: 'maintenance' })), route: /\/api\/users/ },
      { name: 'users as an object', tamper: onList((b) => ({ ...b, users: {} })), route: /\/api\/users/ },
      { name: 'a row that is no object', tamper: onList((b) => ({ ...b, users: ['ann'] })), route: /\/api\/users/ },
    ],
  });
});
