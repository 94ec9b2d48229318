import { json, type Handler, type Reply } from '../kit/router.ts';
import type { MarzbanVersion } from './types.ts';

/** A Marzban error answer: `{"detail": str}`, or the custom 422 `{"detail": {field: msg}}` (§3). */
export class MarzbanHttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(typeof detail === 'string' ? detail : JSON.stringify(detail));
  }
}

export const fail = (status: number, detail: string): never => {
  throw new MarzbanHttpError(status, detail);
};

/** 422 keyed by the innermost field name (§3). */
export const invalid = (field: string, message: string): never => {
  throw new MarzbanHttpError(422, { [field]: message });
};

/** A missing field, in the release's pydantic wording: `field required` before 0.8 (§13), `Field required` after. */
export const requiredText = (version: MarzbanVersion): string => (version === '0.8.4' ? 'Field required' : 'field required');

/** Wraps a handler so thrown MarzbanHttpErrors become replies. */
export const route =
  (handler: Handler): Handler =>
  async (req) => {
    try {
      return await handler(req);
    } catch (err) {
      if (err instanceof MarzbanHttpError) return reply(err);
      throw err;
    }
  };

const reply = (err: MarzbanHttpError): Reply => json(err.status, { detail: err.detail }, err.headers);
