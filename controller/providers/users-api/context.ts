import type { UsersApi } from './client.ts';
import type { WireRole } from './wire.ts';

/** Most user details read to learn role names. */
const SCAN_LIMIT = 100;

/** A session's API, the username → id map from the last listing, and every role seen so far. */
export class UsersContext {
  readonly ids = new Map<string, number>();
  private readonly roles = new Map<string, number>();

  constructor(readonly api: UsersApi) {}

  idOf(username: string): number {
    const id = this.ids.get(username.toLowerCase());
    if (id === undefined) throw new Error(`User/${username} is not on the panel`);
    return id;
  }

  learnRoles(roles: readonly WireRole[]): void {
    for (const r of roles) this.roles.set(r.name.toLowerCase(), r.id);
  }

  /**
   * Role ids for names or ids. The API has no role list, so names are learnt from the roles
   * of users (read one by one, at most SCAN_LIMIT, until every name is known); a name no
   * user carries is an error that asks for the id.
   */
  async roleIds(roles: readonly (string | number)[]): Promise<number[]> {
    const unknown = () => roles.filter((r) => typeof r === 'string' && !this.roles.has(r.toLowerCase()));
    for (const id of [...this.ids.values()].slice(0, SCAN_LIMIT)) {
      if (unknown().length === 0) break;
      const detail = await this.api.getUser(id);
      this.learnRoles((detail.roles ?? []).filter((r): r is WireRole => typeof r === 'object'));
    }
    return roles.map((r) => {
      if (typeof r === 'number') return r;
      const id = this.roles.get(r.toLowerCase());
      if (id === undefined) throw new Error(`role "${r}" is not known on this panel yet: give its numeric id instead`);
      return id;
    });
  }
}
