import { bootBenchApp, runStandalone, type GraphQLResult } from './bench-app';
import { iterations, ms, printTable, ratio, summarize, timed } from './report';

const ALIASES = 5_000;
const SMALL_QUERY = 'query Member($id: ID!) { member(id: $id) { id firstName } }';
const ALIAS_QUERY = `query Aliases { ${Array.from({ length: ALIASES }, (_, i) => `a${i}: __typename`).join(' ')} }`;

/**
 * How much a hostile operation (5,000 aliases) costs the server before it is refused, against an
 * ordinary small query, measured in the same run. The body stays under the request size limit, so
 * the refusal comes from the GraphQL limits, not from the JSON body parser.
 */
export async function runAliasLimitBench(): Promise<void> {
  const bench = await bootBenchApp({ members: 10 });
  try {
    const runs = iterations(200);
    const cases = [
      { name: 'small query: member(id) { id firstName }', query: SMALL_QUERY, variables: { id: '1' } },
      { name: `${ALIASES} aliases of __typename`, query: ALIAS_QUERY, variables: undefined },
    ].map((c) => ({ ...c, send: () => bench.gql(c.query, c.variables) }));
    const last = new Map<string, GraphQLResult>();
    const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
    for (const c of cases) for (let i = 0; i < 20; i++) await c.send(); // warm-up
    for (let i = 0; i < runs; i++) {
      for (const c of cases) {
        const { ms: elapsed, result } = await timed(c.send);
        times.get(c.name)!.push(elapsed);
        last.set(c.name, result);
      }
    }

    const small = last.get(cases[0].name)!;
    if (small.errors) throw new Error(`the small query failed: ${JSON.stringify(small.errors)}`);
    const stats = cases.map((c) => ({
      ...c,
      time: summarize(times.get(c.name)!),
      response: last.get(c.name)!,
    }));
    const refused = stats[1].response;
    printTable(
      `Refusing ${ALIASES} aliases vs a small query on ${bench.engine}, ${runs} iterations each`,
      ['operation', 'request bytes', 'HTTP', 'outcome', 'median ms', 'p95 ms'],
      stats.map((s) => [
        s.name,
        String(Buffer.byteLength(JSON.stringify({ query: s.query, variables: s.variables }))),
        String(s.response.status),
        s.response.errors?.[0]?.extensions?.code ?? 'data',
        ms(s.time.median),
        ms(s.time.p95),
      ]),
      [
        `refused / small: ${ratio(stats[1].time.median / stats[0].time.median)} median time, ` +
          `${ratio(stats[1].time.p95 / stats[0].time.p95)} p95 time`,
        `refusal message: ${refused.errors?.[0]?.message ?? '(none: the query was NOT refused)'}`,
      ],
    );
  } finally {
    await bench.stop();
  }
}

if (require.main === module) runStandalone(runAliasLimitBench);
