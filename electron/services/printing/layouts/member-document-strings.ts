import type { ReceiptLocale } from './layout-types.js';

/**
 * Wording of the member card and the erasure receipt (issue 14), per store language. Kept apart from
 * receipt-strings.ts so the two papers can grow without touching the till's receipt.
 */
export interface MemberDocumentStrings {
  cardTitle: string;
  cardMember: string;
  cardCaption: string;
  cardHint: string;
  erasureTitle: string;
  erasureCode: string;
  erasureTime: string;
  erasureFaceTemplates: string;
  erasureCleared: string;
  erasureKept: string;
  /** What each erased data class is called on paper; keys are the service's `cleared` entries. */
  dataClasses: Record<string, string>;
  /** A class this build has no wording for: never print the internal key. */
  otherData: string;
}

const zhCN: MemberDocumentStrings = {
  cardTitle: '会员卡',
  cardMember: '会员',
  cardCaption: '会员卡码（出示即可签到）',
  cardHint: '如遗失，请联系店员补办，旧卡码即失效',
  erasureTitle: '个人信息删除凭证',
  erasureCode: '凭证号',
  erasureTime: '删除时间',
  erasureFaceTemplates: '已删除人脸特征',
  erasureCleared: '已删除的信息',
  erasureKept: '消费与积分记录以匿名编号保留，用于对账',
  dataClasses: {
    name: '姓名',
    phone: '手机号',
    birthday: '生日',
    preferences: '偏好',
    allergies: '过敏信息',
    notes: '备注',
    tags: '标签',
    guardian: '监护人信息',
    followup_notes: '回访记录',
    coupons: '优惠券',
    stored_results: '已存查询结果',
    face_templates: '人脸特征',
  },
  otherData: '其他个人信息',
};

const zhTW: MemberDocumentStrings = {
  cardTitle: '會員卡',
  cardMember: '會員',
  cardCaption: '會員卡碼（出示即可簽到）',
  cardHint: '如遺失，請洽店員補辦，舊卡碼即失效',
  erasureTitle: '個人資料刪除憑證',
  erasureCode: '憑證號',
  erasureTime: '刪除時間',
  erasureFaceTemplates: '已刪除人臉特徵',
  erasureCleared: '已刪除的資料',
  erasureKept: '消費與點數紀錄以匿名編號保留，用於對帳',
  dataClasses: {
    name: '姓名',
    phone: '手機號碼',
    birthday: '生日',
    preferences: '偏好',
    allergies: '過敏資訊',
    notes: '備註',
    tags: '標籤',
    guardian: '監護人資料',
    followup_notes: '回訪紀錄',
    coupons: '優惠券',
    stored_results: '已存查詢結果',
    face_templates: '人臉特徵',
  },
  otherData: '其他個人資料',
};

const en: MemberDocumentStrings = {
  cardTitle: 'MEMBER CARD',
  cardMember: 'Member',
  cardCaption: 'Member card code (show it to check in)',
  cardHint: 'Lost it? Staff can issue a new card; the old code then stops working',
  erasureTitle: 'ERASURE RECEIPT',
  erasureCode: 'Receipt code',
  erasureTime: 'Erased at',
  erasureFaceTemplates: 'Face templates deleted',
  erasureCleared: 'Data erased',
  erasureKept: 'Sales and points stay under an anonymous id for the accounts',
  dataClasses: {
    name: 'Name',
    phone: 'Phone number',
    birthday: 'Birthday',
    preferences: 'Preferences',
    allergies: 'Allergies',
    notes: 'Notes',
    tags: 'Tags',
    guardian: 'Guardian details',
    followup_notes: 'Follow-up notes',
    coupons: 'Coupons',
    stored_results: 'Stored results',
    face_templates: 'Face templates',
  },
  otherData: 'Other personal data',
};

const byLocale: Record<ReceiptLocale, MemberDocumentStrings> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };

export function memberDocumentStrings(locale: ReceiptLocale): MemberDocumentStrings {
  return byLocale[locale];
}
