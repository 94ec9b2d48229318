import { DeliveryError } from './delivery-error.ts';

/** Enough of an answer to read an error description; a receiver cannot make us hold more. */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface PostAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * One POST of a JSON body with a deadline. Redirects are not followed. A network failure or
 * a timeout is a retryable DeliveryError; the URL (which may hold a credential) is not in it.
 */
export async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<PostAnswer> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const reason = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.name);
    throw new DeliveryError(`request failed: ${reason}`, { retryable: true });
  }
  return { status: res.status, headers: res.headers, text: await readCapped(res) };
}

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body) {
      chunks.push(Buffer.from(chunk));
      size += chunk.byteLength;
      if (size >= MAX_ANSWER_BYTES) break;
    }
  } catch {
    // A body cut short still has a status worth reading.
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
}
