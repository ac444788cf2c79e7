import 'reflect-metadata';
import { runAliasLimitBench } from './alias-limit.bench';
import { runHomeScreenBench } from './home-screen.bench';
import { runMembersListBench } from './members-list.bench';
import { runOrdersRecordingBench } from './orders-recording.bench';
import { runOverheadBench } from './overhead.bench';
import { runProgramKpisBench } from './program-kpis.bench';
import { runSubscriptionsBench } from './subscriptions.bench';
import { runWebhooksBench } from './webhooks.bench';
import { runStandalone } from './bench-app';

/**
 * `npm run bench`: every benchmark in turn, each on its own scratch database. Prints figures only;
 * BENCH_ITERATIONS changes the iteration count, BENCH_DATABASE_URL=mysql://... runs them on MySQL/MariaDB.
 */
const benchmarks: [string, () => Promise<void>][] = [
  ['members list: DataLoader vs N+1', runMembersListBench],
  ['alias limit: refusal cost', runAliasLimitBench],
  ['member home screen vs a hand-written handler', runHomeScreenBench],
  ['{ __typename } vs a bare @apollo/server', runOverheadBench],
  ['orders recorded per second, with and without earning rules', runOrdersRecordingBench],
  ['Shopify webhook deliveries processed per second', runWebhooksBench],
  ['live activity: subscribers, deliveries per second, commit-to-receipt delay', runSubscriptionsBench],
  ['programme KPIs and channel counts as the data grows', runProgramKpisBench],
];

runStandalone(async () => {
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  for (const [name, run] of benchmarks) {
    const started = performance.now();
    await run();
    console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
});
