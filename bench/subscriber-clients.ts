import { parentPort, Worker } from 'node:worker_threads';
import path from 'node:path';
import WebSocket from 'ws';

/**
 * The subscriptions bench's simulated clients, in a worker thread: thousands of graphql-ws sockets
 * parsing every message cost about as much CPU as the server's fan-out, and on the server's thread
 * they would be measured as the server's delay. Each socket opens one subscription and notes, for
 * every `next`, the event's `seq` and the wall-clock time it arrived (Date.now(), the clock the
 * bench's commit times use).
 */
export interface OpenRequest {
  type: 'open';
  wsUrl: string;
  query: string;
  tokens: string[];
}

type Request = OpenRequest | { type: 'count' } | { type: 'close' };

type Reply =
  | { type: 'opened' }
  | { type: 'count'; received: number }
  | { type: 'closed'; seqs: Float64Array; times: Float64Array };

/** The main thread's handle on one worker of clients. */
export class SubscriberClients {
  private readonly worker = new Worker(path.join(__dirname, 'subscriber-clients.js'));

  private ask<T extends Reply['type']>(request: Request, type: T): Promise<Extract<Reply, { type: T }>> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: Reply) => {
        if (reply.type !== type) return;
        this.worker.off('message', onMessage);
        this.worker.off('error', reject);
        resolve(reply as Extract<Reply, { type: T }>);
      };
      this.worker.on('message', onMessage);
      this.worker.once('error', reject);
      this.worker.postMessage(request);
    });
  }

  async open(wsUrl: string, query: string, tokens: string[]): Promise<void> {
    await this.ask({ type: 'open', wsUrl, query, tokens }, 'opened');
  }

  async received(): Promise<number> {
    return (await this.ask({ type: 'count' }, 'count')).received;
  }

  /** Closes every socket; the receipts as (seq, arrival ms) pairs. */
  async close(): Promise<{ seq: number; at: number }[]> {
    const { seqs, times } = await this.ask({ type: 'close' }, 'closed');
    return Array.from(seqs, (seq, i) => ({ seq, at: times[i] }));
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/** The worker's side. */
function serve(port: NonNullable<typeof parentPort>): void {
  let sockets: WebSocket[] = [];
  let seqs: number[] = [];
  let times: number[] = [];

  const subscriber = (wsUrl: string, token: string, query: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
      socket.once('error', reject);
      socket.once('open', () =>
        socket.send(
          JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
        ),
      );
      socket.on('message', (raw: Buffer) => {
        const message = JSON.parse(raw.toString()) as {
          type: string;
          payload?: { data?: { activityFeed: { payload: { seq: number } } } };
        };
        if (message.type === 'connection_ack') {
          socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
          resolve(socket);
        } else if (message.type === 'next') {
          seqs.push(message.payload!.data!.activityFeed.payload.seq);
          times.push(Date.now());
        }
      });
    });

  port.on('message', (request: Request) => {
    void (async () => {
      if (request.type === 'open') {
        seqs = [];
        times = [];
        for (let i = 0; i < request.tokens.length; i += 250) {
          const batch = request.tokens.slice(i, i + 250);
          sockets.push(
            ...(await Promise.all(batch.map((token) => subscriber(request.wsUrl, token, request.query)))),
          );
        }
        port.postMessage({ type: 'opened' } satisfies Reply);
      } else if (request.type === 'count') {
        port.postMessage({ type: 'count', received: seqs.length } satisfies Reply);
      } else {
        const closing = sockets;
        sockets = [];
        await Promise.all(
          closing.map((socket) => new Promise((resolve) => (socket.once('close', resolve), socket.close()))),
        );
        const reply = {
          type: 'closed',
          seqs: Float64Array.from(seqs),
          times: Float64Array.from(times),
        } as const;
        port.postMessage(reply satisfies Reply, [reply.seqs.buffer, reply.times.buffer]);
      }
    })();
  });
}

if (parentPort) serve(parentPort);
