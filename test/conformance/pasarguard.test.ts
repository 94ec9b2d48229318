import { pasarGuardFixture, pgDoc } from '../helpers/pasarguard-fixture.ts';
import { conformanceSuite } from './conformance.ts';

const fleet = (limit: string, users: string[]) => ({
  'groups.yaml': pgDoc('Group', 'vip', 'inbounds: ["Shadowsocks TCP"]'),
  'templates.yaml': pgDoc('UserTemplate', 'monthly', `groups: [vip]\ndataLimit: ${limit}\nexpireDuration: 30d`),
  'hosts.yaml': pgDoc('Host', 'eu', `inbound: Shadowsocks TCP\npriority: 1\naddress: [eu.example]\nport: ${limit === '10GiB' ? 443 : 8443}`),
  'users.yaml': users.map((u) => pgDoc('User', u, `groups: [vip]\ndataLimit: ${limit}`)).join('---\n'),
});

conformanceSuite('pasarguard', {
  fixture: pasarGuardFixture(),
  create: fleet('10GiB', ['ann', 'bob']),
  objects: 5,
  update: fleet('20GiB', ['ann', 'bob']),
  remove: fleet('20GiB', ['ann']),
  removed: 'User/bob',
  exists: async (emulator, ref) => {
    const [kind, key = ''] = ref.split('/');
    const s = emulator.state;
    const named: Record<string, () => boolean> = {
      User: () => s.users.has(key),
      Group: () => [...s.groups.values()].some((g) => g.name === key),
      UserTemplate: () => [...s.templates.values()].some((t) => t.name === key),
      Host: () => [...s.hosts.values()].some((h) => h.remark === key),
    };
    return named[kind ?? '']?.() ?? false;
  },
});
