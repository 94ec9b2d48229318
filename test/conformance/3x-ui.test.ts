import { xuiFixture, xuiGet } from '../helpers/xui-fixture.ts';
import { conformanceSuite } from './conformance.ts';

const clients = (quota: string, inbounds: [string, string, string], extra = '') => ({
  'groups.yaml': `apiVersion: xui.panelops.io/v1
kind: Group
metadata: { name: resellers }
spec: {}
`,
  'clients.yaml': `apiVersion: xui.panelops.io/v1
kind: ClientList
spec:
  defaults: { totalGB: ${quota}, group: resellers }
  items:
    - { name: alice@example.com, inbounds: [${inbounds[0]}], expiry: 2031-01-01 }
    - { name: bob@example.com, inbounds: [${inbounds[1]}], expiry: { afterFirstUse: 30d } }
    - { name: carol@example.com, inbounds: [${inbounds[2]}], comment: "VIP" }${extra}
`,
});

const base: [string, string, string] = ['vless-reality', 'vmess-ws', 'trojan-tls'];
const dave = '\n    - { name: dave@example.com, inbounds: [ss-tcp] }';

conformanceSuite('3x-ui', {
  fixture: xuiFixture(),
  create: clients('10GiB', base, dave),
  objects: 5,
  update: clients('20GiB', base, dave),
  attach: clients('20GiB', ['"vless-reality", "vmess-ws"', 'vmess-ws', 'trojan-tls'], dave),
  detach: clients('20GiB', ['vmess-ws', 'vmess-ws', 'trojan-tls'], dave),
  remove: clients('20GiB', ['vmess-ws', 'vmess-ws', 'trojan-tls']),
  removed: 'Client/dave@example.com',
  exists: async (emulator, ref) => (await xuiGet(emulator.url, `/clients/get/${encodeURIComponent(ref.split('/')[1] ?? '')}`)).success,
});
