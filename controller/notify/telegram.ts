import type { NotifierTarget } from '../manifest/notifier-kind.ts';
import type { Channel, ChannelDeps } from './channel.ts';
import { DeliveryError, errorForStatus } from './delivery-error.ts';
import type { NotifyMessage } from './events.ts';
import { countLines } from './object-counts.ts';
import { clip, footerParts, headline } from './message-text.ts';
import { postJson } from './post-json.ts';

/** Telegram's limit on one message's text, in characters. */
const MAX_TEXT = 4096;
/** Telegram asks for no more than about one message a second per chat. */
const MIN_INTERVAL_MS = 1000;

/** The three characters Telegram's HTML mode needs escaped in text (and `"` inside attributes). */
export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One detail line at most this long (a panel error can be pages), cut before escaping so no entity is split. */
const MAX_LINE = 1000;

/** The message as Telegram HTML: a bold headline, details, and the footer with the /status link. */
export function telegramText(m: NotifyMessage): string {
  const head = `<b>${escapeHtml(headline(m))}</b>`;
  const footer = footerParts(m).map((p) => `${p.label} <code>${escapeHtml(p.value)}</code>`);
  if (m.statusUrl) footer.push(`<a href="${escapeHtml(m.statusUrl)}">status</a>`);
  const tail = footer.join(' · ');
  const details = (m.lines.length ? m.lines : countLines(m.counts ?? {})).map((l) => `• ${escapeHtml(clip(l, MAX_LINE))}`);
  // Whole lines only: a message cut inside a tag or an entity is refused by Telegram.
  const kept: string[] = [];
  let used = head.length + tail.length + 2;
  for (const [i, line] of details.entries()) {
    if (used + line.length + 1 > MAX_TEXT - 40) {
      kept.push(`• and ${details.length - i} more line(s)`);
      break;
    }
    kept.push(line);
    used += line.length + 1;
  }
  return [head, ...kept, tail].filter(Boolean).join('\n');
}

interface BotAnswer {
  ok?: boolean;
  description?: string;
  parameters?: { retry_after?: number };
}

/** The Bot API's sendMessage; a 429 carries `parameters.retry_after` in seconds, and that wait is honoured. */
export function telegramChannel(target: Extract<NotifierTarget, { type: 'telegram' }>, deps: ChannelDeps): Channel {
  return {
    minIntervalMs: MIN_INTERVAL_MS,
    async send(message) {
      const body = JSON.stringify({
        chat_id: target.chatId,
        ...(target.threadId !== undefined ? { message_thread_id: target.threadId } : {}),
        text: telegramText(message),
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      });
      const answer = await postJson(`${target.apiUrl}/bot${target.botToken}/sendMessage`, body, {}, deps.timeoutMs);
      let parsed: BotAnswer = {};
      try {
        parsed = JSON.parse(answer.text) as BotAnswer;
      } catch {
        // Not the Bot API's JSON (a proxy's page): the status alone decides.
      }
      const retryAfter = parsed.parameters?.retry_after;
      const error = errorForStatus(answer.status, retryAfter !== undefined ? retryAfter * 1000 : undefined, parsed.description ?? '');
      if (error) throw error;
      if (parsed.ok !== true) throw new DeliveryError(`Bot API answered without ok: ${parsed.description ?? 'no description'}`, { retryable: false, status: answer.status });
    },
  };
}
