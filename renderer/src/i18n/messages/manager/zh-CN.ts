/**
 * Issue 15 part C (manager views): this block is kept in its own file so that the other engineers'
 * additions to the main catalogues do not conflict with it. Spread into ../zh-CN.ts.
 */
export const managerZhCN = {
  'confirm.title': '请确认',
  'confirm.withdrawFace.body': '撤回 {name} 的人脸授权？其人脸数据会立即删除，无法恢复。',
  'confirm.withdrawFace.ok': '撤回并删除',
  'confirm.deactivateStaff.body': '停用店员 {name}？停用后不能再用 PIN 码登录。',
  'confirm.deactivateStaff.ok': '停用',
  'staff.pinReset': '重置 PIN',
  'staff.pinReset.title': '为 {name} 设置新 PIN 码',
  'staff.pinReset.new': '新 PIN 码（4–8 位数字）',
  'staff.pinReset.submit': '保存新 PIN',
  'staff.pinReset.done': '{name} 的 PIN 码已重置',
} satisfies Record<string, string>;
