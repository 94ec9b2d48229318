import { createHash } from 'node:crypto';
import type { Clock } from '../kit/clock.ts';
import type { Rng } from '../kit/rng.ts';

export interface UaRole {
  id: number;
  name: string;
  description: string;
}

export interface UaBlock {
  reason: string;
  /** ms, or null for open-ended. */
  until: number | null;
  /** ms; when the block was set (Flute reports it as `blockedFrom`). */
  from?: number;
}

export interface UaUser {
  id: number;
  /** The seed's `username`; Flute's `login`. */
  username: string;
  /** Flute's display name (3-100 characters); the seed has none. */
  name: string;
  /** A Flute temporary or social sign-up user: listed with `login: null`, and its login is no one's (users-api.md §7, §8.1). */
  temporary: boolean;
  /** Flute's soft delete: sets `deleted_at`, but the user still lists and answers (§7). */
  softDeleted: boolean;
  /** Null for a social sign-up whose network gave no address (§8.1): unique checks skip it. */
  email: string | null;
  salt: string;
  passwordHash: string;
  roleIds: number[];
  block: UaBlock | null;
  createdAt: number;
  updatedAt: number;
  lastLogged: number | null;
  deleted: boolean;
  social: Array<{ id: number; networkId: number; network: string; profile_url: string; linkedAt: number }>;
  devices: Array<{ id: number; name: string; last_active: string; user_agent: string; ip: string }>;
}

const hash = (salt: string, password: string) => createHash('sha256').update(`${salt}:${password}`).digest('hex');

/** The Users API's tables (users-api.md §2). Ids ascend in insertion order. */
export class UsersApiState {
  readonly users = new Map<number, UaUser>();
  private readonly byName = new Map<string, UaUser>();
  private nextId = 1;
  private nextLink = 1;

  constructor(
    readonly clock: Clock,
    readonly rng: Rng,
    readonly roles: readonly UaRole[],
  ) {}

  /** The user holding a login; a user without one (temporary, social sign-up) holds none, as a unique index skips nulls. */
  byUsername = (name: string): UaUser | undefined => {
    const found = this.byName.get(name.toLowerCase());
    return found && !found.temporary ? found : undefined;
  };

  emailTaken = (email: string, except?: UaUser): boolean =>
    [...this.users.values()].some((u) => !u.deleted && u !== except && u.email !== null && u.email.toLowerCase() === email.toLowerCase());

  add(username: string, email: string, password: string, roleIds: number[]): UaUser {
    const now = this.clock.now();
    const salt = this.rng.string(12);
    const user: UaUser = {
      id: this.nextId++,
      username,
      name: username,
      temporary: false,
      softDeleted: false,
      email,
      salt,
      passwordHash: hash(salt, password),
      roleIds,
      block: null,
      createdAt: now,
      updatedAt: now,
      lastLogged: null,
      deleted: false,
      social: [],
      devices: [],
    };
    this.users.set(user.id, user);
    this.byName.set(username.toLowerCase(), user);
    return user;
  }

  rename(user: UaUser, username: string): void {
    this.byName.delete(user.username.toLowerCase());
    user.username = username;
    this.byName.set(username.toLowerCase(), user);
  }

  remove(user: UaUser): void {
    user.deleted = true;
    this.byName.delete(user.username.toLowerCase());
  }

  setPassword(user: UaUser, password: string): void {
    user.salt = this.rng.string(12);
    user.passwordHash = hash(user.salt, password);
  }

  checkPassword(username: string, password: string): boolean {
    const u = this.byUsername(username);
    return u !== undefined && u.passwordHash === hash(u.salt, password);
  }

  /** Blocked while a block exists with no end or an end in the future (§5.6). */
  isBlocked = (u: UaUser): boolean => u.block !== null && (u.block.until === null || u.block.until > this.clock.now());

  linkId = (): number => this.nextLink++;
}
