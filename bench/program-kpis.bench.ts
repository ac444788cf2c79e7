import { clock } from '../src/common/clock';
import { generateMembers } from '../seeds/generate-members';
import { bootBenchApp, runStandalone, type BenchApp } from './bench-app';
import { iterations, ms, printTable, summarize, timed } from './report';

/** Members at the first size; the second size adds `GROWTH - 1` times as many again. */
const MEMBERS = Number(process.env.BENCH_KPI_MEMBERS ?? 10_000);
const GROWTH = Number(process.env.BENCH_KPI_GROWTH ?? 5);
const ORDERS_PER_MEMBER = 6;

const KPIS = `query Kpis($input: ProgramKpisInput!) {
  programKpis(input: $input) {
    key newMembers activeMembers orders revenueMinor repurchaseRate retentionRate
    pointsIssued pointsRedeemed npsResponses nps
  }
}`;
const MEMBERS_IN_CHANNEL = `query InChannel($channel: String!) {
  members(first: 20, filter: { channel: $channel }) { totalCount edges { node { id } } }
}`;

interface Probe {
  name: string;
  run: (bench: BenchApp) => Promise<unknown>;
}

const year = () => {
  const to = clock.now();
  return { from: new Date(to.getTime() - 365 * 86_400_000).toISOString(), to: to.toISOString() };
};
const kpis =
  (groupBy: string): Probe['run'] =>
  async (bench) => {
    const result = await bench.gql(KPIS, { input: { ...year(), groupBy } });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result;
  };

const probes: Probe[] = [
  { name: 'programKpis, 12 months, groupBy NONE', run: kpis('NONE') },
  { name: 'programKpis, 12 months, groupBy CHANNEL', run: kpis('CHANNEL') },
  { name: 'programKpis, 12 months, groupBy STORE', run: kpis('STORE') },
  {
    name: 'members(filter: { channel }) with totalCount',
    run: async (bench) => {
      const result = await bench.gql(MEMBERS_IN_CHANNEL, { channel: 'pos' });
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result;
    },
  },
];

/** Median milliseconds of each probe, interleaved so drift hits every probe alike. */
async function measure(bench: BenchApp, runs: number): Promise<number[]> {
  const samples = probes.map(() => [] as number[]);
  for (const probe of probes) await probe.run(bench); // warm-up
  for (let i = 0; i < runs; i++) {
    for (const [index, probe] of probes.entries())
      samples[index].push((await timed(() => probe.run(bench))).ms);
  }
  return samples.map((list) => summarize(list).median);
}

/**
 * Issue 12: programme KPIs and the channel member count must grow no faster than the data. Measures
 * every grouping at one size, grows the data GROWTH times (members and their orders, same
 * generator), and measures again: a ratio of times at or under the ratio of orders is linear.
 * The fast-path orders carry no ledger entries, so the points aggregate is measured over an empty
 * range (it is one indexed range scan of `ledger_entry`, like the orders aggregate).
 */
export async function runProgramKpisBench(): Promise<void> {
  const bench = await bootBenchApp();
  try {
    const runs = iterations(10);
    const grow = (count: number) =>
      generateMembers(bench.app.db, { count, seed: 42, batchSize: 1000, ordersPerMember: ORDERS_PER_MEMBER });
    const small = await grow(MEMBERS);
    const before = await measure(bench, runs);
    const large = await grow(MEMBERS * (GROWTH - 1));
    const after = await measure(bench, runs);
    const orders = [small.orders, small.orders + large.orders];
    const dataRatio = orders[1] / orders[0];
    printTable(
      `Programme figures as the data grows: ${MEMBERS} → ${MEMBERS * GROWTH} members, ${orders[0]} → ${orders[1]} orders (${dataRatio.toFixed(1)}×) on ${bench.engine}, median of ${runs}`,
      ['query', `ms at ${MEMBERS}`, `ms at ${MEMBERS * GROWTH}`, 'time ratio', 'ratio ÷ data ratio'],
      probes.map((probe, i) => [
        probe.name,
        ms(before[i]),
        ms(after[i]),
        `${(after[i] / before[i]).toFixed(2)}x`,
        (after[i] / before[i] / dataRatio).toFixed(2),
      ]),
      ['A last column at or under 1.00 grows no faster than the data.'],
    );
  } finally {
    await bench.stop();
  }
}

if (require.main === module) runStandalone(runProgramKpisBench);
