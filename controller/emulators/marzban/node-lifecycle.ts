import type { MarzbanState } from './state.ts';

/**
 * The background connect of nodes that are `connecting` (§8, §14): a node whose address
 * does not answer goes to `error` within seconds. Addresses under `.invalid` (a name that
 * never resolves) and those listed in `unreachable` stand for nodes that cannot be reached.
 */
export function connectNodes(state: MarzbanState, unreachable: ReadonlySet<string>): void {
  for (const node of state.nodes.values()) {
    if (node.status !== 'connecting') continue;
    if (unreachable.has(node.address) || node.address.endsWith('.invalid')) {
      Object.assign(node, { status: 'error', xray_version: null, message: '[Errno 111] Connection refused' });
    } else Object.assign(node, { status: 'connected', xray_version: '1.8.24', message: null });
  }
}
