import { json, jsonObjectBody, type Handler, type Reply } from '../../kit/router.ts';
import type { OpenPanelAuth } from '../auth.ts';
import type { OpenPanelState } from '../state.ts';

export interface OpContext {
  state: OpenPanelState;
  auth: OpenPanelAuth;
  options: { listUsers: boolean; realPlanDelete: boolean };
}

export const err = (status: number, error: string): Reply => json(status, { error });

/** Account mutations answer 201 (§3, §7.10); failures 500 with the CLI's stdout, usually "". */
export const created = (message: string): Reply => json(201, { success: true, response: { message } });
export const cliFailure = (error = ''): Reply => json(500, { success: false, error });

/** The two gates of §2: token-only routes say 401, admin and owner routes say 404 "User not found". */
export const tokenOnly = (ctx: OpContext, handler: Handler): Handler => (req) => (ctx.auth.valid(req) ? handler(req) : err(401, 'Missing or invalid token'));
export const adminOnly = (ctx: OpContext, handler: Handler): Handler => (req) => (ctx.auth.valid(req) ? handler(req) : err(404, 'User not found'));


/** The request's JSON object body, if it has one. */
export const jsonBody = jsonObjectBody;
