import { json, type EmuRequest, type Handler, type Reply } from '../kit/router.ts';

/** One zod issue as the panel reports it (§3): the field path and a message. */
export interface Issue {
  path: Array<string | number>;
  message: string;
  code?: string;
}

/** A failure in one of the panel's three error shapes (remnawave.md §3), rendered by `route`. */
export class RemnawaveHttpError extends Error {
  constructor(
    readonly status: number,
    readonly shape: 'coded' | 'validation' | 'nest',
    readonly detail: { message: string; errorCode?: string; issues?: Issue[]; error?: string },
  ) {
    super(detail.message);
  }
}

/** A service failure: `{timestamp, path, message, errorCode}`; a coded 403 always reads "Forbidden". */
export const coded = (status: number, errorCode: string, message: string): never => {
  throw new RemnawaveHttpError(status, 'coded', { message: status === 403 ? 'Forbidden' : message, errorCode });
};

/** A zod failure: 400 `{statusCode, message: "Validation failed", errors}`. */
export const invalid = (issues?: Issue[]): never => {
  throw new RemnawaveHttpError(400, 'validation', { message: 'Validation failed', ...(issues ? { issues } : {}) });
};

/** Nest's own answer (guards, unknown routes): `{message, error, statusCode}`; 401 has no `error`. */
export const nest = (status: number, message: string, error?: string): never => {
  throw new RemnawaveHttpError(status, 'nest', { message, ...(error ? { error } : {}) });
};

export function render(err: RemnawaveHttpError, req: EmuRequest, now: number): Reply {
  const d = err.detail;
  if (err.shape === 'coded') {
    const query = req.query.toString();
    return json(err.status, { timestamp: new Date(now).toISOString(), path: req.path + (query ? `?${query}` : ''), message: d.message, errorCode: d.errorCode });
  }
  // A query that is not JSON at all fails before zod has issues to list: no `errors` then.
  if (err.shape === 'validation') return json(400, d.issues ? { statusCode: 400, message: d.message, errors: d.issues } : { statusCode: 400, message: d.message });
  return json(err.status, d.error ? { message: d.message, error: d.error, statusCode: err.status } : { message: d.message, statusCode: err.status });
}

/** Wraps a handler so a thrown RemnawaveHttpError becomes its answer. */
export const routeWith =
  (now: () => number) =>
  (handler: Handler): Handler =>
  async (req) => {
    try {
      return await handler(req);
    } catch (err) {
      if (err instanceof RemnawaveHttpError) return render(err, req, now());
      throw err;
    }
  };

/** The success envelope (§1). */
export const ok = (status: number, response: unknown): Reply => json(status, { response });
