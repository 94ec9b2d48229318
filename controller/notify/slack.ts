import type { NotifierTarget } from '../manifest/notifier-kind.ts';
import type { Channel, ChannelDeps } from './channel.ts';
import { errorForStatus, retryAfterHeader } from './delivery-error.ts';
import type { NotifyMessage } from './events.ts';
import { clip, footerParts, headline } from './message-text.ts';
import { countLines } from './object-counts.ts';
import { postJson } from './post-json.ts';

/** Slack's limits: a header's plain text, a section's mrkdwn text. */
const MAX_HEADER = 150;
const MAX_SECTION = 3000;
/** Slack allows about one message a second per incoming webhook. */
const MIN_INTERVAL_MS = 1000;

/** mrkdwn treats &, < and > as control characters (links, mentions): everything else is literal. */
export const escapeMrkdwn = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Block Kit: the headline as a header, the details as a section, revision, panel and /status as context. */
export function slackPayload(m: NotifyMessage): Record<string, unknown> {
  const title = headline(m);
  const details = (m.lines.length ? m.lines : countLines(m.counts ?? {})).map((l) => `• ${escapeMrkdwn(l)}`).join('\n');
  const context = footerParts(m).map((p) => `${p.label} \`${escapeMrkdwn(p.value)}\``);
  // In a link only | and > end the URL; the URL was validated as http(s) by the Notifier schema.
  if (m.statusUrl) context.push(`<${m.statusUrl.replace(/[|>]/g, encodeURIComponent)}|status>`);
  return {
    text: clip(title, MAX_SECTION),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(title, MAX_HEADER), emoji: true } },
      ...(details ? [{ type: 'section', text: { type: 'mrkdwn', text: clip(details, MAX_SECTION) } }] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] },
    ],
  };
}

/** A Slack incoming webhook: 200 "ok"; 429 with Retry-After; 4xx (invalid_payload, no_service) will not improve. */
export function slackChannel(target: Extract<NotifierTarget, { type: 'slack' }>, deps: ChannelDeps): Channel {
  return {
    minIntervalMs: MIN_INTERVAL_MS,
    async send(message) {
      const answer = await postJson(target.webhookUrl, JSON.stringify(slackPayload(message)), {}, deps.timeoutMs);
      const error = errorForStatus(answer.status, retryAfterHeader(answer.headers.get('retry-after')), answer.text.slice(0, 200));
      if (error) throw error;
    },
  };
}
