import { describe, expect, it } from 'vitest';
import { compareUser } from '../../../controller/providers/marzban/resources/user-compare.ts';

const live = (spec: Record<string, unknown>) => ({ kind: 'User', key: 'ann', spec, notes: ['limited by the panel'] });

describe('compareUser', () => {
  it('leaves a user the panel activated from on_hold alone, with a note', () => {
    const out = compareUser(
      { status: 'on_hold', onHoldExpireDuration: 2592000, expire: 'never', dataLimit: 10 },
      live({ status: 'active', expire: '2026-12-29T00:00:00Z', dataLimit: 20 }),
    );
    expect(out.changes).toEqual([{ path: 'dataLimit', before: 20, after: 10 }]);
    expect(out.notes).toEqual(['limited by the panel', 'left on_hold on first connection (the panel started its subscription)']);
  });

  it('does not try to clear onHoldExpireDuration, and still compares the other fields', () => {
    const out = compareUser({ status: 'on_hold', onHoldExpireDuration: 0, note: 'vip' }, live({ status: 'on_hold', onHoldExpireDuration: 86400, note: '' }));
    expect(out.changes).toEqual([{ path: 'note', before: '', after: 'vip' }]);
    expect(out.notes).toContain('onHoldExpireDuration cannot be cleared through the Marzban API');
  });

  it('compares only the protocols a manifest lists in inbounds', () => {
    const out = compareUser({ inbounds: { vless: ['A', 'B'] } }, live({ inbounds: { vless: ['A'], vmess: ['C'] } }));
    expect(out.changes).toEqual([{ path: 'inbounds.vless', before: ['A'], after: ['A', 'B'] }]);
  });

  it('compares an owner the panel cannot report (0.4.2) with the one last applied', () => {
    expect(compareUser({ owner: 'reseller' }, live({ dataLimit: 0 }), { owner: 'reseller' }).changes).toEqual([]);
    expect(compareUser({ owner: 'other' }, live({ dataLimit: 0 }), { owner: 'reseller' }).changes).toEqual([{ path: 'owner', before: 'reseller', after: 'other' }]);
    expect(compareUser({ owner: 'reseller' }, live({ dataLimit: 0 })).changes).toEqual([{ path: 'owner', after: 'reseller' }]);
    expect(compareUser({ owner: 'reseller' }, live({ owner: null })).changes).toEqual([{ path: 'owner', before: null, after: 'reseller' }]);
  });
});
