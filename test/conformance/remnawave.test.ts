import { remnawaveApi } from '../helpers/remnawave-api.ts';
import { remnawaveFixture } from '../helpers/remnawave-fixture.ts';
import { conformanceSuite } from './conformance.ts';

// Every kind on the default profile's Shadowsocks inbound, which a fresh panel has (remnawave.md §9).
const fleet = (limit: string, country: string, extra = '') => ({
  'squads.yaml': `apiVersion: remnawave.panelops.io/v1
kind: InternalSquad
metadata: { name: ss-only }
spec: { inbounds: [Shadowsocks] }
`,
  'nodes.yaml': `apiVersion: remnawave.panelops.io/v1
kind: Node
metadata: { name: node-1 }
spec: { address: n1.example, configProfile: Default-Profile, inbounds: [Shadowsocks], countryCode: ${country} }
`,
  'hosts.yaml': `apiVersion: remnawave.panelops.io/v1
kind: Host
metadata: { name: ss-host }
spec: { address: h.example, port: 8388, configProfile: Default-Profile, inbound: Shadowsocks, nodes: [node-1], disabled: true }
`,
  'users.yaml': `apiVersion: remnawave.panelops.io/v1
kind: UserList
spec:
  defaults: { dataLimit: ${limit}, expire: 2031-01-01, squads: [ss-only] }
  items: [{ name: u_one }, { name: u_two, status: disabled }${extra}]
`,
});

conformanceSuite('remnawave 3.3.2', {
  fixture: remnawaveFixture(),
  create: fleet('10GiB', 'DE', ', { name: u_three }'),
  objects: 6,
  update: fleet('20GiB', 'NL', ', { name: u_three }'),
  remove: fleet('20GiB', 'NL'),
  removed: 'User/u_three',
  exists: async (emulator, ref) => (await remnawaveApi(emulator.url, emulator.apiToken).raw('GET', `/api/users/by-username/${ref.split('/')[1] ?? ''}`)).status === 200,
});
