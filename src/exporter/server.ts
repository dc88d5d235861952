// The exporter's HTTP side: GET /metrics and nothing else, robust to clients that stall.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ExitCode, ToolError } from '../errors.js';
import { METRICS_PATH, formatAddress, type ListenAddress } from './address.js';
import { OPENMETRICS_CONTENT_TYPE, TEXT_CONTENT_TYPE, wantsOpenMetrics } from './metrics.js';

/**
 * A client is cut off when it takes longer than this to send its request, or stops reading the
 * answer for this long: a slow or stalled client must not hold memory or connections for ever.
 */
const CLIENT_TIMEOUT_MS = 10_000;
/** Connections beyond this are refused at once; each stalled one is cut off after CLIENT_TIMEOUT_MS. */
const MAX_CONNECTIONS = 256;

/** The body of /metrics in one of the two formats; called for every scrape. */
export type Render = (openMetrics: boolean) => string | Buffer;

export function metricsServer(render: Render): Server {
  const server = createServer(
    // Node checks the request timeouts every connectionsCheckingInterval (30 s unless told).
    { requestTimeout: CLIENT_TIMEOUT_MS, headersTimeout: CLIENT_TIMEOUT_MS, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1_000 },
    (request: IncomingMessage, response: ServerResponse) => {
      const path = (request.url ?? '').split('?', 1)[0];
      if (path !== METRICS_PATH) return reply(response, 404, `Not found: the metrics are at ${METRICS_PATH}\n`);
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.setHeader('Allow', 'GET, HEAD');
        return reply(response, 405, `Method not allowed: ${METRICS_PATH} answers GET and HEAD\n`);
      }
      const openMetrics = wantsOpenMetrics(request.headers.accept);
      const body = render(openMetrics);
      response.writeHead(200, {
        'Content-Type': openMetrics ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE,
        'Content-Length': Buffer.byteLength(body),
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    },
  );
  server.maxConnections = MAX_CONNECTIONS;
  // Also covers a client that stops reading the answer: its socket stays idle with data unsent.
  server.setTimeout(CLIENT_TIMEOUT_MS, (socket) => socket.destroy());
  return server;
}

function reply(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

/** Starts listening; rejects with the system error (EADDRINUSE, EACCES, EADDRNOTAVAIL...). */
export function listen(server: Server, address: ListenAddress): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Why the exporter cannot listen, and what to do. */
export function explainListenError(address: ListenAddress, error: NodeJS.ErrnoException): ToolError {
  const where = formatAddress(address);
  const reasons: Record<string, string> = {
    EADDRINUSE: `the port is in use (another exporter?): choose another, e.g. --serve ${formatAddress({ ...address, port: address.port === 65535 ? 1024 : address.port + 1 })}`,
    EACCES: 'permission denied: ports below 1024 need CAP_NET_BIND_SERVICE; choose a higher port',
    EADDRNOTAVAIL: 'this machine has no such address: give one of its own, 127.0.0.1, or 0.0.0.0 for all',
    ENOTFOUND: 'no such host name: give an IP address',
    EAI_AGAIN: 'the host name cannot be resolved now: give an IP address',
  };
  const reason = reasons[error.code ?? ''] ?? error.message;
  return new ToolError(`cannot serve metrics on ${where}: ${reason}`, ExitCode.usage);
}
