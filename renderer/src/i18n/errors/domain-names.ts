import type { Locale } from '../locales.js';

/**
 * Names the services send as identifiers (a rule preset, the fields an erasure cleared), in the
 * reader's language. An identifier with no name here is shown by a generic word, never raw.
 * Rows are [zh-CN, zh-TW, en].
 */
type Row = readonly [string, string, string];
const COLUMN: Record<Locale, 0 | 1 | 2> = { 'zh-CN': 0, 'zh-TW': 1, en: 2 };

const PRESETS: Readonly<Record<string, Row>> = {
  restaurant: ['餐饮', '餐飲', 'Restaurant'],
  eyewear: ['眼镜店', '眼鏡行', 'Eyewear'],
};
const OTHER_PRESET: Row = ['其他', '其他', 'Other'];

const ERASED_FIELDS: Readonly<Record<string, Row>> = {
  name: ['姓名', '姓名', 'name'],
  phone: ['手机号', '手機號碼', 'phone number'],
  birthday: ['生日', '生日', 'birthday'],
  preferences: ['偏好', '偏好', 'preferences'],
  allergies: ['过敏信息', '過敏資訊', 'allergies'],
  notes: ['备注', '備註', 'notes'],
  tags: ['标签', '標籤', 'tags'],
  guardian: ['监护人', '監護人', 'guardian'],
  followup_notes: ['回访记录', '回訪記錄', 'follow-up notes'],
  coupons: ['优惠券', '優惠券', 'coupons'],
  stored_results: ['验光等记录', '驗光等記錄', 'stored results'],
  face_templates: ['人脸模板', '人臉範本', 'face templates'],
};
const OTHER_FIELD: Row = ['其他资料', '其他資料', 'other data'];
const LIST_SEPARATOR: Row = ['、', '、', ', '];

const DOCTOR_CHECKS: Readonly<Record<string, Row>> = {
  clock: ['时钟', '時鐘', 'Clock'],
  config: ['配置', '設定', 'Configuration'],
  'data-dir': ['数据目录', '資料目錄', 'Data folder'],
  database: ['门店数据库', '門市資料庫', 'Store database'],
  'database.integrity': ['数据库完整性', '資料庫完整性', 'Database integrity'],
  'database.schema': ['数据库结构版本', '資料庫結構版本', 'Database schema'],
  disk: ['磁盘剩余空间', '磁碟剩餘空間', 'Free disk space'],
  hq: ['总部（HQ）', '總部（HQ）', 'Head office (HQ)'],
  'hq.credentials': ['总部凭证', '總部憑證', 'HQ credentials'],
  backup: ['备份', '備份', 'Backups'],
  models: ['人脸模型', '人臉模型', 'Face models'],
  outbox: ['待上传队列', '待上傳佇列', 'Outbox to HQ'],
  printer: ['小票打印机', '收據印表機', 'Receipt printer'],
  scanner: ['扫码枪', '掃碼槍', 'Barcode/QR scanner'],
  sync: ['上传到总部', '上傳到總部', 'Uploads to HQ'],
  downlink: ['总部下发的更改', '總部下發的變更', 'Changes from HQ'],
  rules: ['会员规则', '會員規則', 'Loyalty rules'],
  bank: ['会员积分银行', '會員點數銀行', 'Member bank'],
  worker: ['人脸识别进程', '人臉辨識程序', 'Face worker process'],
  camera: ['摄像头', '攝影機', 'Camera'],
  screens: ['显示屏', '顯示器', 'Screens'],
};
const OTHER_CHECK: Row = ['其他检查', '其他檢查', 'Other check'];

/** The doctor's one-line finding, in Chinese by outcome: its detailed sentence exists only in English (for IT and the support bundle). */
const DOCTOR_OUTCOMES: Readonly<Record<'ok' | 'warn' | 'fail' | 'skip', Row>> = {
  ok: ['检查通过', '檢查通過', 'Passed'],
  warn: ['有需要注意的地方，请让技术支持查看支持包', '有需要注意的地方，請讓技術支援查看支援包', 'Needs attention: ask support to look at the support bundle'],
  fail: ['未通过：请联系技术支持，并提供支持包', '未通過：請聯絡技術支援，並提供支援包', 'Failed: call support and give them the support bundle'],
  skip: ['此终端不适用，已跳过', '此終端不適用，已略過', 'Not applicable on this terminal, skipped'],
};

export function doctorCheckTitle(locale: Locale, id: string): string {
  return (DOCTOR_CHECKS[id] ?? DOCTOR_CHECKS[id.split('.')[0] ?? ''] ?? OTHER_CHECK)[COLUMN[locale]];
}

/** Chinese readers get the outcome in words; English readers get the doctor's own sentence (it is English). */
export function doctorFinding(locale: Locale, check: { status: 'ok' | 'warn' | 'fail' | 'skip'; summary: string; action: string | null }): { summary: string; action: string | null } {
  if (locale === 'en') return { summary: check.summary, action: check.action };
  return { summary: DOCTOR_OUTCOMES[check.status][COLUMN[locale]], action: null };
}

export function presetName(locale: Locale, preset: string): string {
  return (PRESETS[preset] ?? OTHER_PRESET)[COLUMN[locale]];
}

/** The erasure receipt's list of cleared fields, e.g. "姓名、手机号、生日". */
export function erasedFieldList(locale: Locale, fields: readonly string[]): string {
  const names = fields.map((f) => (ERASED_FIELDS[f] ?? OTHER_FIELD)[COLUMN[locale]]);
  return [...new Set(names)].join(LIST_SEPARATOR[COLUMN[locale]]);
}
