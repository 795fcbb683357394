import { SMTPServer } from 'smtp-server';
import { simpleParser, type AddressObject } from 'mailparser';
import { connectStore } from '../db/connection';
import { OutboxMessageModel } from '../db/models/mail';
import { loadToolConfigStoreOnly } from './smtp-sink-config';

/**
 * The embedded default's mail sink (scripts/lib/stack.mjs starts it when SMTP_URL is not set): a
 * real SMTP server on loopback that accepts every mail and keeps it in the store for the outbox page.
 * A mail is kept by its Message-ID, so one sent twice is kept once. Production sets SMTP_URL to the
 * bank's relay and runs no sink.
 */
async function main(): Promise<void> {
  const { mongodbUri, port } = loadToolConfigStoreOnly();
  await connectStore(mongodbUri);
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 1_000_000,
    onData(stream, session, callback) {
      simpleParser(stream).then(async (parsed) => {
        const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a: AddressObject) => a.value.map((v) => v.address ?? ''));
        // The Message-ID without its angle brackets: FerretDB answers a key with `<` or `>` only by
        // reading the whole outbox (scripts/lib/ferretdb-patches/meritflow_pushdown.go), which made
        // every mail received cost as much as all the mails before it.
        const id = (parsed.messageId ?? `${Date.now()}-${Math.random()}`).replace(/^<|>$/g, '');
        await OutboxMessageModel.updateOne({ _id: id }, {
          $setOnInsert: { from: parsed.from?.text ?? '', to: to.length > 0 ? to : session.envelope.rcptTo.map((r) => r.address), subject: parsed.subject ?? '', text: parsed.text ?? '', receivedAt: new Date() },
        }, { upsert: true });
        callback();
      }).catch((error: Error) => callback(error));
    },
  });
  server.listen(port, '127.0.0.1', () => console.log(`mail sink listening on smtp://127.0.0.1:${port}`));
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
