import { ChainVerifier, GENESIS_HASH, linkEntry, verifyChain, type AuditContent, type AuditLink } from '../../src/domain/audit-chain';

function chain(n: number): AuditLink[] {
  const links: AuditLink[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content: AuditContent = {
      seq, at: `2026-11-0${seq}T09:00:00.000Z`, actor: 'E0007', action: 'submission.stored',
      subject: { type: 'task', id: `t${seq}` }, beforeDigest: null, afterDigest: `d${seq}`, details: { formKey: 'self-assessment' },
    };
    const link = linkEntry(content, prev);
    links.push(link);
    prev = link.hash;
  }
  return links;
}

describe('the audit hash chain', () => {
  it('verifies an untouched chain', () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, checked: 5 });
  });

  it('finds a changed entry, even when its own hash is left as it was', () => {
    const links = chain(5);
    links[2] = { ...links[2]!, actor: 'E0001' };
    expect(verifyChain(links)).toMatchObject({ ok: false, checked: 2, firstBroken: { seq: 3 } });
  });

  it('finds a changed entry whose hash was recomputed: the next link breaks', () => {
    const links = chain(5);
    const { prevHash, hash: _old, ...content } = links[2]!;
    links[2] = linkEntry({ ...content, details: { formKey: 'forged' } }, prevHash);
    expect(verifyChain(links)).toMatchObject({ ok: false, firstBroken: { seq: 4, reason: 'does not link to the previous entry' } });
  });

  it('finds a removed entry', () => {
    const links = chain(5);
    links.splice(1, 1);
    expect(verifyChain(links)).toMatchObject({ ok: false, firstBroken: { seq: 3 } });
  });

  it('gives the same hash for the same content whatever the key order', () => {
    const [a] = chain(1);
    const { prevHash, hash, ...content } = a!;
    const reordered = Object.fromEntries(Object.entries(content).reverse()) as unknown as AuditContent;
    expect(linkEntry(reordered, prevHash).hash).toBe(hash);
  });
});

describe('verifying a part of the chain', () => {
  it('holds from an anchor: the hash of the entry before the part', () => {
    const links = chain(5);
    const verifier = new ChainVerifier({ seq: 3, prevHash: links[1]!.hash });
    expect(links.slice(2).every((link) => verifier.add(link))).toBe(true);
    expect(verifier.verdict()).toEqual({ ok: true, checked: 3 });
    expect(verifier.lastVerified()).toEqual({ seq: 5, hash: links[4]!.hash });
  });

  it('refuses a part that does not start where its anchor says', () => {
    const links = chain(5);
    const verifier = new ChainVerifier({ seq: 3, prevHash: links[0]!.hash });
    verifier.add(links[2]!);
    expect(verifier.verdict()).toMatchObject({ ok: false, checked: 0, firstBroken: { seq: 3, reason: 'does not link to the previous entry' } });
    expect(verifier.lastVerified()).toEqual({ seq: 2, hash: links[0]!.hash });
  });
});
