import { loadToolConfig } from '../platform/config';
import { connectStore, disconnectStore } from '../db/connection';
import { deployAll } from '../deploy/deploy-all';
import { toCurrentUser } from '../platform/current-user';
import { EngineClient } from '../platform/engine-client';
import { launchReviews } from '../platform/cases/launch-reviews';
import { DEMO_PASSWORD } from '../seed/demo-org';
import { seedDemoOrg } from '../seed/seed-demo';
import { runMain } from '../lib/run-main';
import { jobTitleIn } from '../domain/job-title';

export const DEMO_CYCLE = '2026-H2';

/**
 * Readies a store and engine for `npm start`: deploys what changed in processes/, forms/ and
 * policies/, seeds the demo bank, and launches the demo cycle's reviews (only those not running).
 */
async function main(): Promise<void> {
  const config = loadToolConfig();
  await connectStore(config.mongodbUri);
  const engine = new EngineClient(config.engineUrl, config.engineUser, config.enginePassword);
  await deployAll(engine);
  const people = await seedDemoOrg();
  const hr = people.find((p) => p.username === 'hr')!;
  const launch = await launchReviews(engine, { cycle: DEMO_CYCLE, user: toCurrentUser(hr) });
  console.log(`demo cycle ${DEMO_CYCLE}: ${launch.launched.length} reviews launched, ${launch.alreadyRunning.length} already running`);
  console.log(`\ndemo logins (password for all: ${DEMO_PASSWORD})`);
  const show = ['cb.rm01', 'cb.head', 'hr', 'hrbp', 'owner', 'risk', 'compliance', 'ceo', 'auditor'];
  for (const username of show) {
    const person = people.find((p) => p.username === username)!;
    console.log(`  ${username.padEnd(11)} ${person.name.en} (${person.name['zh-CN']}), ${jobTitleIn(person.title, 'en')} (${jobTitleIn(person.title, 'zh-CN')})`);
  }
  await disconnectStore();
}

runMain(main);
