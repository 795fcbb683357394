import nodemailer from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import { MailModel, MailPreferenceModel, OutboxMessageModel } from '../../src/db/models/mail';
import { PersonModel } from '../../src/db/models/person';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { launchBrowser, pageErrors, screenshot, signInAs } from '../support/browser';
import { createPerson } from '../support/fixtures';
import { eventually, startTestStack, uniqueCycle, type TestStack } from '../support/stack';

/**
 * The mail pages in a browser: an admin reads a mail the local SMTP sink received on /outbox, and a
 * mail given up after its attempts; a person chooses the daily digest for task mails on /me. Both in
 * Chinese and English, at 1440 px and on a 390 px phone, with screenshots in test-artifacts/e2e.
 */
let stack: TestStack;
let browser: Browser;
const tag = uniqueCycle('mail-e2e');

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function fitsPhone(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize({ width: 1440, height: 900 });
  await screenshot(page, `${name}-1440`);
}

test('an admin reads the outbox: a mail the sink received, and one that could not be sent', async () => {
  const reader = await createPerson({ prefix: 'mail-e2e', password: DEMO_PASSWORD });
  // Through the stack's own sink, as the worker sends.
  await nodemailer.createTransport(process.env.SMTP_URL!).sendMail({
    from: 'meritflow <meritflow@test.example>', to: reader.email, subject: `您的考核结果已发布 ${tag}`,
    text: `${reader.name['zh-CN']}，您好：\n\n您的考核结果已发布。\n\n在 meritflow 中查看：http://127.0.0.1/me\n`, messageId: `<${tag}@meritflow>`,
  });
  await eventually('the sink keeps the mail', () => OutboxMessageModel.exists({ _id: `${tag}@meritflow` }));
  await MailModel.create({
    _id: `notification:${tag}:review.published:${reader._id}`, recipientId: reader._id, kind: 'review.published', mode: 'immediate', params: {},
    link: '/me', status: 'failed', attempts: 3, nextAttemptAt: new Date(), lastError: '550 mailbox unavailable', createdAt: new Date(),
  });
  try {
    for (const locale of ['zh-CN', 'en'] as const) {
      const page = await signInAs(browser, stack.baseUrl, 'admin', locale);
      await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: locale === 'en' ? 'Outbox' : '发件箱' }).click();
      await page.waitForURL(/\/outbox$/);
      const received = page.locator('#outbox tbody tr', { hasText: tag });
      await expect(received.locator('.outbox-to').textContent()).resolves.toBe(reader.email);
      await received.locator('summary').click();
      await expect(received.locator('.outbox-text').textContent()).resolves.toContain('您的考核结果已发布。');
      const failed = page.locator('table.outbox-undelivered tbody tr', { hasText: reader.name[locale] });
      await expect(failed.textContent()).resolves.toContain(locale === 'en' ? 'your review result is published' : '您的考核结果已发布');
      await expect(failed.textContent()).resolves.toContain(locale === 'en' ? 'could not be sent' : '无法发送');
      await expect(failed.textContent()).resolves.toContain('550 mailbox unavailable');
      await fitsPhone(page, `mail-outbox-${locale}`);
      await page.context().close();
    }
  } finally {
    await MailModel.deleteOne({ _id: `notification:${tag}:review.published:${reader._id}` });
    await PersonModel.deleteOne({ _id: reader._id });
  }
}, 120_000);

test('a person chooses a daily digest for task mails on /me, in both languages', async () => {
  const person = await createPerson({ prefix: 'mail-e2e-me', password: DEMO_PASSWORD });
  try {
    for (const [locale, mode, label, saved] of [['zh-CN', 'digest', '每日汇总', '已保存。'], ['en', 'off', 'None', 'Saved.']] as const) {
      const page = await signInAs(browser, stack.baseUrl, person.username, locale);
      await page.goto(`${stack.baseUrl}/me`);
      const section = page.locator('section.me-mail');
      const tasks = section.locator('fieldset').first();
      await tasks.getByLabel(label).check();
      await section.getByRole('button').click();
      await section.locator('#mail-preferences-status:not([hidden])').waitFor();
      await expect(section.locator('#mail-preferences-status').textContent()).resolves.toBe(saved);
      expect((await MailPreferenceModel.findById(person._id).lean())?.tasks).toBe(mode);
      // What policy always sends is listed by name, whatever is chosen.
      await expect(section.locator('.me-mail-always').textContent()).resolves.toContain(locale === 'en' ? 'your award letter is issued' : '您的奖金通知书已发出');
      const always = await section.locator('.me-mail-always li').allTextContents();
      expect(new Set(always).size).toBe(always.length);
      await page.reload();
      await expect(section.locator(`input[name="tasks"][value="${mode}"]`).isChecked()).resolves.toBe(true);
      await fitsPhone(page, `mail-me-${locale}`);
      await page.context().close();
    }
    expect(pageErrors).toEqual([]);
  } finally {
    await MailPreferenceModel.deleteOne({ _id: person._id });
    await PersonModel.deleteOne({ _id: person._id });
  }
}, 120_000);
