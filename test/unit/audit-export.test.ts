import { createHash } from 'node:crypto';
import { parseExport, verifyExport, writeExport, type ExportFormat } from '../../src/platform/audit/audit-export';
import { GENESIS_HASH, linkEntry, type AuditContent, type AuditLink } from '../../src/domain/audit-chain';

/** Five entries, one of them with a user name typed at the sign-in form: commas, quotes, a line break, a formula. */
function chain(n: number): AuditLink[] {
  const links: AuditLink[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content: AuditContent = {
      seq, at: `2026-03-0${seq}T09:00:00.000Z`, actor: seq === 2 ? 'anonymous' : 'E0007', action: seq === 2 ? 'session.sign-in-refused' : 'submission.stored',
      subject: seq === 2 ? { type: 'username', id: '=HYPERLINK("x"),\n# not a comment' } : { type: 'task', id: `t${seq}` },
      beforeDigest: null, afterDigest: seq === 2 ? null : `d${seq}`, details: seq === 2 ? { reason: 'wrong-credentials' } : { formKey: 'self-assessment', score: 3.25, tags: ['a', 'b'] },
    };
    const link = linkEntry(content, prev);
    links.push(link);
    prev = link.hash;
  }
  return links;
}

async function exported(format: ExportFormat, links: AuditLink[], from = 1): Promise<string> {
  let text = '';
  async function* entries() { yield* links; }
  await writeExport(format, entries(), from, { write: async (t) => { text += t; } }, 'E0100');
  return text;
}

describe.each(['jsonl', 'csv'] as const)('an audit export as %s', (format) => {
  it('holds every entry exactly as hashed, and verifies away from meritflow up to the head it names', async () => {
    const links = chain(5);
    const text = await exported(format, links);
    expect(parseExport(text).entries).toEqual(links);
    expect(verifyExport(text)).toEqual({ ok: true, checked: 5, head: { seq: 5, hash: links[4]!.hash }, summaryAgrees: true });
    expect(parseExport(text).summary).toMatchObject({ exportedBy: 'E0100', range: { from: 1, to: 5 }, anchor: { seq: 0, hash: GENESIS_HASH }, verification: { ok: true, checked: 5 } });
  });

  it('is found out when one value in the file is changed', async () => {
    const text = await exported(format, chain(5));
    const forged = text.replace('t3', 't9');
    expect(verifyExport(forged)).toMatchObject({ ok: false, checked: 2, firstBroken: { seq: 3 }, summaryAgrees: false });
  });

  it('a part starts from its anchor: the stored hash of the entry before it', async () => {
    const links = chain(5);
    const text = await exported(format, links, 3);
    expect(parseExport(text).entries.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(parseExport(text).summary).toMatchObject({ range: { from: 3, to: 5 }, anchor: { seq: 2, hash: links[1]!.hash } });
    expect(verifyExport(text)).toMatchObject({ ok: true, checked: 3, head: { seq: 5, hash: links[4]!.hash } });
  });

  it('says where a chain that was already broken in the store breaks, and still exports the rest', async () => {
    const links = chain(5);
    links[3] = { ...links[3]!, actor: 'E0001' };
    const text = await exported(format, links);
    expect(parseExport(text).entries).toHaveLength(5);
    expect(parseExport(text).summary).toMatchObject({ verification: { ok: false, checked: 3, firstBroken: { seq: 4 } }, head: { seq: 3, hash: links[2]!.hash } });
  });
});

test('the hash rule in the file is all a reader needs: plain sha256 over the previous hash and sorted JSON', async () => {
  const links = chain(2);
  const lines = (await exported('jsonl', links)).trim().split('\n').map((l) => JSON.parse(l));
  const { prevHash, hash, ...content } = lines[2];
  const sortedJson = (v: unknown): string => (Array.isArray(v) ? `[${v.map(sortedJson).join(',')}]`
    : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${sortedJson((v as Record<string, unknown>)[k])}`).join(',')}}` : JSON.stringify(v));
  expect(createHash('sha256').update(`${prevHash}\n${sortedJson(content)}`).digest('hex')).toBe(hash);
  expect(lines[0]).toMatchObject({ export: 'meritflow audit log', exportedBy: 'E0100' });
});
