import { loadWorkerConfig } from './config';
import { connectStore } from '../db/connection';
import { subscribeTopic } from './subscribe';
import { TOPIC_HANDLERS } from './handlers';
import { workerEngine } from './engine';
import { startMailDispatcher } from './mail/dispatcher';
import { runMain } from '../lib/run-main';
import { createWorkerClient } from './client';

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  await connectStore(config.mongodbUri);
  const { client, Variables } = await createWorkerClient(config);
  for (const handler of TOPIC_HANDLERS) subscribeTopic(client, Variables, handler);
  client.start();
  console.log(`meritflow worker serving ${TOPIC_HANDLERS.map((h) => h.topic).join(', ')}`);
  let stopMail = () => {};
  if (config.smtpUrl) {
    const nodemailer = await import('nodemailer');
    // Pooled: one SMTP conversation carries many mails, where a connection each cost the worker a
    // connect, a greeting and a goodbye per mail (and the relay as much).
    const transport = nodemailer.createTransport({ url: config.smtpUrl, pool: true });
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
