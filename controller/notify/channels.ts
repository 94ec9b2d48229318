import type { NotifierTarget } from '../manifest/notifier-kind.ts';
import type { Channel, ChannelDeps } from './channel.ts';
import { slackChannel } from './slack.ts';
import { telegramChannel } from './telegram.ts';
import { webhookChannel } from './webhook.ts';

/** The provider for a Notifier's target. */
export function channelFor(target: NotifierTarget, deps: ChannelDeps): Channel {
  switch (target.type) {
    case 'webhook':
      return webhookChannel(target, deps);
    case 'telegram':
      return telegramChannel(target, deps);
    case 'slack':
      return slackChannel(target, deps);
  }
}
