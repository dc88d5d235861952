// Where the exporter listens: its defaults and the --serve address. Apart from the HTTP server, so
// that reading the command line does not load node:http.

export const DEFAULT_PORT = 9366;
export const METRICS_PATH = '/metrics';
/** What liveness probes ask: answered without rendering the metrics. */
export const HEALTH_PATH = '/healthz';

export interface ListenAddress {
  host: string;
  port: number;
}

/** `host:port`, `[v6]:port` or `port` (on 127.0.0.1); undefined when malformed. */
export function parseListenAddress(text: string): ListenAddress | undefined {
  const match = /^(?:(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):)?(\d{1,5})$/.exec(text);
  if (!match) return undefined;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return undefined;
  return { host: match[1] ?? match[2] ?? '127.0.0.1', port };
}

export const formatAddress = ({ host, port }: ListenAddress) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** --host-names: DNS names, separated by commas, without ports. */
export function parseHostNames(text: string): string[] {
  const names = text.split(',');
  for (const name of names) {
    if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$/.test(name)) {
      throw new RangeError(`expected host names separated by commas, such as node1 or node1.example.org (no port); got '${name}'`);
    }
  }
  return names;
}
