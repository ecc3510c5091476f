import type { Page } from '@playwright/test';
import { catalogues } from '../../renderer/src/i18n/catalogue.js';
import { SIMPLIFIED_ONLY, untranslatedTexts } from '../support/untranslated-text.js';
import { must, signInStaff } from './support/arrange.js';
import { expect, test, type Lang } from './support/fixtures.js';
import { signInAsManager } from './manager/staff-tasks.js';
import { collectPageTexts } from './support/page-texts.js';
import { artifactPath } from './support/paths.js';

/**
 * Issue 15, rules editing at a store no HQ manages (the e2e host has no HQ): the manager edits a tier
 * threshold, sees the field's problem in the page's language, sees the preview (the very counts the
 * service computes from the store's members), applies from today behind a confirmation, and sees the
 * new local version in force. Screenshots at 1920×1080: tests/e2e/artifacts/15r-<lang>-*.png.
 */
const LANGS: Lang[] = ['zh-CN', 'zh-TW', 'en'];
const VIEWPORT = { width: 1920, height: 1080 };

async function expectAllTranslated(page: Page, lang: Lang, where: string) {
  const texts = await page.evaluate(collectPageTexts);
  expect(untranslatedTexts(texts, lang, SIMPLIFIED_ONLY), where).toEqual([]);
}

for (const lang of LANGS) {
  test(`(15r) a manager edits the loyalty rules of a store without HQ, in ${lang}`, async ({ host, openKiosk }) => {
    test.setTimeout(180_000);
    const text = catalogues[lang];
    const page = await openKiosk({ clip: null, route: 'manager', lang, viewport: VIEWPORT });
    // What the manager sees on a 1920×1080 screen (the check and preview panel stays in view at the bottom).
    const shot = (name: string) => page.screenshot({ path: artifactPath(`15r-${lang}-${name}`) });
    await signInAsManager(page);
    await page.getByTestId('tab-rules').click();
    await expect(page.getByTestId('rules-owned-by-store')).toContainText(text['rulesEdit.ownedByStore']);
    await expect(page.getByTestId('rules-preset')).not.toContainText('restaurant'); // the rule set by its name, never its id
    await page.getByTestId('rules-edit').click();

    // The draft starts as the rules in force: nobody would move.
    const preview = page.getByTestId('rules-preview');
    await expect(preview).toHaveAttribute('data-up', '0');
    await expect(preview).toHaveAttribute('data-down', '0');

    // Gold below Silver: the field says why, in this language, and nothing can be applied.
    const gold = page.getByTestId('rules-field-tiers.2.spendAboveFen');
    await gold.fill('100');
    await expect(page.getByTestId('issue-tiers.2.spendAboveFen')).toHaveText(text['rulesEdit.problem.spend_increase']);
    await expect(page.getByTestId('rules-apply-button')).toBeDisabled();
    await expectAllTranslated(page, lang, 'editor with a problem');
    await page.getByTestId('rules-tier-1').scrollIntoViewIfNeeded();
    await shot('invalid-threshold');
    await gold.fill('2000');

    // Silver from ¥1 of 12-month spend: the preview counts who moves up, as the service does from the store's data.
    await page.getByTestId('rules-field-tiers.1.spendAboveFen').fill('1');
    await expect(page.getByTestId('issue-tiers.2.spendAboveFen')).toHaveCount(0);
    await expect(preview).not.toHaveAttribute('data-up', '0');
    const draftRules = await must(host.call<{ rules: unknown }>('loyalty.getRules', {}, await managerClient(host, lang)));
    const expected = await must(
      host.call<{ preview: { up: number; down: number } }>('loyalty.previewRules', { rules: withSilverFrom(draftRules.rules, 100) }, `e2e-rules-${lang}`),
    );
    await expect(preview).toHaveAttribute('data-up', String(expected.preview.up));
    await expect(preview).toHaveAttribute('data-down', String(expected.preview.down));
    await expect(page.getByTestId('rules-preview-moves')).toBeVisible();
    await expectAllTranslated(page, lang, 'editor with a preview');
    await page.getByTestId('rules-tier-0').scrollIntoViewIfNeeded();
    await shot('preview');

    // Apply from today, after a confirmation (Cancel has the focus).
    await page.getByTestId('rules-apply-button').click();
    await expect(page.getByTestId('confirm-cancel')).toBeFocused();
    await expect(page.getByTestId('confirm-body')).toContainText(String(expected.preview.up));
    await shot('confirm');
    await page.getByTestId('confirm-ok').click();
    await expect(page.getByTestId('rules-applied')).toHaveAttribute('data-version', '1');
    await expect(page.getByTestId('rules-hq-version')).toContainText(text['rules.localVersion'].split('{')[0]!);
    await expect(page.getByTestId('rules-local-version-1')).toHaveAttribute('data-status', 'in_force');
    const inForce = await must(host.call<{ localVersion: { version: number } | null; rules: { tiers: Array<{ spendAboveFen: number | null }> } }>('loyalty.getRules', {}, `e2e-rules-${lang}`));
    expect(inForce.localVersion?.version).toBe(1);
    expect(inForce.rules.tiers[1]?.spendAboveFen).toBe(100);
    await expectAllTranslated(page, lang, 'rules tab after applying');
    await shot('applied');
  });
}

/** Signs the demo manager in over the host's transport (the preview and apply calls need the manager role). */
async function managerClient(host: Parameters<typeof signInStaff>[0], lang: Lang): Promise<string> {
  const clientId = `e2e-rules-${lang}`;
  await must(signInStaff(host, 'manager', clientId));
  return clientId;
}

function withSilverFrom(rules: unknown, fen: number): unknown {
  const copy = structuredClone(rules) as { tiers: Array<{ spendAboveFen: number | null }> };
  copy.tiers[1]!.spendAboveFen = fen;
  return copy;
}
