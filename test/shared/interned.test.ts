import { describe, expect, it } from 'vitest';
import { Interner } from '../../controller/shared/interned.ts';
import { observeClient } from '../../controller/providers/3x-ui/resources/client-spec.ts';
import { normalizeUserSpec, observeUser } from '../../controller/providers/marzban/resources/user-spec.ts';
import type { WireUser } from '../../controller/providers/marzban/wire.ts';

describe('values a fleet repeats, shared', () => {
  it('gives one frozen copy per path, and stops keeping new ones past its limit', () => {
    const interner = new Interner<string[]>(2);
    const a = interner.get(['x', 'y'], () => ['x', 'y']);
    expect(interner.get(['x', 'y'], () => ['x', 'y'])).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(() => (a as string[]).push('z')).toThrow(TypeError);
    interner.get(['b'], () => ['b']);
    const third = interner.get(['c'], () => ['c']);
    expect(interner.get(['c'], () => ['c'])).not.toBe(third);
    // A prefix is a value of its own; a comma inside a tag or a number spelt as a string is another path.
    expect(interner.get(['x'], () => ['x'])).not.toBe(a);
    expect(new Interner<string[]>().get(['a,b'], () => ['a,b'])).toEqual(['a,b']);
    const typed = new Interner<string[]>();
    expect(typed.get([1], () => ['one'])).not.toBe(typed.get(['1'], () => ['"1"']));
  });

  it('keeps inbound selections that only a separator would tell apart, and settings of other types, apart', () => {
    const one = normalizeUserSpec({ proxies: { vless: {} }, inbounds: { vless: ['a', 'b'] } });
    const other = normalizeUserSpec({ proxies: { vless: {} }, inbounds: { vless: ['a,b'] } });
    expect(one.inbounds).toEqual({ vless: ['a', 'b'] });
    expect(other.inbounds).toEqual({ vless: ['a,b'] });
    const split = normalizeUserSpec({ proxies: { vless: {}, vmess: {} }, inbounds: { vless: ['a'], vmess: ['b'] } });
    const joined = normalizeUserSpec({ proxies: { vless: {}, vmess: {} }, inbounds: { vless: ['a', 'vmess'] } });
    expect(split.inbounds).toEqual({ vless: ['a'], vmess: ['b'] });
    expect(joined.inbounds).toEqual({ vless: ['a', 'vmess'] });
    // An unsorted selection is the sorted one, shared; the manifest's own list is left as written.
    const written = ['b', 'a'];
    const sorted = normalizeUserSpec({ proxies: { vless: {} }, inbounds: { vless: written } });
    expect(sorted.inbounds).toBe(one.inbounds);
    expect(written).toEqual(['b', 'a']);
    expect(Object.isFrozen(written)).toBe(false);
    const flows = ['', 'xtls-rprx-vision'].map((flow) => normalizeUserSpec({ proxies: { vless: { flow } } }).proxies);
    expect(flows[0]).not.toBe(flows[1]);
    expect(flows[1]).toEqual({ vless: { flow: 'xtls-rprx-vision' } });
  });

  it('Marzban users with the same inbounds and proxy settings share them; their keys stay their own', () => {
    const wire = (username: string, id: string): WireUser => ({ username, status: 'active', proxies: { vless: { id, flow: '' } }, inbounds: { vless: ['B', 'A'] } }) as unknown as WireUser;
    const alice = observeUser(wire('alice', '11111111-1111-4111-8111-111111111111'));
    const bob = observeUser(wire('bob', '22222222-2222-4222-8222-222222222222'));
    expect(alice.spec.inbounds).toBe(bob.spec.inbounds);
    expect(alice.spec.inbounds).toEqual({ vless: ['A', 'B'] });
    expect(alice.spec.proxies).toBe(bob.spec.proxies);
    expect(alice.secrets).toEqual({ 'proxies.vless.id': '11111111-1111-4111-8111-111111111111' });
    expect(bob.secrets).toEqual({ 'proxies.vless.id': '22222222-2222-4222-8222-222222222222' });
    // A manifest's normalized spec shares the same copies.
    expect(normalizeUserSpec({ proxies: { vless: {} }, inbounds: { vless: ['A', 'B'] } }).inbounds).toBe(alice.spec.inbounds);
  });

  it('3x-ui clients on the same inbounds share one list', () => {
    const lookup = { tagOf: (id: number) => (id === 1 ? 'vless-reality' : undefined), traitsOf: () => ({ flowCarriers: false, ss2022WithPassword: false }) };
    const client = (email: string) => ({ id: 1, email, enable: true, inboundIds: [1] });
    const one = observeClient(client('a@x') as never, lookup as never, 0);
    const two = observeClient(client('b@x') as never, lookup as never, 0);
    expect(one.spec.inbounds).toBe(two.spec.inbounds);
    expect(one.spec.inbounds).toEqual(['vless-reality']);
  });
});
