import type { NotifyMessage } from './events.ts';

/** One provider speaking to one receiver: formats a message and sends it in one attempt. */
export interface Channel {
  /** Sends once; throws a DeliveryError saying whether another try may help. */
  send(message: NotifyMessage): Promise<void>;
  /** The provider's own pace: the least time between two messages (0: none). */
  readonly minIntervalMs: number;
}

/** What a provider needs from its surroundings; tests shorten the timeout. */
export interface ChannelDeps {
  timeoutMs: number;
}
