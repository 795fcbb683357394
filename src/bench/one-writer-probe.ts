import mongoose from 'mongoose';

/**
 * README, "Rules the code keeps": does the store lose one of two concurrent updates of different
 * fields of one document? PAIRS fresh documents; for each, `$set: {a}` and `$set: {b}` sent at once
 * on two connections; afterwards a document without both fields lost an update. Prints the count.
 *
 *   MONGODB_URI=mongodb://127.0.0.1:<port>/probe node dist/bench/one-writer-probe.js [pairs]
 *
 * (issue 17 ran it against FerretDB 1.24 on SQLite and on PostgreSQL, on one machine, one after the other.)
 */
async function main(): Promise<void> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI names the store to probe');
  const pairs = Number(process.argv[2] ?? 200);
  // Two connections, as two server nodes would have: one pool could serialise the pair.
  const [one, two] = await Promise.all([mongoose.createConnection(uri).asPromise(), mongoose.createConnection(uri).asPromise()]);
  const collection = `oneWriterProbe${Date.now()}`;
  const first = one.db!.collection<{ _id: string; a?: number; b?: number }>(collection);
  const second = two.db!.collection<{ _id: string; a?: number; b?: number }>(collection);
  try {
    await first.insertMany(Array.from({ length: pairs }, (_, i) => ({ _id: `doc-${i}` })));
    for (let i = 0; i < pairs; i++) {
      await Promise.all([first.updateOne({ _id: `doc-${i}` }, { $set: { a: i } }), second.updateOne({ _id: `doc-${i}` }, { $set: { b: i } })]);
    }
    const stored = await first.find({}).toArray();
    const lost = stored.filter((doc) => doc.a === undefined || doc.b === undefined).length;
    console.log(`${lost} of ${pairs} concurrent pairs lost an update (${uri.replace(/\/\/[^@]*@/, '//')})`);
  } finally {
    await first.drop().catch(() => undefined);
    await Promise.all([one.close(), two.close()]);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
