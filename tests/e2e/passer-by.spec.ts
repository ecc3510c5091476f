import { catalogues } from '../../renderer/src/i18n/catalogue.js';
import { createMember, DEMO, must, signInStaff } from './support/arrange.js';
import { makeClip } from './support/clips.js';
import { face } from './support/face-arrange.js';
import { expect, test } from './support/fixtures.js';
import { startKioskHost } from './support/host.js';
import { artifactPath } from './support/paths.js';

/**
 * Issue 14, "done when": a passer-by at the unattended kiosk (a stranger's face on the camera,
 * nobody at the counter) types 30 random four-digit numbers on the keypad. No name, points or
 * habit of anyone appears, nobody is checked in, and the cool-down shows after the configured
 * number of attempts.
 */
const zh = catalogues['zh-CN'];
const ATTEMPTS = 5;
const COOLDOWN_SECONDS = 3;

const passerBy = test.extend({
  host: async ({}, use) => {
    const host = await startKioskHost([], { kioskPhone: { attempts: ATTEMPTS, cooldownSeconds: COOLDOWN_SECONDS, windowSeconds: 600, choiceSeconds: 60 } });
    try {
      await use(host);
    } finally {
      await host.stop();
    }
  },
});

/** A seeded generator: the numbers are random but the same on every run (a failure can be replayed). */
function randomDigits(seed: number, count: number): string[] {
  let s = seed;
  const out: string[] = [];
  while (out.length < count) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    out.push(String(s % 10_000).padStart(4, '0'));
  }
  return out;
}

passerBy('a passer-by with 30 random four-digit numbers sees no name, points or habit, and is made to wait', async ({ host, openKiosk }) => {
  passerBy.setTimeout(180_000);
  const numbers = randomDigits(14_14, 30);
  // Members whose numbers end in some of those digits, so the passer-by does hit real members.
  // Their two confirmation digits are 55; the demo members' are 13. The passer-by guesses 99.
  const names = ['欧阳娜', '司马光', '诸葛亮', '上官婉', '东方明', '慕容雪', '尉迟恭', '公孙策'];
  for (let i = 0; i < names.length; i++) await createMember(host, names[i]!, `137${String(i).padStart(2, '0')}55${numbers[i * 3]!}`);
  const secrets = [...names, ...Object.values(DEMO).flatMap((m) => (typeof m === 'object' && m !== null && 'name' in m ? [String(m.name)] : []))];

  const page = await openKiosk({ clip: makeClip({ photo: face('barack-obama__portrait-2012.jpg'), leadInSeconds: 0.5 }), route: 'kiosk' });
  await page.getByTestId('fallback-phone').click();
  await expect(page.getByTestId('phone-keypad')).toBeVisible();

  const nothingRevealed = async () => {
    const text = await page.locator('body').innerText();
    for (const name of secrets) expect(text, `"${name}" on screen`).not.toContain(name);
    await expect(page.getByTestId('kiosk-greeting')).toHaveCount(0);
    await expect(page.getByTestId('greeting-points')).toHaveCount(0);
    await expect(page.getByTestId('greeting-suggestions')).toHaveCount(0);
  };
  const waitOutCooldown = async () => {
    await expect(page.getByTestId('phone-cooldown')).toBeHidden({ timeout: (COOLDOWN_SECONDS + 5) * 1000 });
  };

  let attempts = 0;
  let firstCooldownAfter: number | null = null;
  let candidatesSeen = 0;
  /** One request from the keypad; true when it was refused with the cool-down (and the cool-down was waited out). */
  const send = async (press: () => Promise<void>): Promise<boolean> => {
    await press();
    const answer = page.getByTestId('phone-candidates').or(page.getByTestId('phone-not-found')).or(page.getByTestId('phone-cooldown')).or(page.getByTestId('phone-mismatch'));
    await expect(answer.first()).toBeVisible();
    await nothingRevealed();
    if (await page.getByTestId('phone-cooldown').isVisible()) {
      firstCooldownAfter ??= attempts;
      await expect(page.getByTestId('phone-cooldown')).toContainText(zh['kiosk.phone.cooldown'].split('{seconds}')[0]!);
      if (firstCooldownAfter === attempts && attempts === ATTEMPTS) await page.screenshot({ path: artifactPath('passer-by-cooldown') });
      await waitOutCooldown();
      return true;
    }
    attempts += 1;
    return false;
  };

  for (const digits of numbers) {
    const lookup = async () => {
      await page.getByTestId('keypad-clear').click();
      for (const d of digits) await page.getByTestId(`keypad-${d}`).click();
      await page.getByTestId('keypad-submit').click();
    };
    while (await send(lookup)) {
      /* cooled down: the same number again */
    }
    if (await page.getByTestId('phone-candidates').isVisible()) {
      candidatesSeen += 1;
      // Masked names only; the passer-by picks one and guesses the two confirmation digits.
      const guess = async () => {
        await page.getByTestId('phone-candidate-0').click();
        await expect(page.getByTestId('phone-confirm-prompt')).toBeVisible();
        await page.getByTestId('keypad-9').click();
        await page.getByTestId('keypad-9').click();
        await page.getByTestId('keypad-submit').click();
      };
      if (await send(guess)) continue;
      await expect(page.getByTestId('phone-mismatch')).toHaveText(zh['kiosk.phone.mismatch']);
    }
  }

  expect(candidatesSeen, 'the arranged members were among the numbers').toBeGreaterThanOrEqual(names.length);
  expect(firstCooldownAfter, 'the cool-down shows right after the configured number of attempts').toBe(ATTEMPTS);
  // Nobody was checked in by any of it (asked as staff, on another client).
  await must(signInStaff(host, 'cashier', 'e2e-staff'));
  for (const name of names) {
    const [found] = await must(host.call<Array<{ memberId: string }>>('members.search', { query: name, limit: 1 }, 'e2e-staff'));
    const card = await must(host.call<{ checkedInToday: boolean }>('members.getCard', { memberId: found!.memberId }, 'e2e-staff'));
    expect(card.checkedInToday, name).toBe(false);
  }
  await nothingRevealed();
});
