import { openPanelFixture } from '../helpers/hosting-fixtures.ts';
import { conformanceSuite } from './conformance.ts';

const hosting = (plan: string, withShop: boolean) => ({
  'plans.yaml': `apiVersion: openpanel.panelops.io/v1
kind: Plan
metadata: { name: starter }
spec: { description: "${plan}", domainsLimit: 3, diskLimitGB: 5 }
`,
  'accounts.yaml': `apiVersion: openpanel.panelops.io/v1
kind: AccountList
spec:
  defaults: { plan: starter, password: { env: ACCOUNT_PASS } }
  items:
    - { name: bakery, email: a@bakery.example }
    - { name: florist, email: b@florist.example }
`,
  'domains.yaml': `apiVersion: openpanel.panelops.io/v1
kind: DomainList
spec:
  items:
    - { name: bakery.example, account: bakery }${withShop ? '\n    - { name: shop.florist.example, account: florist }' : ''}
`,
});

conformanceSuite('openpanel', {
  fixture: openPanelFixture(),
  create: hosting('Small sites', true),
  objects: 5,
  update: hosting('Small sites, more disk', true),
  remove: hosting('Small sites, more disk', false),
  removed: 'Domain/shop.florist.example',
  exists: async (emulator, ref) => emulator.state.domains.has(ref.split('/')[1] ?? ''),
});
