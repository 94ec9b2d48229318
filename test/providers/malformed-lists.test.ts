import { describe } from 'vitest';
import { describeMalformedAnswers, rewriteJson } from '../helpers/malformed-answers.ts';
import { marzbanPanel, marzbanWorld } from '../helpers/marzban-fixture.ts';

const users = ['alice', 'bob', 'carol', 'dave', 'erin']
  .map((name) => `apiVersion: marzban.panelops.io/v1\nkind: User\nmetadata: { name: ${name} }\nspec: { proxies: { vless: {} }, dataLimit: 5GiB }\n`)
  .join('---\n');

type Page = { users: Array<Record<string, unknown>>; total: number };
/** Rewrites the JSON of GET /api/users answers. */
const onUsers = (change: (body: Page) => unknown) => rewriteJson<Page>((r) => r.method === 'GET' && r.path === '/api/users', change);

/** Answers that are not the list they claim to be: each must fail the panel's read, never read as "no users". */
const MALFORMED: Array<[string, (body: Page) => unknown]> = [
  ['a string where the array should be', (b) => ({ ...b, users: 'alice,bob' })],
  ['users: null', (b) => ({ ...b, users: null })],
  ['an object where the array should be', (b) => ({ ...b, users: {} })],
  ['the users field missing', (b) => ({ total: b.total })],
  ['an error envelope with HTTP 200', () => ({ detail: 'Could not validate credentials' })],
  ['a page holding fewer users than its total says', (b) => ({ ...b, users: b.users.slice(0, 1) })],
  ['a page holding more users than its total says', (b) => ({ ...b, total: 1 })],
  ['a total that understates the list (the last user would never be read)', (b) => ({ ...b, total: b.total - 1 })],
  ['total as a string', (b) => ({ ...b, total: String(b.total) })],
  ['total missing', (b) => ({ users: b.users })],
  ['a null item', (b) => ({ ...b, users: [null, ...b.users.slice(1)] })],
  ['an item whose username is a number', (b) => ({ ...b, users: b.users.map((u, i) => (i === 0 ? { ...u, username: 7 } : u)) })],
  ['the body cut short', (b) => JSON.stringify(b).slice(0, 300)],
  ['a whole array instead of the object', (b) => b.users],
  ['an empty body', () => ''],
];

describe('Marzban list answers that are not lists', () => {
  describeMalformedAnswers({
    start: marzbanWorld,
    // Pages of 2 users: the total and every page are checked against each other.
    files: { 'panel.yaml': marzbanPanel().replace('requestsPerSecond: 0 }', 'requestsPerSecond: 0, pageSize: 2 }'), 'users.yaml': users },
    urlVar: 'MZ_URL',
    // A login is a POST that changes nothing.
    writes: (counters) => counters.writes() - counters.get('POST', '/api/admin/token'),
    cases: MALFORMED.map(([name, change]) => ({ name, tamper: onUsers(change), route: /\/api\/users/ })),
  });
});
