import { BadRequestBody, type EmuRequest } from '../../kit/router.ts';
import type { TokenAuthority } from '../auth.ts';
import type { PasarGuardState } from '../state.ts';

export interface RouteContext {
  state: PasarGuardState;
  auth: TokenAuthority;
}

export function objectBody(req: EmuRequest): Record<string, unknown> {
  const value = req.json();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadRequestBody('not an object');
  return value as Record<string, unknown>;
}

/** An integer path parameter (ids), or a 422 as FastAPI gives for a non-integer. */
export function idParam(req: EmuRequest, name: string): number {
  const n = Number(req.params[name]);
  return Number.isInteger(n) ? n : NaN;
}
