import { marzbanApi } from '../helpers/marzban-api.ts';
import { marzbanFixture } from '../helpers/marzban-fixture.ts';
import { conformanceSuite } from './conformance.ts';

const fleet = (limit: string, extra = '') => ({
  'admins.yaml': `apiVersion: marzban.panelops.io/v1
kind: Admin
metadata: { name: reseller }
spec: { password: { env: MZ_PASS }, telegramId: ${limit === '10GiB' ? 1 : 2} }
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

conformanceSuite('marzban', {
  fixture: marzbanFixture(),
  create: fleet('10GiB', ', { name: u_three }'),
  objects: 5,
  update: fleet('20GiB', ', { name: u_three }'),
  remove: fleet('20GiB'),
  removed: 'User/u_three',
  exists: async (emulator, ref) => {
    const api = await marzbanApi(emulator.url);
    return (await api.status(`/api/user/${ref.split('/')[1] ?? ''}`)) === 200;
  },
});
