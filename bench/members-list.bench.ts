import { In, type EntityManager } from 'typeorm';
import { ChannelIdentity, Member } from '../src/modules/members';
import { bootBenchApp, runStandalone } from './bench-app';
import { iterations, ms, printTable, ratio, summarize, timed } from './report';

const MEMBERS = 5_000;
const PAGE = 100;
const QUERY = `query MembersPage($first: Int!) {
  members(first: $first) { edges { node { id firstName channelIdentities { channel externalId } } } }
}`;

interface Sample {
  ms: number;
  statements: number;
}

/**
 * One page of members with their channel identities: the GraphQL API (DataLoader batching) against the
 * naive N+1 a resolver without loaders would run (one query for the page, then one per member, issued
 * concurrently as GraphQL would), both measured in the same run over the same data.
 */
export async function runMembersListBench(): Promise<void> {
  const bench = await bootBenchApp({ members: MEMBERS });
  const { app } = bench;
  try {
    const runs = iterations(200);
    const approaches: { name: string; work: () => Promise<unknown> }[] = [
      { name: 'GraphQL over HTTP (DataLoader)', work: () => graphqlPage(bench.gql) },
      { name: 'naive N+1, TypeORM manager', work: () => naivePage(app.db.manager) },
      { name: 'batched, TypeORM manager', work: () => batchedPage(app.db.manager) },
    ];
    const samples = new Map<string, Sample[]>(approaches.map((a) => [a.name, []]));
    for (const approach of approaches) for (let i = 0; i < 20; i++) await approach.work(); // warm-up
    // Interleaved, so drift (GC, disk cache) hits every approach alike.
    for (let i = 0; i < runs; i++) {
      for (const approach of approaches) {
        const { result, statements } = await app.statements.measure(() => timed(approach.work));
        samples.get(approach.name)!.push({ ms: result.ms, statements });
      }
    }

    const stats = approaches.map(({ name }) => {
      const list = samples.get(name)!;
      return {
        name,
        time: summarize(list.map((s) => s.ms)),
        statements: summarize(list.map((s) => s.statements)),
      };
    });
    const [graphql, naive] = stats;
    printTable(
      `members(first: ${PAGE}) with channelIdentities: ${MEMBERS} members on ${bench.engine}, ${runs} iterations each`,
      ['approach', 'statements/page', 'median ms', 'p95 ms'],
      stats.map((s) => [
        s.name,
        s.statements.min === s.statements.max
          ? String(s.statements.median)
          : `${s.statements.min}-${s.statements.max}`,
        ms(s.time.median),
        ms(s.time.p95),
      ]),
      [
        `naive N+1 / GraphQL: ${ratio(naive.statements.median / graphql.statements.median)} statements, ` +
          `${ratio(naive.time.median / graphql.time.median)} median time, ${ratio(naive.time.p95 / graphql.time.p95)} p95 time`,
        '(GraphQL times include HTTP, JSON and validation; the two TypeORM rows are database work only)',
      ],
    );
  } finally {
    await bench.stop();
  }
}

async function graphqlPage(gql: Awaited<ReturnType<typeof bootBenchApp>>['gql']): Promise<void> {
  const response = await gql(QUERY, { first: PAGE });
  const edges = (response.data?.members as { edges?: unknown[] } | undefined)?.edges;
  if (response.status !== 200 || response.errors || edges?.length !== PAGE) {
    throw new Error(`members query did not return a full page: ${JSON.stringify(response).slice(0, 500)}`);
  }
}

async function naivePage(manager: EntityManager): Promise<unknown> {
  const members = await manager.find(Member, { order: { id: 'ASC' }, take: PAGE });
  return Promise.all(
    members.map(async (member) => ({
      ...member,
      channelIdentities: await manager.find(ChannelIdentity, {
        where: { memberId: member.id },
        order: { id: 'ASC' },
      }),
    })),
  );
}

async function batchedPage(manager: EntityManager): Promise<unknown> {
  const members = await manager.find(Member, { order: { id: 'ASC' }, take: PAGE });
  const identities = await manager.find(ChannelIdentity, {
    where: { memberId: In(members.map((m) => m.id)) },
    order: { id: 'ASC' },
  });
  return members.map((member) => ({
    ...member,
    channelIdentities: identities.filter((identity) => identity.memberId === member.id),
  }));
}

if (require.main === module) runStandalone(runMembersListBench);
