import { laneApi, rawCall, type LaneApi } from '../http.ts';
import type { LaneTarget } from '../target.ts';

/** PasarGuard's own API for the lane: a form login (pasarguard.md §2) and bearer calls, logging in again once on a 401. */
export async function connectPasarGuard(target: LaneTarget): Promise<LaneApi> {
  const { username, password } = target.auth;
  if (!username || !password) throw new Error(`pasarguard ${target.version} at ${target.url}: the lane needs username and password`);
  const login = async () => {
    const answer = await rawCall(`${target.url}/api/admin/token`, { method: 'POST', body: new URLSearchParams({ username, password }) });
    const token = (answer.body as { access_token?: unknown } | null)?.access_token;
    if (answer.status !== 200 || typeof token !== 'string') throw new Error(`pasarguard ${target.version}: login answered ${answer.status}`);
    return token;
  };
  let token = await login();
  return laneApi(async (method, path, body) => {
    const send = () => rawCall(`${target.url}${path}`, { method, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { body }) });
    const answer = await send();
    if (answer.status !== 401 || path === '/api/admin/token') return answer;
    token = await login();
    return send();
  });
}
