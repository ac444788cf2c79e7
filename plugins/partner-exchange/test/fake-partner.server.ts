import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hmacSha256Hex, signaturesMatch } from '@loyalty-bff/plugin-sdk';

export type FakeBehaviour = 'ok' | 'slow' | 'fail' | 'reject' | 'down' | 'busy' | 'bad-request';

/**
 * A partner programme's transfer API on loopback, as a real partner would run it: checks our bearer key
 * and signature, credits each transfer id once (a repeat answers the first result), and misbehaves on
 * demand: `slow` credits then answers late (after our timeout), `fail` answers 500 without crediting,
 * `reject` refuses this transfer (422 naming it), `down` never answers, `busy` answers 409 (a call for
 * this transfer is in flight), `bad-request` answers a bare 400 that names no transfer.
 */
export class FakePartner {
  behaviour: FakeBehaviour = 'ok';
  slowMs = 600;
  /** transferId → credited partner points. */
  readonly credited = new Map<string, { points: number; member: string }>();
  requests = 0;
  private server!: http.Server;
  private readonly hanging = new Set<http.ServerResponse>();

  constructor(
    private readonly apiKey: string,
    private readonly secret: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
  }

  totalCredited(): number {
    return [...this.credited.values()].reduce((sum, c) => sum + c.points, 0);
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    this.requests++;
    const answer = (status: number, json: object) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    if (req.url !== '/api/transfers' || req.method !== 'POST')
      return answer(404, { reason: 'no such route' });
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) return answer(401, { reason: 'bad key' });
    const [t, v1] = String(req.headers['x-loyalty-signature'] ?? '')
      .split(',')
      .map((part) => part.split('=')[1]);
    if (!signaturesMatch(hmacSha256Hex(this.secret, `${t}.${body}`), v1)) {
      return answer(401, { reason: 'bad signature' });
    }
    const transfer = JSON.parse(body) as { transferId: string; partnerMemberId: string; points: number };
    switch (this.behaviour) {
      case 'down':
        this.hanging.add(res);
        return;
      case 'fail':
        return answer(500, { reason: 'internal error' });
      case 'busy':
        return answer(409, { reason: 'transfer in progress' });
      case 'bad-request':
        return answer(400, { reason: 'malformed request' });
      case 'reject':
        return answer(422, {
          status: 'REJECTED',
          transferId: transfer.transferId,
          reason: 'unknown member account',
        });
      default: {
        const first = !this.credited.has(transfer.transferId);
        if (first)
          this.credited.set(transfer.transferId, {
            points: transfer.points,
            member: transfer.partnerMemberId,
          });
        const reply = () =>
          answer(200, { status: 'CREDITED', reference: `sky-${transfer.transferId}`, duplicate: !first });
        if (this.behaviour === 'slow') setTimeout(reply, this.slowMs);
        else reply();
      }
    }
  }
}
