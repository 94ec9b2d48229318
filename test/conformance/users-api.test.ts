import { FLUTE_CANNOT_RETIRE } from '../../controller/providers/users-api/constants.ts';
import { dialectFixture } from '../providers/users-api/flute-fixture.ts';
import { conformanceSuite } from './conformance.ts';

const staff = (roles: { alex: string; drew: string }, withDrew: boolean) => ({
  'users.yaml': `apiVersion: usersapi.panelops.io/v1
kind: UserList
spec:
  defaults: { password: { env: USER_PASS } }
  items:
    - { name: alex, email: alex@x.example, roles: [${roles.alex}] }
    - { name: blair, email: blair@x.example, roles: [user] }${withDrew ? `\n    - { name: drew, email: drew@x.example, roles: [${roles.drew}] }` : ''}
`,
});

// The seed's ids: 1 admin, 2 moderator, 3 user. The Flute installer's: 1 admin, 2 user (users-api.md §7).
conformanceSuite('users-api (seed)', {
  fixture: dialectFixture('seed'),
  create: staff({ alex: 'user', drew: '3' }, true),
  objects: 3,
  update: staff({ alex: 'moderator, user', drew: '3' }, true),
  remove: staff({ alex: 'moderator, user', drew: '3' }, false),
  removed: 'User/drew',
  // The seed API cannot delete: a pruned user is blocked and released (users-api.md §6.10).
  exists: async (emulator, ref) => {
    const u = emulator.state.byUsername(ref.split('/')[1] ?? '');
    return u !== undefined && !emulator.state.isBlocked(u);
  },
});

conformanceSuite('users-api (flute)', {
  fixture: dialectFixture('flute'),
  create: staff({ alex: 'user', drew: '2' }, true),
  objects: 3,
  update: staff({ alex: 'admin, user', drew: '2' }, true),
  remove: staff({ alex: 'admin, user', drew: '2' }, false),
  removed: 'User/drew',
  // Neither a block nor the soft delete retires a Flute user: pruning is refused (users-api.md §7).
  refusesDelete: FLUTE_CANNOT_RETIRE.slice(0, 50),
  exists: async (emulator, ref) => {
    const u = emulator.state.byUsername(ref.split('/')[1] ?? '');
    return u !== undefined && !emulator.state.isBlocked(u) && !u.softDeleted;
  },
});
