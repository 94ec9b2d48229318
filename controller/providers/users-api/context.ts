import { PanelError } from '../errors.ts';
import type { UsersApi } from './client.ts';
import type { Dialect } from './dialect.ts';
import type { FluteUser, WireRole } from './wire.ts';

/** Most user details read to learn role names. */
const SCAN_LIMIT = 100;

/**
 * A session's API and dialect, the username → id map from the last listing, and every role
 * seen so far (on Flute: the module's role list, read once).
 */
export class UsersContext {
  readonly ids = new Map<string, number>();
  /** Flute: each listed user's role names, by lower-cased login, for the plan-time role check (user-spec.ts). */
  readonly liveRoles = new Map<string, readonly string[]>();
  private readonly roles = new Map<string, number>();
  /** Flute: why the role list could not be read (the key lacks admin.roles). */
  roleListProblem: string | undefined;
  private roleListRead = false;

  constructor(
    readonly api: UsersApi,
    readonly dialect: Dialect,
    readonly panel: string,
    /** Flute: the users the dialect check already fetched, used by the first listing. */
    private prefetched?: FluteUser[],
  ) {}

  /** The prefetched Flute users once, then a fresh list each time. */
  async fluteUsers(): Promise<FluteUser[]> {
    const users = this.prefetched ?? (await this.api.fluteUsers());
    this.prefetched = undefined;
    return users;
  }

  idOf(username: string): number {
    const id = this.ids.get(username.toLowerCase());
    if (id === undefined) throw new Error(`User/${username} is not on the panel`);
    return id;
  }

  learnRoles(roles: readonly WireRole[]): void {
    for (const r of roles) this.roles.set(r.name.toLowerCase(), r.id);
  }

  roleId = (name: string): number | undefined => this.roles.get(name.toLowerCase());

  /** Flute's GET /api/roles, once per session; a 403 is remembered, not thrown, since reads work without it. */
  async readRoleList(): Promise<void> {
    if (this.roleListRead) return;
    this.roleListRead = true;
    try {
      this.learnRoles(await this.api.fluteRoles());
    } catch (err) {
      if (!(err instanceof PanelError) || err.status !== 403) throw err;
      this.roleListProblem = 'the API key lacks admin.roles, so the module will not list roles, and only its role list ties role names to ids';
    }
  }

  /**
   * Role ids for names or ids. Flute: from its role list. Seed: the API has no role list, so
   * names are learnt from the roles of users (read one by one, at most SCAN_LIMIT, until
   * every name is known); a name no user carries is an error that asks for the id.
   */
  async roleIds(roles: readonly (string | number)[]): Promise<number[]> {
    const unknown = () => roles.filter((r) => typeof r === 'string' && !this.roles.has(r.toLowerCase()));
    if (this.dialect === 'flute') await this.readRoleList();
    else {
      for (const id of [...this.ids.values()].slice(0, SCAN_LIMIT)) {
        if (unknown().length === 0) break;
        const detail = await this.api.getUser(id);
        this.learnRoles((detail.roles ?? []).filter((r): r is WireRole => typeof r === 'object'));
      }
    }
    return roles.map((r) => {
      if (typeof r === 'number') return r;
      const id = this.roles.get(r.toLowerCase());
      if (id !== undefined) return id;
      if (this.dialect === 'flute') throw new PanelError(`role "${r}" ${this.roleListProblem ? `cannot be resolved: ${this.roleListProblem}` : 'is not in the panel\'s role list'}`, { panel: this.panel, retryable: false });
      throw new Error(`role "${r}" is not known on this panel yet: give its numeric id instead`);
    });
  }
}
