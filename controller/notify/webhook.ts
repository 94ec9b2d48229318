import { createHmac } from 'node:crypto';
import type { NotifierTarget } from '../manifest/notifier-kind.ts';
import type { Channel, ChannelDeps } from './channel.ts';
import { errorForStatus, retryAfterHeader } from './delivery-error.ts';
import type { NotifyMessage } from './events.ts';
import { postJson } from './post-json.ts';
import { NOTIFICATION_FORMAT_VERSION } from './webhook-body-schema.ts';

export const SIGNATURE_HEADER = 'x-panelops-signature-256';

/** The body a webhook receives (schemas/notification.schema.json). */
export function webhookBody(m: NotifyMessage): Record<string, unknown> {
  return { formatVersion: NOTIFICATION_FORMAT_VERSION, ...m };
}

/** GitHub's form: "sha256=" and the hex HMAC-SHA256 of the exact bytes sent. */
export const signBody = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** A generic webhook: the versioned JSON body, signed when the Notifier has a secret. */
export function webhookChannel(target: Extract<NotifierTarget, { type: 'webhook' }>, deps: ChannelDeps): Channel {
  return {
    minIntervalMs: 0,
    async send(message) {
      const body = JSON.stringify(webhookBody(message));
      const headers: Record<string, string> = { 'x-panelops-event': message.event };
      if (target.secret) headers[SIGNATURE_HEADER] = signBody(target.secret, body);
      const answer = await postJson(target.url, body, headers, deps.timeoutMs);
      const error = errorForStatus(answer.status, retryAfterHeader(answer.headers.get('retry-after')), answer.text.slice(0, 200));
      if (error) throw error;
    },
  };
}
