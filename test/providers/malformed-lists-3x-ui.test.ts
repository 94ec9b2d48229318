import { describe } from 'vitest';
import { describeMalformedAnswers, rewriteJson } from '../helpers/malformed-answers.ts';
import { xuiWorld } from '../helpers/xui-fixture.ts';

const clients = ['a1@x', 'b2@x', 'c3@x']
  .map((email) => `apiVersion: xui.panelops.io/v1\nkind: Client\nmetadata: { name: "${email}" }\nspec: { inbounds: [vmess-ws], totalGB: 5GiB }\n`)
  .join('---\n');

type Envelope = { success: boolean; msg: string; obj: Array<Record<string, unknown>> };

/** 3x-ui's `obj: null` is its documented empty list (3x-ui.md §3); every other non-list is a failed read. */
const MALFORMED: Array<[string, (body: Envelope) => unknown]> = [
  ['obj as a string', (b) => ({ ...b, obj: 'none' })],
  ['obj as an object', (b) => ({ ...b, obj: { clients: b.obj } })],
  ['obj missing', (b) => ({ success: b.success, msg: b.msg })],
  ['an error envelope with HTTP 200', () => ({ success: false, msg: 'database is locked', obj: null })],
  ['a row without its email', (b) => ({ ...b, obj: b.obj.map((c, i) => (i === 0 ? { ...c, email: null } : c)) })],
  ['a number where a row should be', (b) => ({ ...b, obj: [1, ...b.obj] })],
  ['obj given twice, the second empty', (b) => `${JSON.stringify(b).slice(0, -1)},"obj":[]}`],
  ['the body cut short', (b) => JSON.stringify(b).slice(0, 200)],
];

describe('3x-ui list answers that are not lists', () => {
  describeMalformedAnswers({
    start: xuiWorld,
    files: { 'clients.yaml': clients },
    urlVar: 'XUI_URL',
    writes: (counters) => counters.writes(),
    cases: MALFORMED.map(([name, change]) => ({ name, tamper: rewriteJson<Envelope>((r) => r.method === 'GET' && r.path === '/panel/api/clients/list', change), route: /clients\/list/ })),
  });
});
