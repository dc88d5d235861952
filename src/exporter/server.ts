// The exporter's HTTP side: GET /metrics and /healthz, one request per connection, with every
// resource a client can make it hold bounded.
import { createServer, isIP, type Server, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { ExitCode, ToolError } from '../core/errors.js';
import { HEALTH_PATH, METRICS_PATH, formatAddress, type ListenAddress } from './address.js';
import { OPENMETRICS_CONTENT_TYPE, TEXT_CONTENT_TYPE, wantsOpenMetrics } from './metrics.js';

export interface ServerLimits {
  /**
   * Connections at once: at this many, a new one evicts the oldest that has been answered (it only
   * waits for the peer's close), else the oldest that has not sent its request yet.
   */
  maxConnections: number;
  /** From one peer (an IPv4 address, an IPv6 /64): one client cannot take the connections Prometheus and the probes need. */
  maxConnectionsPerPeer: number;
  /** The request line and headers; a longer request is answered 431. */
  maxRequestBytes: number;
  /** From connecting to the end of the request's headers: Prometheus sends its request at once. */
  requestTimeoutMs: number;
  /** From connecting to the peer's close after the answer: a client that stops reading is reset. */
  connectionTimeoutMs: number;
  /** From the answer's last byte handed to the kernel to the peer's close: a client that keeps the connection open is reset. */
  answeredTimeoutMs: number;
}

/**
 * The bounds a client meets (README "Fleet"). Each connection carries one request and is closed
 * after its answer: nothing a client pipelines is answered, so a client cannot make answers queue
 * up. A connection holds at most maxRequestBytes of request and a reference to a rendering shared by
 * every scrape of the same drain; it stays counted until the peer has closed too, so an answer
 * that a client does not read stays with a counted connection, never in an orphaned kernel socket.
 * Once its answer is with the kernel, a connection is held only briefly: clients that read their
 * answers but keep connections open cannot fill the total.
 */
export const SERVER_LIMITS: Readonly<ServerLimits> = {
  maxConnections: 128,
  maxConnectionsPerPeer: 8,
  maxRequestBytes: 8192,
  requestTimeoutMs: 2_000,
  connectionTimeoutMs: 10_000,
  answeredTimeoutMs: 1_000,
};

/** Between two notes about the same kind of server trouble (accept failing, rendering failing). */
const NOTE_INTERVAL_MS = 60_000;

/** The body of /metrics in one of the two formats; called for every scrape. */
export type Render = (openMetrics: boolean) => string | Buffer;

export interface ServerOptions {
  /** Host names requests may carry besides IP addresses, localhost and this machine's name. */
  hostNames?: readonly string[];
  /** Where the server's own troubles are reported (stderr), at most once a minute per kind. */
  warn?: (message: string) => void;
  /** Other bounds than SERVER_LIMITS (tests). */
  limits?: Partial<ServerLimits>;
}

/**
 * The peer a connection counts against: an IPv4 address (also when it arrives as `::ffff:a.b.c.d`)
 * or an IPv6 /64, which is what one host is given (it picks any address in it at will). Not so
 * the link-local fe80::/64, every host's on a link, nor NAT64's 64:ff9b::/96, which holds IPv4
 * hosts: there each address is a peer.
 */
export function peerGroup(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIP(address) === 4) return address;
  const bare = address.replace(/%.*$/, '');
  if (isIP(bare) !== 6) return undefined;
  const [head = '', tail] = bare.split('::');
  const quad = (g: string) =>
    g
      .split('.')
      .map(Number)
      .reduce((value, byte) => value * 256 + byte, 0);
  const embedded = (g: string) => [Math.floor(quad(g) / 65536).toString(16), (quad(g) % 65536).toString(16)];
  const groups = (part: string) => (part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? embedded(g) : [g])));
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const all = [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back].map((g) => parseInt(g, 16).toString(16));
  const prefix = all.slice(0, 6).join(':');
  if (prefix.startsWith('fe80:0:0:0:') || prefix === '64:ff9b:0:0:0:0') return all.join(':');
  return `${all.slice(0, 4).join(':')}::/64`;
}

/**
 * Whether a request's Host header may be answered. A DNS rebinding attack makes a browser send a
 * name the attacker owns to an address of ours, so names are what must be checked: any IP literal
 * is accepted (a browser sends one only to that address), and of names only `localhost`, this
 * machine's host name and the configured ones. No Host at all (HTTP/1.0) is no browser either.
 */
export function hostAllowed(host: string | undefined, names: ReadonlySet<string>): boolean {
  if (host === undefined) return true;
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*))(?::\d*)?$/.exec(host.trim());
  if (!match) return false;
  if (match[1] !== undefined) return isIP(match[1]) === 6;
  const name = match[2]!.toLowerCase().replace(/\.$/, '');
  return isIP(name) === 4 || name === 'localhost' || names.has(name);
}

interface Request {
  method: string;
  path: string;
  version: string;
  headers: Map<string, string>;
  /** The authority of an absolute-form target (`GET http://host:port/metrics`): it replaces Host. */
  authority?: string;
}

/** The request line and headers of `head` (without the blank line), or undefined if malformed. */
function parseRequest(head: string): Request | undefined {
  const [line, ...fields] = head.split(/\r?\n/);
  const match = /^([A-Z]+) (\S+) HTTP\/(1\.[01])$/.exec(line ?? '');
  if (!match) return undefined;
  const headers = new Map<string, string>();
  for (const field of fields) {
    const colon = field.indexOf(':');
    if (colon <= 0 || /\s/.test(field.slice(0, colon))) return undefined;
    const name = field.slice(0, colon).toLowerCase();
    // A second Host is an attempt to confuse: RFC 9112 answers it 400.
    if (name === 'host' && headers.has(name)) return undefined;
    headers.set(name, field.slice(colon + 1).trim());
  }
  const target = match[2]!;
  // RFC 9112 3.2.2: a server must accept the absolute form, which proxies send, and judge its authority, not Host.
  const absolute = /^https?:\/\/([^/?#@]*)([/?][^#]*)?$/i.exec(target);
  if (absolute) {
    const path = absolute[2] === undefined || absolute[2].startsWith('?') ? '/' : absolute[2];
    return { method: match[1]!, path: path.split('?', 1)[0]!, version: match[3]!, headers, authority: absolute[1]! };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined;
  return { method: match[1]!, path: target.split('?', 1)[0]!, version: match[3]!, headers };
}

/** One accepted connection, counted against its peer's cap and the total until it is closed. */
interface Connection {
  socket: Socket;
  peer: string;
  /** Its request was read: it is being answered, and is no longer evicted as idle for a newcomer. */
  requested: boolean;
  /** Its answer is with the kernel: it only waits for the peer's close, the first evicted for a newcomer. */
  answered: boolean;
  released: boolean;
}

export function metricsServer(render: Render, options: ServerOptions = {}): Server {
  const limits: ServerLimits = { ...SERVER_LIMITS, ...options.limits };
  const names = new Set([hostname().toLowerCase(), ...(options.hostNames ?? []).map((name) => name.toLowerCase().replace(/\.$/, ''))]);
  const lastNote = new Map<string, number>();
  const note = (kind: string, message: string) => {
    const now = performance.now();
    if (now - (lastNote.get(kind) ?? -Infinity) < NOTE_INTERVAL_MS) return;
    lastNote.set(kind, now);
    options.warn?.(message);
  };
  const peers = new Map<string, number>();
  // In the order they were accepted: the first one not yet requested is the oldest idle one.
  const open = new Map<Socket, Connection>();
  const release = (connection: Connection) => {
    if (connection.released) return;
    connection.released = true;
    open.delete(connection.socket);
    const left = peers.get(connection.peer)! - 1;
    if (left === 0) peers.delete(connection.peer);
    else peers.set(connection.peer, left);
  };

  const server = createServer({ noDelay: true, allowHalfOpen: true }, (socket) => {
    socket.on('error', () => {}); // resets and timeouts end the connection; nothing to report
    const peer = peerGroup(socket.remoteAddress);
    if (peer === undefined || (peers.get(peer) ?? 0) >= limits.maxConnectionsPerPeer) {
      socket.destroy();
      return;
    }
    if (open.size >= limits.maxConnections) {
      // Idle, slow or lingering clients must not starve a real scrape: the oldest already answered
      // makes room (it has its answer), else the oldest that has not sent its request yet. If
      // every connection is being answered, the newcomer waits its turn.
      const all = [...open.values()];
      const evicted = all.find((connection) => connection.answered) ?? all.find((connection) => !connection.requested);
      if (!evicted) {
        socket.destroy();
        return;
      }
      release(evicted);
      evicted.socket.resetAndDestroy();
    }
    const connection: Connection = { socket, peer, requested: false, answered: false, released: false };
    peers.set(peer, (peers.get(peer) ?? 0) + 1);
    open.set(socket, connection);
    socket.once('close', () => release(connection));
    serveOne(connection, limits, render, names, note);
  });
  connections.set(server, open);
  // After listen: accept failing (EMFILE, ENFILE, ENOMEM) must not end the exporter. libuv has
  // already closed the connection it could not take; the next ones are accepted when fds free up.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (server.listening) note('accept', `the metrics server could not accept a connection: ${error.message}; serving on`);
  });
  return server;
}

/**
 * Reads one request from the connection and answers it. The connection ends when the peer closes
 * after the answer, or with a reset at the deadline: a reset, not a close, so that the kernel frees
 * an answer the client did not read at once instead of holding it in an orphaned socket.
 */
function serveOne(
  connection: Connection,
  limits: ServerLimits,
  render: Render,
  names: ReadonlySet<string>,
  note: (kind: string, message: string) => void,
): void {
  const { socket } = connection;
  const deadline = setTimeout(() => socket.resetAndDestroy(), limits.connectionTimeoutMs);
  let lingering: NodeJS.Timeout | undefined;
  // send() emits it once the answer is with the kernel.
  socket.once(ANSWERED, () => {
    connection.answered = true;
    lingering = setTimeout(() => socket.resetAndDestroy(), limits.answeredTimeoutMs);
  });
  const requestDeadline = setTimeout(() => socket.resetAndDestroy(), limits.requestTimeoutMs);
  socket.once('close', () => {
    clearTimeout(deadline);
    clearTimeout(requestDeadline);
    clearTimeout(lingering);
  });
  // The peer closing before it sent a whole request: nothing to answer.
  const onEnd = () => socket.destroy();
  socket.once('end', onEnd);
  let received: Buffer = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
    const end = headEnd(received);
    if (end < 0 && received.length < limits.maxRequestBytes) return;
    // One request: what else the client sent (pipelined requests) is never answered.
    socket.off('data', onData);
    socket.off('end', onEnd);
    clearTimeout(requestDeadline);
    connection.requested = true;
    if (end < 0 || end > limits.maxRequestBytes) {
      answer(socket, 431, `Request header fields too large: at most ${limits.maxRequestBytes} bytes\n`);
      return;
    }
    const request = parseRequest(received.subarray(0, end).toString('latin1'));
    received = Buffer.alloc(0);
    if (!request) return answer(socket, 400, 'Bad request\n');
    respond(socket, request, render, names, note);
  };
  socket.on('data', onData);
}

/** Where the blank line ending a request's headers starts, or -1. */
function headEnd(data: Buffer): number {
  const crlf = data.indexOf('\r\n\r\n');
  const lf = data.indexOf('\n\n');
  if (crlf < 0) return lf;
  return lf < 0 ? crlf : Math.min(crlf, lf);
}

function respond(socket: Socket, request: Request, render: Render, names: ReadonlySet<string>, note: (kind: string, message: string) => void): void {
  const host = request.authority ?? request.headers.get('host');
  if (host === undefined && request.version === '1.1') return answer(socket, 400, 'Bad request: HTTP/1.1 needs a Host header\n');
  if (host?.trim() === '') return answer(socket, 400, 'Bad request: an empty Host\n');
  if (!hostAllowed(host, names)) {
    return answer(socket, 421, `Misdirected request: Host '${host}' is not an address of this exporter nor a name given to --host-names\n`);
  }
  const head = request.method === 'HEAD';
  if (request.path !== METRICS_PATH && request.path !== HEALTH_PATH) {
    return answer(socket, 404, `Not found: the metrics are at ${METRICS_PATH}\n`, head);
  }
  if (request.method !== 'GET' && !head) {
    return answer(socket, 405, `Method not allowed: ${request.path} answers GET and HEAD\n`, false, { Allow: 'GET, HEAD' });
  }
  if (request.path === HEALTH_PATH) return answer(socket, 200, 'ok\n', head);
  const openMetrics = wantsOpenMetrics(request.headers.get('accept'));
  let body: string | Buffer;
  try {
    body = render(openMetrics);
  } catch (error) {
    note('render', `rendering the metrics failed (answered 500): ${(error as Error)?.message ?? String(error)}`);
    return answer(socket, 500, "Internal server error: rendering the metrics failed; see the exporter's stderr\n", head);
  }
  send(socket, 200, openMetrics ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE, body, head);
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  421: 'Misdirected Request',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
};

function answer(socket: Socket, status: number, text: string, head = false, headers: Record<string, string> = {}): void {
  send(socket, status, 'text/plain; charset=utf-8', text, head, headers);
}

/**
 * Writes the answer and then closes our side (a FIN after the answer); the connection stays open,
 * and counted, until the peer closes too. What the peer still sends is read and dropped: only so
 * is its close seen.
 */
function send(socket: Socket, status: number, type: string, body: string | Buffer, head: boolean, headers: Record<string, string> = {}): void {
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  const start = `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Type: ${type}\r\nContent-Length: ${length}\r\n${extra}Connection: close\r\n\r\n`;
  if (socket.destroyed) return;
  let peerClosed = false;
  let sent = false;
  socket.on('data', () => {});
  socket.once('end', () => {
    peerClosed = true;
    if (sent) socket.destroy();
  });
  socket.resume();
  socket.cork();
  socket.write(start, 'latin1');
  // The rendering is written as it is, not copied: every connection refers to the same bytes.
  if (!head) socket.write(body);
  socket.end(() => {
    sent = true;
    if (peerClosed) socket.destroy();
    else socket.emit(ANSWERED);
  });
  socket.uncork();
}

/** The event a connection's socket emits once its answer is with the kernel. */
const ANSWERED = 'syscallbypid:answered';

const connections = new WeakMap<Server, Map<Socket, Connection>>();

/** Stops listening and cuts every connection off; resolves once the server is closed. */
export function stopServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Reset, so that no answer is left behind in an orphaned kernel socket once the exporter is gone.
  for (const socket of connections.get(server)?.keys() ?? []) socket.resetAndDestroy();
  return closed;
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
