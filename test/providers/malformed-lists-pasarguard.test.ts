import { describe } from 'vitest';
import { describeMalformedAnswers, rewriteJson } from '../helpers/malformed-answers.ts';
import { pasarGuardWorld, pgDoc } from '../helpers/pasarguard-fixture.ts';

const files = {
  'g.yaml': pgDoc('Group', 'vip', 'inbounds: ["Shadowsocks TCP"]'),
  'u.yaml': ['ann', 'ben'].map((n) => pgDoc('User', n, 'groups: [vip]\ndataLimit: 10GiB')).join('---\n'),
  'h.yaml': pgDoc('Host', 'eu', 'inbound: Shadowsocks TCP\npriority: 1'),
};

/** Rewrites the answers of one list route. */
const on = <B>(path: string, change: (real: B) => unknown) => rewriteJson<B>((r) => r.method === 'GET' && r.path === path, change);
type Obj = Record<string, unknown>;

describe('PasarGuard list answers that are not lists', () => {
  describeMalformedAnswers({
    start: () => pasarGuardWorld(),
    files,
    urlVar: 'PG_URL',
    writes: (counters) => counters.writes() - counters.get('POST', '/api/admin/token'),
    cases: [
      { name: 'users: null', tamper: on<Obj>('/api/users', (b) => ({ ...b, users: null })), route: /\/api\/users/ },
      { name: 'users missing (an error envelope with HTTP 200)', tamper: on<Obj>('/api/users', () => ({ detail: 'maintenance' })), route: /\/api\/users/ },
      { name: 'a users page shorter than its total', tamper: on<Obj>('/api/users', (b) => ({ ...b, users: (b.users as unknown[]).slice(1) })), route: /\/api\/users/ },
      { name: 'groups as an object', tamper: on<Obj>('/api/groups', (b) => ({ ...b, groups: {} })), route: /\/api\/groups/ },
      { name: 'hosts: null', tamper: on<unknown>('/api/hosts', () => null), route: /\/api\/hosts/ },
      { name: 'inbounds as objects', tamper: on<unknown>('/api/inbounds', () => [{ tag: 'x' }]), route: /\/api\/inbounds/ },
      { name: 'a template row that is no object', tamper: on<unknown>('/api/user_templates', () => ['monthly']), route: /\/api\/user_templates/ },
    ],
  });
});
