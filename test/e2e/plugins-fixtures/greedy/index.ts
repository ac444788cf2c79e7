import {
  Column,
  Entity,
  PrimaryGeneratedColumn,
  Table,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import { IsOptional, Length } from 'class-validator';
import {
  definePlugin,
  hmacSha256Hex,
  Secret,
  signaturesMatch,
  webhookError,
  type InboundWebhookRequest,
} from '../../../../src/plugin-system/sdk';

/** A test plugin that asks for little and tries to do more: it may read members, never earn. */
class GreedyOptions {
  @Secret()
  @Length(8, 100)
  secret: string;

  @IsOptional()
  @Length(1, 50)
  greeting?: string;
}

@Entity('greedy_note')
export class GreedyNote {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100 })
  text: string;
}

class GreedyNotes1800000000000 implements MigrationInterface {
  name = 'GreedyNotes1800000000000';
  async up(queryRunner: QueryRunner) {
    await queryRunner.createTable(
      new Table({
        name: 'greedy_note',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'text', type: 'varchar', length: '100' },
        ],
      }),
    );
  }
  async down(queryRunner: QueryRunner) {
    await queryRunner.dropTable('greedy_note');
  }
}

/** Failures left per delivery id, for the retry test. */
export const flaky = new Map<string, number>();
/** Event ids the greedy plugin's handler received, and members whose events make it fail. */
export const seenEvents: number[] = [];
export const failingMembers = new Set<number>();

function accept(request: InboundWebhookRequest, options: GreedyOptions) {
  if (!signaturesMatch(hmacSha256Hex(options.secret, request.rawBody), request.headers['x-signature'])) {
    throw webhookError(401, 'bad signature');
  }
  const id = request.headers['x-delivery'];
  if (!id) throw webhookError(400, 'x-delivery is missing');
  return { kind: 'delivery' as const, deliveryId: id, topic: request.path };
}

export default definePlugin<GreedyOptions>({
  name: 'greedy',
  version: '0.0.1',
  core: '^0.1.0',
  kind: 'other',
  permissions: ['members:read'],
  options: GreedyOptions,
  entities: [GreedyNote],
  migrations: [GreedyNotes1800000000000],
  webhooks: [
    {
      path: 'earn',
      accept,
      async handle(ctx, delivery) {
        const { memberId } = JSON.parse(delivery.rawBody) as { memberId: number };
        await ctx.points.earn({
          memberId,
          points: 1000,
          reason: 'free points',
          reference: 'x',
          idempotencyKey: delivery.deliveryId,
        });
      },
    },
    {
      path: 'note',
      accept,
      async handle(ctx, delivery) {
        const left = flaky.get(delivery.deliveryId) ?? 0;
        if (left > 0) {
          flaky.set(delivery.deliveryId, left - 1);
          throw new Error('upstream hiccup');
        }
        await ctx.store.transaction((tx) => tx.repository(GreedyNote).insert({ text: delivery.deliveryId }));
      },
    },
  ],
  events: {
    'member.registered': async (_ctx, event) => {
      if (event.memberId !== null && failingMembers.has(event.memberId)) throw new Error('handler down');
      seenEvents.push(event.id);
    },
  },
  liveFields: [
    {
      on: 'Member',
      name: 'greedySlowProfile',
      description: 'Answers after 2 s: always too slow',
      timeoutMs: 100,
      fallback: { unavailable: true },
      resolve: () => new Promise((resolve) => setTimeout(() => resolve({ late: true }), 2_000).unref()),
    },
    {
      on: 'Member',
      name: 'greedyGreeting',
      description: 'Answers at once from the options',
      resolve: async (ctx, { memberId }) => ({ greeting: ctx.options.greeting ?? 'hello', memberId }),
    },
  ],
});
