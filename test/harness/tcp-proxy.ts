import net from 'node:net';

/**
 * A TCP proxy between the server and its database that a test can break on purpose.
 *
 * - `cut()`: every open connection is reset and new ones are reset on arrival (a crashed or unreachable
 *   database host); `restore()` lets new connections through again.
 * - `stall()`: bytes stop moving in both directions and new connections wait unconnected (a network
 *   partition, a frozen server, a full switch buffer); `restore()` delivers what was held, in order,
 *   then any close a side made meanwhile, as a healed network would.
 */
export class TcpProxy {
  private readonly server: net.Server;
  private readonly links = new Set<Link>();
  private mode: 'open' | 'cut' | 'stalled' = 'open';

  private constructor(
    private readonly target: { host: string; port: number },
    server: net.Server,
  ) {
    this.server = server;
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = net.createServer();
    const proxy = new TcpProxy(target, server);
    server.on('connection', (socket) => proxy.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Connections the proxy carries right now (for tests that want the pool to have been used). */
  get openLinks(): number {
    return this.links.size;
  }

  cut(): void {
    this.mode = 'cut';
    for (const link of [...this.links]) link.reset();
  }

  stall(): void {
    this.mode = 'stalled';
    for (const link of this.links) link.stall();
  }

  restore(): void {
    this.mode = 'open';
    for (const link of [...this.links]) link.flow(this.target);
  }

  async close(): Promise<void> {
    for (const link of [...this.links]) link.reset();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.mode === 'cut') {
      client.resetAndDestroy();
      return;
    }
    const link = new Link(client, () => this.links.delete(link));
    this.links.add(link);
    if (this.mode === 'open') link.flow(this.target);
    else link.stall();
  }
}

/** One client connection and its upstream; holds bytes (and closes) while stalled. */
class Link {
  private upstream: net.Socket | undefined;
  private stalled = false;
  private readonly toServer: Buffer[] = [];
  private readonly toClient: Buffer[] = [];
  private clientEnded = false;
  private serverEnded = false;
  private done = false;

  constructor(
    private readonly client: net.Socket,
    private readonly onDone: () => void,
  ) {
    client.on('data', (chunk) => this.send(chunk, 'toServer'));
    client.on('end', () => {
      this.clientEnded = true;
      this.settle();
    });
    client.on('error', () => this.finish());
    client.on('close', () => {
      this.clientEnded = true;
      this.settle();
    });
  }

  stall(): void {
    this.stalled = true;
  }

  /** Connects upstream if not yet connected, then delivers what was held and resumes forwarding. */
  flow(target: { host: string; port: number }): void {
    this.stalled = false;
    if (this.done) return;
    if (!this.upstream) {
      if (this.clientEnded) return this.finish();
      const upstream = net.connect(target.port, target.host);
      this.upstream = upstream;
      upstream.on('data', (chunk) => this.send(chunk, 'toClient'));
      upstream.on('end', () => {
        this.serverEnded = true;
        this.settle();
      });
      upstream.on('error', () => this.finish());
      upstream.on('close', () => {
        this.serverEnded = true;
        this.settle();
      });
    }
    this.flush();
    this.settle();
  }

  reset(): void {
    if (this.done) return;
    this.client.resetAndDestroy();
    this.upstream?.resetAndDestroy();
    this.finish();
  }

  private send(chunk: Buffer, direction: 'toServer' | 'toClient'): void {
    const queue = direction === 'toServer' ? this.toServer : this.toClient;
    queue.push(chunk);
    if (!this.stalled) this.flush();
  }

  private flush(): void {
    if (this.upstream && !this.upstream.destroyed) {
      for (const chunk of this.toServer.splice(0)) this.upstream.write(chunk);
    }
    if (!this.client.destroyed) {
      for (const chunk of this.toClient.splice(0)) this.client.write(chunk);
    }
  }

  /** A close seen on one side is passed on once the held bytes have gone (never while stalled). */
  private settle(): void {
    if (this.stalled || this.done) return;
    if (this.clientEnded && this.upstream && this.toServer.length === 0) this.upstream.end();
    if (this.clientEnded && !this.upstream) this.finish();
    if (this.serverEnded && this.toClient.length === 0) this.client.end();
    if (this.clientEnded && this.serverEnded) this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.client.destroy();
    this.upstream?.destroy();
    this.onDone();
  }
}
