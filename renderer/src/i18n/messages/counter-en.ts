import type { CounterMessageKey } from './counter-zh-CN.js';

/** The counter: English. */
export const counterEn: Record<CounterMessageKey, string> = {
  'counter.checkout.title': 'Confirm payment',
  'counter.checkout.charge': 'Charge {amount}?',
  'counter.checkout.confirm': 'Confirm payment',
  'counter.checkout.start': 'Check out',
  'counter.confidence.high': 'High match',
  'counter.confidence.medium': 'Medium match',
  'counter.confidence.low': 'Low match: please check',
  'counter.confidence.score': 'Face similarity {score}',
  'counter.shortcut.lookup': 'Find member',
  'counter.shortcut.next': 'Serve next',
  'counter.shortcut.checkout': 'Check out',
  'counter.shortcut.cancel': 'Cancel',
  'counter.shortcut.scan': 'Scan a member code at any time to open the member',
  'counter.next.label': 'Next:',
  'counter.next.held': 'On hold:',
  'counter.next.serve': 'Serve',
  'counter.next.dismiss': 'Remove',
};
