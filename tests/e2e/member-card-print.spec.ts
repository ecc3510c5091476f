import { catalogues } from '../../renderer/src/i18n/catalogue.js';
import { DEMO, must } from './support/arrange.js';
import { expect, test } from './support/fixtures.js';
import { signInAsManager } from './manager/staff-tasks.js';
import { artifactPath } from './support/paths.js';

const zh = catalogues['zh-CN'];

test.use({ withPrinter: true });

/**
 * Issue 14 (part D): in the manager's member editor, print 王芳's member card, reissue it behind the
 * confirmation (cancel first), then print the new card: the paper carries the masked name only and
 * the new card's QR differs from the old one.
 */
test('(14d) the manager prints a member card, reissues it (补办会员卡) and prints the new one', async ({ host, printer, openKiosk }) => {
  if (!printer) throw new Error('the printer fixture did not start');
  await expect.poll(async () => (await must(host.call<{ printer: { state: string } }>('printing.getStatus', {}))).printer.state, { timeout: 20_000 }).toBe('ready');
  const page = await openKiosk({ clip: null, route: 'manager' });
  await signInAsManager(page);
  await page.getByTestId('tab-members').click();
  await page.getByTestId('members-query').fill(DEMO.wang.name);
  await page.getByTestId('members-search').click();
  await page.getByTestId(`member-row-${DEMO.wang.name}`).getByRole('button').click();
  await expect(page.getByTestId('member-card-panel')).toBeVisible();

  await page.getByTestId('member-card-print').click();
  await expect(page.getByTestId('member-card-job')).toHaveAttribute('data-state', 'printed');
  await expect(page.getByTestId('member-card-job')).toHaveText(zh['memberCard.job'].replace('{state}', zh['memberPrint.state.printed']));
  const first = printer.device.receipts().at(-1)!;
  expect(first.lines.join('\n')).toContain('王*');
  expect(first.lines.join('\n')).not.toContain(DEMO.wang.name);
  expect(first.qrPayloads).toHaveLength(1);

  await page.getByTestId('member-card-reissue').click();
  await expect(page.getByTestId('confirm-body')).toHaveText(zh['memberCard.confirmBody'].replace('{name}', DEMO.wang.name));
  await page.getByTestId('confirm-cancel').click();
  await expect(page.getByTestId('member-card-reissued')).toHaveCount(0);
  await page.getByTestId('member-card-reissue').click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('member-card-reissued')).toHaveText(zh['memberCard.reissued']);
  await page.screenshot({ path: artifactPath('14d-member-card-reissued'), fullPage: true });

  const printedBefore = printer.device.receipts().length;
  await page.getByTestId('member-card-print').click();
  await expect.poll(() => printer.device.receipts().length, { timeout: 10_000 }).toBe(printedBefore + 1);
  const second = printer.device.receipts().at(-1)!;
  expect(second.qrPayloads).toHaveLength(1);
  expect(second.qrPayloads[0]).not.toBe(first.qrPayloads[0]);
});
