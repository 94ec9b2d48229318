import { Counter, type Registry } from 'prom-client';
import type { DeliveryResult } from './delivery-queue.ts';
import type { NotifyMessage } from './events.ts';

/**
 * panelops_notifications_total{notifier,event,result}: one count per message sent, given up
 * (failed) or dropped because too many waited. Labels name Notifiers and events, never a user.
 */
export function notificationCounter(registry: Registry): (notifier: string, message: NotifyMessage, result: DeliveryResult) => void {
  const counter = new Counter({ name: 'panelops_notifications_total', help: 'Notifications by Notifier, event and result (sent, failed, dropped).', labelNames: ['notifier', 'event', 'result'], registers: [registry] });
  return (notifier, message, result) => counter.inc({ notifier, event: message.event, result });
}
