import { loadConfig } from '../config';
import { connectStore, disconnectStore } from '../db/connection';
import { PersonModel } from '../db/models/person';
import { EngineClient } from '../server/engine-client';
import { launchReviews } from '../server/cases/launch-reviews';

/** `npm run launch -- <cycle> [employeeId…]`: starts reviews for a cycle, as HR would. */
async function main(): Promise<void> {
  const [cycle, ...employeeIds] = process.argv.slice(2);
  if (!cycle) {
    console.error('usage: npm run launch -- <cycle> [employeeId…]   (ENGINE_URL and MONGODB_URI as for the server)');
    process.exit(2);
  }
  const config = loadConfig();
  await connectStore(config.mongodbUri);
  const engine = new EngineClient(config.engineUrl, config.engineUser, config.enginePassword);
  const hr = await PersonModel.findOne({ roles: 'hr' }, { _id: 1 }).lean();
  const result = await launchReviews(engine, { cycle, employeeIds: employeeIds.length > 0 ? employeeIds : undefined, actor: hr?._id ?? 'cli' });
  console.log(`${cycle}: ${result.launched.length} launched, ${result.alreadyRunning.length} already running`);
  await disconnectStore();
}

main().catch((error) => {
  console.error(error.problems ?? error);
  process.exit(1);
});
