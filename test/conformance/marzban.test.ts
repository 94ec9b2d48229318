import { marzbanApi } from '../helpers/marzban-api.ts';
import { marzbanFixture } from '../helpers/marzban-fixture.ts';
import type { MarzbanVersion } from '../../controller/emulators/marzban/types.ts';
import { conformanceSuite } from './conformance.ts';

// 0.4.2 admins have no telegram id (marzban.md §11): the field would be refused there.
const fleet = (version: MarzbanVersion, limit: string, extra = '') => ({
  'admins.yaml': `apiVersion: marzban.panelops.io/v1
kind: Admin
metadata: { name: reseller }
spec: { password: { env: MZ_PASS }${version === '0.4.2' ? '' : `, telegramId: ${limit === '10GiB' ? 1 : 2}`} }
`,
  'templates.yaml': `apiVersion: marzban.panelops.io/v1
kind: UserTemplate
metadata: { name: monthly }
spec: { dataLimit: ${limit}, expireDuration: 30d }
`,
  'users.yaml': `apiVersion: marzban.panelops.io/v1
kind: UserList
spec:
  defaults: { owner: reseller, proxies: { vless: {} }, dataLimit: ${limit} }
  items: [{ name: u_one }, { name: u_two }${extra}]
`,
});

// Every release the emulator reproduces, on a SQLite-like (case-sensitive) database before 0.8.4.
for (const version of ['0.4.2', '0.7.0', '0.8.4'] as const) {
  conformanceSuite(`marzban ${version}`, {
    fixture: marzbanFixture({ version }),
    create: fleet(version, '10GiB', ', { name: u_three }'),
    objects: 5,
    update: fleet(version, '20GiB', ', { name: u_three }'),
    remove: fleet(version, '20GiB'),
    removed: 'User/u_three',
    exists: async (emulator, ref) => {
      const api = await marzbanApi(emulator.url);
      return (await api.status(`/api/user/${ref.split('/')[1] ?? ''}`)) === 200;
    },
  });
}
