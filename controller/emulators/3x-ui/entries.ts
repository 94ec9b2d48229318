import { ss2022KeyBytes } from './credentials.ts';
import type { XuiClient, XuiInbound, XuiSettingsClient } from './types.ts';

/**
 * The write-shape entry a client has in one inbound's settings.clients[] (3x-ui.md §4.1,
 * §4.2): common fields plus the credential of that inbound's protocol.
 */

/** §4.1 flow: only VLESS over TCP with TLS or Reality, and disableFlow off, carries one. */
export function isFlowCapable(inbound: XuiInbound): boolean {
  if (inbound.protocol !== 'vless' || inbound.disableFlow) return false;
  const network = String(inbound.streamSettings.network ?? 'tcp');
  const security = String(inbound.streamSettings.security ?? 'none');
  return (network === 'tcp' || network === 'raw') && (security === 'tls' || security === 'reality');
}

/**
 * `stripsFlow` false plays v3.1-v3.2 (§12.5): the flow sent is written into every entry,
 * whatever the inbound, so the stored column always equals it.
 */
export function entryFor(client: XuiClient, inbound: XuiInbound, stripsFlow: boolean): XuiSettingsClient {
  const e: XuiSettingsClient = { email: client.email, enable: client.enable };
  if (!stripsFlow) e.flow = client.flow;
  switch (inbound.protocol) {
    case 'vless':
      e.id = client.uuid;
      // §4.1: the flow is stripped per inbound unless the inbound can carry it.
      if (stripsFlow) e.flow = isFlowCapable(inbound) ? client.flow : '';
      break;
    case 'vmess':
      e.id = client.uuid;
      e.security = client.security;
      break;
    case 'trojan':
      e.password = client.password;
      break;
    case 'shadowsocks': {
      e.password = client.password;
      const method = String(inbound.settings.method ?? '');
      // §4.2: the inbound's method is copied in for non-2022 ciphers.
      if (ss2022KeyBytes(method) === 0) e.method = method;
      break;
    }
    case 'hysteria':
      e.auth = client.auth;
      break;
    case 'wireguard':
      Object.assign(e, {
        privateKey: client.privateKey,
        publicKey: client.publicKey,
        allowedIPs: [...client.allowedIPs],
        preSharedKey: client.preSharedKey,
        keepAlive: client.keepAlive,
      });
      break;
    case 'mtproto':
      e.secret = client.secret;
      e.adTag = client.adTag;
      break;
    default:
      break;
  }
  Object.assign(e, {
    limitIp: client.limitIp,
    totalGB: client.totalGB,
    expiryTime: client.expiryTime,
    tgId: client.tgId,
    subId: client.subId,
    group: client.group,
    comment: client.comment,
    reset: client.reset,
    created_at: client.createdAt,
    updated_at: client.updatedAt,
  });
  return e;
}

/** The entry currently stored for a client in an inbound (divergent or mirrored). */
export function currentEntry(client: XuiClient, inbound: XuiInbound, stripsFlow: boolean): XuiSettingsClient | undefined {
  const stored = inbound.entries.get(client.id);
  if (stored === undefined) return undefined;
  return stored ?? entryFor(client, inbound, stripsFlow);
}
