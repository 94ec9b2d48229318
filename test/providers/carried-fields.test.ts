import { describe, expect, it } from 'vitest';
import { carriedBody, managedFields } from '../../controller/providers/carried-fields.ts';

/** The shared helper every whole-object update builds its body with (Marzban hosts and proxies today). */
describe('carried fields', () => {
  it('a body starts from the object as read, unknown fields included, with the managed fields on top', () => {
    const live = { remark: 'old', sni: null, future_setting: 'kept', speedUp: 10 };
    expect(carriedBody(live, { remark: 'new', port: undefined })).toEqual({ remark: 'new', sni: null, future_setting: 'kept', speedUp: 10 });
  });

  it('read-only fields are left out and read-shape names become write-shape names (3x-ui: uuid is written as id)', () => {
    const read = { id: 7, uuid: 'a1', createdAt: 1, email: 'e', reset_day: 3 };
    expect(carriedBody(read, { email: 'e', comment: 'x' }, { readOnly: ['id', 'createdAt'], renamed: { uuid: 'id' } })).toEqual({ id: 'a1', email: 'e', reset_day: 3, comment: 'x' });
  });

  it('a read gives only the fields a manifest sets, so an unknown one is never diffed', () => {
    expect(managedFields({ id: 'u', flow: '', future_setting: 'x' }, ['flow', 'method'])).toEqual({ flow: '' });
    expect(managedFields(null, ['flow'])).toEqual({});
  });
});
