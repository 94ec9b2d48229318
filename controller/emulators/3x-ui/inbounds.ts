import type { XuiState } from './state.ts';
import type { XuiInbound, XuiInboundInput } from './types.ts';

/** The sandbox's inbounds: one per common protocol, with custom tags (3x-ui.md §5). */
export const DEFAULT_INBOUNDS: readonly XuiInboundInput[] = [
  { protocol: 'vless', port: 443, remark: 'VLESS Reality', tag: 'vless-reality', streamSettings: { network: 'tcp', security: 'reality' } },
  { protocol: 'vmess', port: 8080, remark: 'VMess WS', tag: 'vmess-ws', streamSettings: { network: 'ws', security: 'none' } },
  { protocol: 'trojan', port: 8443, remark: 'Trojan TLS', tag: 'trojan-tls', streamSettings: { network: 'tcp', security: 'tls' } },
  { protocol: 'shadowsocks', port: 1080, remark: 'Shadowsocks', tag: 'ss-tcp', settings: { method: 'chacha20-ietf-poly1305' }, streamSettings: { network: 'tcp', security: 'none' } },
];

/** A taken or empty tag becomes `in-<port>-<transport>`, with -2... on collision (§5). */
function autoTag(state: XuiState, port: number): string {
  const base = `in-${port}-tcp`;
  let tag = base;
  for (let n = 2; state.inboundByTag(tag); n++) tag = `${base}-${n}`;
  return tag;
}

export function addInbound(state: XuiState, input: XuiInboundInput): XuiInbound {
  const taken = !input.tag || state.inboundByTag(input.tag) !== undefined;
  const inbound: XuiInbound = {
    id: state.nextInboundId(),
    remark: input.remark ?? '',
    enable: input.enable ?? true,
    up: 0,
    down: 0,
    total: input.total ?? 0,
    expiryTime: input.expiryTime ?? 0,
    listen: input.listen ?? '',
    port: input.port,
    protocol: input.protocol,
    settings: { ...(input.settings ?? {}), clients: [] },
    streamSettings: input.streamSettings ?? { network: 'tcp', security: 'none' },
    sniffing: input.sniffing ?? { enabled: false },
    tag: taken ? autoTag(state, input.port) : (input.tag as string),
    subSortIndex: 0,
    trafficReset: input.trafficReset ?? 'never',
    trafficResetDay: input.trafficResetDay ?? 1,
    lastTrafficResetTime: 0,
    shareAddrStrategy: '',
    shareAddr: '',
    disableFlow: input.disableFlow ?? false,
    entries: new Map(),
    autoTag: taken,
  };
  state.inbounds.set(inbound.id, inbound);
  state.touch();
  return inbound;
}
