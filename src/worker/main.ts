import { loadWorkerConfig } from './config';
import { connectStore } from '../db/connection';
import { subscribeTopic } from './subscribe';
import { TOPIC_HANDLERS } from './handlers';
import { workerEngine } from './engine';
import { startMailDispatcher } from './mail/dispatcher';
import { runMain } from '../lib/run-main';

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  await connectStore(config.mongodbUri);
  // The client is ESM-only; a dynamic import loads it from this CommonJS build.
  const { Client, BasicAuthInterceptor, Variables } = await import('camunda-external-task-client-js');
  const client = new Client({
    baseUrl: config.engineUrl,
    workerId: config.workerId,
    maxTasks: config.maxTasks,
    // Without this the client fetches more whenever it polls, while earlier handlers still run:
    // under load one worker held 457 locked tasks, ran them all at once and outlived their locks.
    maxParallelExecutions: config.maxParallel,
    lockDuration: config.lockMs,
    asyncResponseTimeout: config.longPollMs,
    interval: 200,
    autoPoll: false,
    interceptors: config.engineUser ? new BasicAuthInterceptor({ username: config.engineUser, password: config.enginePassword }) : undefined,
  });
  client.on('poll:error', (error) => console.error('poll failed:', error));
  for (const handler of TOPIC_HANDLERS) subscribeTopic(client, Variables, handler);
  client.start();
  console.log(`meritflow worker serving ${TOPIC_HANDLERS.map((h) => h.topic).join(', ')}`);
  let stopMail = () => {};
  if (config.smtpUrl) {
    const nodemailer = await import('nodemailer');
    const transport = nodemailer.createTransport(config.smtpUrl);
    stopMail = startMailDispatcher({ engine: workerEngine(), transport, from: config.mailFrom, appUrl: config.appUrl, nodeId: config.workerId }, config.mailPollMs);
    console.log(`meritflow worker sends mail through ${config.smtpUrl.replace(/\/\/[^@/]*@/, '//…@')}`);
  } else {
    console.log('meritflow worker sends no mail: SMTP_URL is not set (mails wait in the store)');
  }
  const stop = () => { stopMail(); client.stop(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

runMain(main);
