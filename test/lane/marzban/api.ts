import { laneApi, rawCall, type LaneApi } from '../http.ts';
import type { LaneTarget } from '../target.ts';

/**
 * Marzban's own API for the lane: a form login (marzban.md §2) and bearer calls, logging in again
 * once on a 401 (a token expires after its lifetime, §16.12).
 */
export async function connectMarzban(target: LaneTarget): Promise<LaneApi> {
  const { username, password } = target.auth;
  if (!username || !password) throw new Error(`marzban ${target.version} at ${target.url}: the lane needs username and password`);
  const login = async () => {
    const answer = await rawCall(`${target.url}/api/admin/token`, { method: 'POST', body: new URLSearchParams({ username, password }) });
    const token = (answer.body as { access_token?: unknown } | null)?.access_token;
    if (answer.status !== 200 || typeof token !== 'string') throw new Error(`marzban ${target.version}: login answered ${answer.status}`);
    return token;
  };
  let token = await login();
  return laneApi(async (method, path, body, headers) => {
    const send = () => rawCall(`${target.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...headers }, ...(body === undefined ? {} : { body }) });
    const answer = await send();
    if (answer.status !== 401 || path === '/api/admin/token' || headers?.authorization !== undefined) return answer;
    token = await login();
    return send();
  });
}
