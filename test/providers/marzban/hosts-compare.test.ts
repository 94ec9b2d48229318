import { describe, expect, it } from 'vitest';
import { compareHosts } from '../../../controller/providers/marzban/resources/hosts-compare.ts';
import { fromWire, toWire } from '../../../controller/providers/marzban/resources/hosts-fields.ts';
import type { WireHost } from '../../../controller/providers/marzban/wire.ts';

const wire = (extra: Partial<WireHost> = {}): WireHost => ({
  remark: 'r', address: 'a', port: null, sni: null, host: null, path: null, security: 'inbound_default', alpn: '', fingerprint: '',
  allowinsecure: null, is_disabled: false, mux_enable: false, fragment_setting: null, noise_setting: null, random_user_agent: false, use_sni_as_host: false, ...extra,
});
const observed = (hosts: WireHost[]) => ({ kind: 'Hosts', key: 'VMess TCP', spec: { hosts: hosts.map(fromWire) } });

describe('Marzban hosts, host by host', () => {
  it('reports a changed field, an added host field by field, and a removed host by its remark and address', () => {
    const out = compareHosts(
      { hosts: [{ remark: 'r', address: 'a', sni: 'new.example' }, { remark: 'added', address: 'b' }] },
      observed([wire(), wire()]),
    );
    expect(out.changes).toEqual([
      { path: 'hosts[0].sni', before: null, after: 'new.example' },
      { path: 'hosts[1].remark', before: 'r', after: 'added' },
      { path: 'hosts[1].address', before: 'a', after: 'b' },
    ]);
    const grown = compareHosts({ hosts: [{ remark: 'r', address: 'a' }, { remark: 'x', address: 'y' }] }, observed([wire()]));
    expect(grown.changes).toEqual([{ path: 'hosts[1].remark', after: 'x' }, { path: 'hosts[1].address', after: 'y' }]);
    expect(compareHosts({ hosts: [] }, observed([wire()])).changes).toEqual([{ path: 'hosts[0]', before: { remark: 'r', address: 'a' } }]);
  });

  it('fields a manifest host leaves out are neither compared nor overwritten: a null allowinsecure goes back null', () => {
    expect(compareHosts({ hosts: [{ remark: 'r', address: 'a' }] }, observed([wire({ sni: 'kept', allowinsecure: null })])).changes).toEqual([]);
    expect(toWire({ remark: 'r', address: 'a', sni: 's' }, wire())).toMatchObject({ allowinsecure: null, sni: 's', fragment_setting: null });
    expect(toWire({ remark: 'new', address: 'b' }, undefined)).toEqual({ remark: 'new', address: 'b' });
  });
});
