import type { managerZhCN } from './zh-CN.js';

/** Issue 15 part C (manager views), English. */
export const managerEn: Record<keyof typeof managerZhCN, string> = {
  'confirm.title': 'Please confirm',
  'confirm.withdrawFace.body': 'Withdraw face consent for {name}? Their face data is deleted at once and cannot be recovered.',
  'confirm.withdrawFace.ok': 'Withdraw and delete',
  'confirm.deactivateStaff.body': 'Deactivate {name}? They will no longer be able to sign in with their PIN.',
  'confirm.deactivateStaff.ok': 'Deactivate',
  'staff.pinReset': 'Reset PIN',
  'staff.pinReset.title': 'New PIN for {name}',
  'staff.pinReset.new': 'New PIN (4–8 digits)',
  'staff.pinReset.submit': 'Save new PIN',
  'staff.pinReset.done': 'PIN for {name} has been reset',
};
