import { loadToolConfig } from '../platform/config';
import { connectStore, disconnectStore } from '../db/connection';
import { PersonModel } from '../db/models/person';
import { toCurrentUser } from '../platform/current-user';
import { EngineClient } from '../platform/engine-client';
import { launchReviews } from '../platform/cases/launch-reviews';

/** `npm run launch -- <cycle> [employeeId…]`: starts reviews for a cycle, as HR would. */
async function main(): Promise<void> {
  const [cycle, ...employeeIds] = process.argv.slice(2);
  if (!cycle) {
    console.error('usage: npm run launch -- <cycle> [employeeId…]   (ENGINE_URL and MONGODB_URI as for the server)');
    process.exit(2);
  }
  const config = loadToolConfig();
  await connectStore(config.mongodbUri);
  const engine = new EngineClient(config.engineUrl, config.engineUser, config.enginePassword);
  // Launched as an HR person would: the flow's diagram names who may start it.
  const hr = await PersonModel.findOne({ roles: 'hr', active: true }, { username: 1, name: 1, roles: 1, locale: 1 }).lean();
  if (!hr) throw new Error('nobody has the hr role to launch as');
  const result = await launchReviews(engine, { cycle, employeeIds: employeeIds.length > 0 ? employeeIds : undefined, user: toCurrentUser(hr) });
  console.log(`${cycle}: ${result.launched.length} launched, ${result.alreadyRunning.length} already running`);
  await disconnectStore();
}

main().catch((error) => {
  console.error(error.problems ?? error);
  process.exit(1);
});
