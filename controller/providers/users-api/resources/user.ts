import type { KindHandler } from '../../kind-handler.ts';
import { API_VERSION, MAX_PAGE, ORDER } from '../constants.ts';
import type { UsersContext } from '../context.ts';
import { createFlute, deleteFlute, getFlute, listFlute, updateFlute } from './flute-user.ts';
import { createSeed, deleteSeed, getSeed, listSeed, listSeedNames, updateSeed } from './seed-user.ts';
import { compareUser } from './user-compare.ts';
import { checkUserLive, checkUserSpec, exportUser, normalizeUserSpec, userSpecSchema } from './user-spec.ts';

/** The User kind in both dialects: the session's dialect picks the seed's or the Flute module's calls. */
export const userHandler: KindHandler<UsersContext> = {
  descriptor: {
    kind: 'User',
    apiVersion: API_VERSION,
    order: ORDER.User,
    specSchema: userSpecSchema,
    nameSchema: { type: 'string', minLength: 3, maxLength: 50, pattern: '^\\S+$', description: '3-50 characters, no spaces.' },
    secretFields: ['password'],
    createRequires: ['password'],
    deleteLeavesObject: true,
    keyCaseInsensitive: true,
    recordedFields: ['blocked'],
    normalize: normalizeUserSpec,
    check: (spec, key, facts) => (facts === undefined ? checkUserSpec(spec, key) : checkUserLive(spec, key, facts)),
    checkSecrets: (secrets) => (secrets.password !== undefined && secrets.password.length < 8 ? [['/password', 'the password must have at least 8 characters']] : []),
    compare: compareUser,
    exportSpec: exportUser,
  },
  list: (ctx, keys, limits) => (ctx.dialect === 'flute' ? listFlute(ctx, keys) : listSeed(ctx, keys, limits.pageSize)),
  // Import reads every user in full (roles and blocks need the detail read).
  discover: async (ctx) => (ctx.dialect === 'flute' ? (await listFlute(ctx, new Set())).map((o) => o.key) : listSeedNames(ctx, MAX_PAGE)),
  get: (ctx, key) => (ctx.dialect === 'flute' ? getFlute(ctx, key) : getSeed(ctx, key)),
  create: (ctx, op) => (ctx.dialect === 'flute' ? createFlute(ctx, op) : createSeed(ctx, op)),
  update: (ctx, op) => (ctx.dialect === 'flute' ? updateFlute(ctx, op) : updateSeed(ctx, op)),
  delete: (ctx, op) => (ctx.dialect === 'flute' ? deleteFlute(ctx, op) : deleteSeed(ctx, op)),
};
