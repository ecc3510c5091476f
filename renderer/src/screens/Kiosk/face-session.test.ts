import { describe, expect, it } from 'vitest';
import { outcomeOf } from './face-session.js';
import { guidanceKey } from '../../components/kiosk/GuidanceText.js';
import { catalogues } from '../../i18n/catalogue.js';
import { memberFromGreeting, summaryFromCheckin } from './kiosk-services.js';

const base = { guidance: [], faceCount: 1, primaryBox: null, liveness: 0.9, framesCollected: 0, framesNeeded: 3, match: null, reason: null, droppedFrames: 0, processingMs: 40 };

describe('face frame → kiosk outcome', () => {
  it('only an identified frame with a match names a member', () => {
    expect(outcomeOf({ ...base, status: 'identified', match: { memberId: 'm1', confidence: 0.82, margin: 0.2 } })).toEqual({ kind: 'match', memberId: 'm1', confidence: 0.82 });
    expect(outcomeOf({ ...base, status: 'identified', match: null })).toEqual({ kind: 'unknown' });
    expect(outcomeOf({ ...base, status: 'unknown', reason: 'AMBIGUOUS', match: { memberId: 'm2', confidence: 0.6, margin: 0.01 } })).toEqual({ kind: 'unknown' });
  });
  it('maps guidance, liveness and empty frames; a dropped frame changes nothing', () => {
    expect(outcomeOf({ ...base, status: 'guidance', guidance: ['TOO_DARK', 'BLURRED'] })).toEqual({ kind: 'adjust', issue: 'TOO_DARK' });
    expect(outcomeOf({ ...base, status: 'liveness_failed' })).toEqual({ kind: 'spoof' });
    expect(outcomeOf({ ...base, status: 'no_face', faceCount: 0 })).toEqual({ kind: 'no-face' });
    expect(outcomeOf({ ...base, status: 'identifying' })).toEqual({ kind: 'pending' });
    expect(outcomeOf({ ...base, status: 'dropped' })).toBeNull();
  });
  it('turns an active cue into an instruction on screen (the guidance line shows it in the UI language)', () => {
    expect(outcomeOf({ ...base, status: 'cue', cue: 'TURN_HEAD' })).toEqual({ kind: 'adjust', issue: 'CUE_TURN_HEAD' });
    expect(guidanceKey('CUE_TURN_HEAD')).toBe('kiosk.guide.CUE_TURN_HEAD');
    for (const locale of ['zh-CN', 'zh-TW', 'en'] as const) expect(catalogues[locale]['kiosk.guide.CUE_TURN_HEAD']).toBeTruthy();
    expect(catalogues['zh-CN']['kiosk.guide.CUE_TURN_HEAD']).toBe('请微微转一下头');
  });
});

describe('greeting and check-in mapping', () => {
  const name = { 'zh-CN': '金卡', 'zh-TW': '金卡', en: 'Gold' };
  const greeting = {
    memberId: 'm1', name: '王芳', tier: 'gold', tierName: name, points: 1200,
    benefitsToday: [{ id: 'w', name: { 'zh-CN': '周末95折', 'zh-TW': '週末95折', en: 'Weekend 5% off' }, kind: 'discount_percent' as const, value: 5 }],
    streakDays: 2, checkedInToday: false, isBirthdayMonth: true, showBirthdayGreeting: true, isFirstVisit: false,
    suggestions: [{ kind: 'time_of_day' as const, bucket: 'morning' as const, support: 5, confidence: 0.8, text: { 'zh-CN': '通常早上到店', en: 'Usually visits in the morning' } }],
  };
  it('uses the tier and benefit names of the screen language', () => {
    expect(memberFromGreeting(greeting, 'en')).toMatchObject({ id: 'm1', displayName: '王芳', tierName: 'Gold', benefits: ['Weekend 5% off'], isBirthdayMonth: true });
    expect(memberFromGreeting(greeting, 'zh-TW').benefits).toEqual(['週末95折']);
    // Habits stay structured: the screen words them in its language (the service text has no zh-TW).
    expect(memberFromGreeting(greeting, 'zh-TW').suggestions).toEqual(greeting.suggestions);
  });
  it('counts the birthday bonus in the points earned', () => {
    const result = { checkinId: 'c', memberId: 'm1', method: 'face' as const, alreadyCheckedIn: false, streakDays: 3, pointsAwarded: 20, birthdayBonusPoints: 200, balanceAfter: 1420, tierChangedTo: null, greeting };
    expect(summaryFromCheckin(result)).toEqual({ checkinId: 'c', isAlreadyCheckedIn: false, streakDays: 3, pointsEarned: 220, pointsBalance: 1420 });
  });
});
