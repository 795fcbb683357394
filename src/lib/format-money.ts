/** Minor units as a locale writes money: 12345678 CNY → ¥123,456.78 (en) / ¥123,456.78 (zh-CN). */
export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** digits);
}
