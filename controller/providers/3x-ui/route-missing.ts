import { PanelError } from '../errors.ts';

/**
 * A route the panel does not have. 3x-ui answers it with the same bare 404 as an
 * unauthenticated call (3x-ui.md §11), so a 404 means "missing route" only once the
 * session has been proven by an answered call; before that it is an authentication failure.
 */
export class RouteMissing extends PanelError {
  constructor(panel: string, route: string) {
    super(`${route}: this 3x-ui has no such route (${sinceOf(route)})`, { panel, status: 404, route, retryable: false });
    this.name = 'RouteMissing';
  }
}

/** The release that introduced a route (§1, §11), for messages that name the version needed. */
export function sinceOf(route: string): string {
  if (/bulk(Enable|Disable)/.test(route)) return 'bulkEnable / bulkDisable need v3.5 or newer';
  if (/bulk|groups/.test(route)) return 'bulk routes and groups need v3.2 or newer';
  return 'the clients API needs v3.1 or newer';
}

export const isRouteMissing = (err: unknown): err is RouteMissing => err instanceof RouteMissing;
