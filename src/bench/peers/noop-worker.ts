import { runMain } from '../../lib/run-main';
import { createWorkerClient } from '../../worker/client';
import { loadWorkerConfig } from '../../worker/config';
import { subscribeTopic } from '../../worker/subscribe';

/**
 * meritflow's worker runtime with a no-op handler on BENCH_TOPIC: the worker's client and settings
 * (src/worker/client.ts, config.ts) and its subscription wrapper (audit scope, failure reporting).
 */
async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const { client, Variables } = await createWorkerClient(config);
  subscribeTopic(client, Variables, { topic: process.env.BENCH_TOPIC!, handle: async () => ({}) });
  client.start();
  console.log(`no-op worker on ${process.env.BENCH_TOPIC}: maxTasks ${config.maxTasks}, lock ${config.lockMs} ms, long poll ${config.longPollMs} ms`);
  process.on('SIGTERM', () => { client.stop(); process.exit(0); });
}

runMain(main);
