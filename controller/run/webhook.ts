import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A push event is a few KiB; nothing legitimate comes near this before its signature is known. */
export const WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;

/** GitHub's `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`, compared in constant time. */
export function validSignature(secret: string, body: Buffer, header: string | undefined): boolean {
  if (!secret || !header?.startsWith('sha256=')) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The body of a webhook request, or 'too-large' as soon as it passes `maxBytes`; the request
 * is then left paused, so nothing more is taken off the wire. The signature covers the whole
 * body, so it can only be checked once the body is in memory: the cap keeps a sender without
 * the secret from filling that memory (eight 100 MB posts took the controller to 737 MB).
 * The count is of bytes received, whatever Content-Length claims.
 */
export function readWebhookBody(req: IncomingMessage, maxBytes = WEBHOOK_MAX_BODY_BYTES): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > maxBytes) {
        req.off('data', onData);
        req.pause();
        chunks.length = 0;
        resolve('too-large');
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
