import { json, jsonObjectBody, text, type EmuRequest, type Handler, type Reply } from '../../kit/router.ts';
import type { OpenPanelAuth } from '../auth.ts';
import type { OpenPanelState } from '../state.ts';
import type { CreationLock } from './user-create.ts';

export interface OpContext {
  state: OpenPanelState;
  auth: OpenPanelAuth;
  options: { listUsers: boolean; realPlanDelete: boolean; diskQuotas: boolean; passwordStrength: number };
  /** "METHOD /path" of requests whose next answer is lost after the panel acted on it. */
  lostAnswers: string[];
  creation: CreationLock;
}

/**
 * A reverse proxy in front of a slow opencli gives up with 504 while the command goes on:
 * the write lands and its answer is lost. Tests arm it per request with `loseNextAnswer`.
 */
async function answerOrLose(ctx: OpContext, req: EmuRequest, reply: Reply | Promise<Reply>): Promise<Reply> {
  const done = await reply;
  const i = ctx.lostAnswers.indexOf(`${req.method} ${req.path}`);
  if (i < 0) return done;
  ctx.lostAnswers.splice(i, 1);
  return text(504, '<html><body><h1>504 Gateway Time-out</h1></body></html>');
}

export const err = (status: number, error: string): Reply => json(status, { error });

/** Account mutations answer 201 (§3, §7.10); failures 500 with the CLI's stdout, usually "". */
export const created = (message: string): Reply => json(201, { success: true, response: { message } });
export const cliFailure = (error = ''): Reply => json(500, { success: false, error });

/** The two gates of §2: token-only routes say 401, admin and owner routes say 404 "User not found". */
export const tokenOnly = (ctx: OpContext, handler: Handler): Handler => (req) => (ctx.auth.valid(req) ? handler(req) : err(401, 'Missing or invalid token'));
export const adminOnly = (ctx: OpContext, handler: Handler): Handler => (req) => (ctx.auth.valid(req) ? answerOrLose(ctx, req, handler(req)) : err(404, 'User not found'));

/** The request's JSON object body, if it has one. */
export const jsonBody = jsonObjectBody;
