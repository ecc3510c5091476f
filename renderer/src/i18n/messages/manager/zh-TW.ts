import type { managerZhCN } from './zh-CN.js';

/** Issue 15 part C (manager views), Traditional Chinese. */
export const managerZhTW: Record<keyof typeof managerZhCN, string> = {
  'confirm.title': '請確認',
  'confirm.withdrawFace.body': '撤回 {name} 的人臉授權？其人臉資料會立即刪除，無法復原。',
  'confirm.withdrawFace.ok': '撤回並刪除',
  'confirm.deactivateStaff.body': '停用店員 {name}？停用後不能再用 PIN 碼登入。',
  'confirm.deactivateStaff.ok': '停用',
  'staff.pinReset': '重設 PIN',
  'staff.pinReset.title': '為 {name} 設定新 PIN 碼',
  'staff.pinReset.new': '新 PIN 碼（4–8 位數字）',
  'staff.pinReset.submit': '儲存新 PIN',
  'staff.pinReset.done': '{name} 的 PIN 碼已重設',
};
