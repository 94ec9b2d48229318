import { usersApiFixture } from '../helpers/hosting-fixtures.ts';
import { conformanceSuite } from './conformance.ts';

const staff = (role: string, withDrew: boolean) => ({
  'users.yaml': `apiVersion: usersapi.panelops.io/v1
kind: UserList
spec:
  defaults: { password: { env: USER_PASS } }
  items:
    - { name: alex, email: alex@x.example, roles: [${role}] }
    - { name: blair, email: blair@x.example, roles: [user] }${withDrew ? '\n    - { name: drew, email: drew@x.example, roles: [3] }' : ''}
`,
});

conformanceSuite('users-api', {
  fixture: usersApiFixture(),
  create: staff('user', true),
  objects: 3,
  update: staff('moderator, user', true),
  remove: staff('moderator, user', false),
  removed: 'User/drew',
  // The API cannot delete: a pruned user is blocked and released (users-api.md §6.10).
  exists: async (emulator, ref) => {
    const u = emulator.state.byUsername(ref.split('/')[1] ?? '');
    return u !== undefined && !emulator.state.isBlocked(u);
  },
});
