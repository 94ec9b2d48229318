import type { UsersApi } from './client.ts';
import type { WireRole } from './wire.ts';

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
   * Role ids for names or ids. The API has no role list, so names are known only from
   * roles seen on users; an unknown name is an error that asks for the id.
   */
  roleIds(roles: readonly (string | number)[]): number[] {
    return roles.map((r) => {
      if (typeof r === 'number') return r;
      const id = this.roles.get(r.toLowerCase());
      if (id === undefined) throw new Error(`role "${r}" is not known on this panel yet: give its numeric id instead`);
      return id;
    });
  }
}
