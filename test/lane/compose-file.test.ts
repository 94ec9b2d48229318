import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const REAL = join(import.meta.dirname, '..', 'real');

interface Service {
  image: string;
  network_mode?: string;
  ports?: string[];
  environment?: Record<string, string>;
}

/**
 * test/real/compose.yaml cannot be started here (no registry access), so what can be checked without
 * running it is: each panel pinned to the release the lane knows, reachable on loopback only, at the
 * port the example panels file names.
 */
describe('test/real/compose.yaml', () => {
  const services = (parse(readFileSync(join(REAL, 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, Service> }).services;
  const example = parse(readFileSync(join(REAL, 'panels.example.yaml'), 'utf8')) as Array<{ type: string; version: string; url: string }>;

  it('pins every panel of the example file to its release and port, on 127.0.0.1 only', () => {
    for (const panel of example) {
      const port = new URL(panel.url).port;
      const match = Object.values(services).find((s) => s.image.split(':')[1]?.replace(/^v/, '') === panel.version.replace(/^v/, '') && s.image.includes(panel.type === 'marzban' ? 'marzban' : panel.type));
      expect(match, `${panel.type} ${panel.version}`).toBeDefined();
      const published = match?.ports ?? [];
      const hostPort = match?.network_mode === 'host' ? match.environment?.UVICORN_PORT : published.map((p) => p.split(':')[1])[0];
      expect(hostPort, `${panel.type} ${panel.version}`).toBe(port);
      expect(match?.environment?.UVICORN_HOST ?? '127.0.0.1', `${panel.type} ${panel.version}`).toBe('127.0.0.1');
    }
    for (const s of Object.values(services)) for (const p of s.ports ?? []) expect(p.startsWith('127.0.0.1:'), p).toBe(true);
  });

  it('gives each Marzban an Xray config with the inbound tags the lane seeds, on ports no other panel uses', () => {
    const ports = new Set<number>();
    for (const version of ['0.4.2', '0.7.0', '0.8.4']) {
      const config = JSON.parse(readFileSync(join(REAL, 'compose', `marzban-xray-${version}.json`), 'utf8')) as { inbounds: Array<{ tag: string; port: number }> };
      expect(config.inbounds.map((i) => i.tag)).toEqual(['VMess TCP', 'VMess Websocket', 'VLESS TCP REALITY', 'VLESS GRPC REALITY', 'Trojan Websocket TLS', 'Shadowsocks TCP']);
      for (const i of config.inbounds) {
        expect(ports.has(i.port), `${version} ${i.port}`).toBe(false);
        ports.add(i.port);
      }
    }
  });
});
