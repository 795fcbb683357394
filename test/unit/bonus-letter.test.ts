import { deferralSchedule, type DeferralPack } from '../../src/domain/deferral';
import { renderBonusLetter } from '../../src/platform/bonus-letter';
import cnFundFile from '../../policies/deferral-cn-fund.json';
import cnBankFile from '../../policies/deferral-cn-bank.json';

const compliance = { capped: false, proposedRating: 'A', firedRules: [] };
function letter(packFile: { key: string; body: unknown }, roleCategory: string, locale: 'en' | 'zh-CN'): string {
  // A ¥1,000,000 award of 2027-03-31.
  const schedule = deferralSchedule({ awardId: '2026-H2:E-1', amountMinor: 100_000_000, currency: 'CNY', roleCategory, awardDate: '2027-03-31' }, packFile.body as DeferralPack, { key: packFile.key, version: 1 });
  return renderBonusLetter({
    award: { cycle: '2026-H2', rating: 'A', amountMinor: 100_000_000, currency: 'CNY', explanation: { deferral: schedule, compliance } },
    name: 'Wang Fang', unitName: 'Equity Funds', pack: { key: packFile.key, version: 1, title: 'pack' },
  }, locale);
}

describe('the award letter under the fund managers\' pack (AMAC 2022)', () => {
  it('tells a fund manager how much of the award to invest, and where, in English', () => {
    const text = letter(cnFundFile, 'fundManager', 'en');
    // 30 % of ¥1,000,000 = ¥300,000; 40 % deferred = ¥400,000 over 3 years.
    expect(text).toContain('To invest out of this award: CN¥300,000.00 (30 % of the award), in public funds the company manages, first those you manage yourself');
    expect(text).toContain('基金经理：不少于当年绩效薪酬的30%');
    expect(text).toContain('Deferred (CN¥400,000.00)');
  });

  it('tells an executive in Chinese: 20 %, at least half of it in equity funds', () => {
    const text = letter(cnFundFile, 'seniorManagement', 'zh-CN');
    expect(text).toContain('本奖励中须用于购买基金的金额: ¥200,000.00 (占奖励的 20 %), 购买本公司管理的公募基金; 其中权益类基金不低于 50 %');
  });

  it('says nothing of investing under a pack that asks none', () => {
    expect(letter(cnBankFile, 'seniorManagement', 'en')).not.toMatch(/invest/i);
  });
});
