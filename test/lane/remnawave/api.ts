import { PROXY } from '../../helpers/remnawave-api.ts';
import { laneApi, rawCall, type LaneApi } from '../http.ts';
import type { LaneTarget } from '../target.ts';

/** Remnawave's own API for the lane: the API token, and the proxy headers without which the panel drops the connection (remnawave.md §2). */
export async function connectRemnawave(target: LaneTarget): Promise<LaneApi> {
  const token = target.auth.token;
  if (!token) throw new Error(`remnawave ${target.version} at ${target.url}: the lane needs an API token (token or tokenFile)`);
  // A probe's own headers replace these (an empty value is not sent: a request without the proxy headers).
  return Promise.resolve(laneApi((method, path, body, headers) => rawCall(`${target.url}${path}`, { method, headers: { ...PROXY, authorization: `Bearer ${token}`, ...headers }, ...(body === undefined ? {} : { body }) })));
}

/** The `response` of a 2xx answer (§1). */
export async function response<T>(api: LaneApi, method: string, path: string, body?: unknown): Promise<T> {
  return (await api.ok<{ response: T }>(method, path, body)).response;
}
