import { describe, expect, it } from 'vitest';
import { Interner, listKey } from '../../controller/shared/interned.ts';
import { observeClient } from '../../controller/providers/3x-ui/resources/client-spec.ts';
import { normalizeUserSpec, observeUser } from '../../controller/providers/marzban/resources/user-spec.ts';
import type { WireUser } from '../../controller/providers/marzban/wire.ts';

describe('values a fleet repeats, shared', () => {
  it('gives one frozen copy per key, and stops keeping new ones past its limit', () => {
    const interner = new Interner<string[]>(2);
    const a = interner.get(listKey(['x', 'y']), () => ['x', 'y']);
    expect(interner.get(listKey(['x', 'y']), () => ['x', 'y'])).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(() => (a as string[]).push('z')).toThrow(TypeError);
    interner.get(listKey(['b']), () => ['b']);
    const third = interner.get(listKey(['c']), () => ['c']);
    expect(interner.get(listKey(['c']), () => ['c'])).not.toBe(third);
    // A key cannot be forged by a comma inside a tag.
    expect(listKey(['a,b'])).not.toBe(listKey(['a', 'b']));
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
