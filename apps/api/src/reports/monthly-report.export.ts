import type { DepartmentRow, MonthlyReport } from '@casebook/projections/reports/monthly-report.queries';

export type ExportLang = 'en' | 'zh-CN';

const CAUSES = ['quality', 'human', 'external', 'supplier', 'not_investigated'] as const;

const HEADERS: Record<ExportLang, Record<string, string>> = {
  en: {
    departmentId: 'Department ID',
    department: 'Department',
    cases: 'Cases',
    responsibilityWeight: 'Responsibility weight',
    responsibilityRatio: 'Responsibility ratio (%)',
    major: 'Major',
    general: 'General',
    quality: 'Cause: quality',
    human: 'Cause: human',
    external: 'Cause: external',
    supplier: 'Cause: supplier',
    not_investigated: 'Not investigated',
    lossAmount: 'Loss amount',
    penaltyPoints: 'Penalty points',
    penaltyAmount: 'Penalty amount',
    avgHandlingHours: 'Average handling time (hours)',
    urged: 'Urgings',
    notices: 'Notices',
    noticeStatus: 'Penalty notice',
    total: 'Total',
    item: 'Item',
    value: 'Value',
  },
  'zh-CN': {
    departmentId: '部门编号',
    department: '部门',
    cases: '案件数',
    responsibilityWeight: '责任权重',
    responsibilityRatio: '责任比例(%)',
    major: '重大',
    general: '一般',
    quality: '质量原因',
    human: '人为原因',
    external: '外部原因',
    supplier: '供应商原因',
    not_investigated: '未调查',
    lossAmount: '损失金额',
    penaltyPoints: '罚扣分',
    penaltyAmount: '罚扣金额',
    avgHandlingHours: '平均处理时长(小时)',
    urged: '催办次数',
    notices: '通报次数',
    noticeStatus: '奖罚通知单',
    total: '合计',
    item: '项目',
    value: '数值',
  },
};

const SUMMARY_LABELS: Record<ExportLang, Record<string, string>> = {
  en: {
    month: 'Month',
    siteId: 'Site',
    status: 'Status',
    publishedAt: 'Published at',
    received: 'Received',
    closed: 'Closed',
    openAtEnd: 'Open at month end',
    validClosed: 'Valid closed',
    invalidClosed: 'Invalid closed',
    resolvedOnSpot: 'Resolved on the spot',
    answered: 'Answered',
    completed: 'Completed',
    closedDissatisfied: 'Closed with accepted dissatisfaction',
    reworked: 'Sent to rework',
    paused: 'Clocks paused',
    extended: 'Extensions approved',
    major: 'Major',
    general: 'General',
    reopened: 'Reopened',
    avgHandlingHours: 'Average handling time (hours)',
    settlementTotal: 'Settlements accepted',
    penaltyPoints: 'Penalty points',
    penaltyAmount: 'Penalty amount',
    satisfactionRate: 'Satisfaction rate (%)',
    returnVisitRate: 'Return visit rate (%)',
    noticeStatus: 'Penalty notice',
  },
  'zh-CN': {
    month: '月份',
    siteId: '服务中心',
    status: '状态',
    publishedAt: '发布时间',
    received: '受理数',
    closed: '结案数',
    openAtEnd: '月末未结案数',
    validClosed: '有效投诉结案数',
    invalidClosed: '无效投诉结案数',
    resolvedOnSpot: '当场解决结案数',
    answered: '答复结案数',
    completed: '办结结案数',
    closedDissatisfied: '不满意结案数',
    reworked: '复核再处理数',
    paused: '挂起次数',
    extended: '批准延期次数',
    major: '重大',
    general: '一般',
    reopened: '重开数',
    avgHandlingHours: '平均处理时长(小时)',
    settlementTotal: '赔付金额',
    penaltyPoints: '罚扣分',
    penaltyAmount: '罚扣金额',
    satisfactionRate: '满意率(%)',
    returnVisitRate: '回访率(%)',
    noticeStatus: '奖罚通知单',
  },
};

const CLOCKS_ZH: Record<string, string> = {
  first_reply: '首次答复',
  invalid_reply: '无效投诉答复',
  promised_reply: '承诺答复',
  investigation: '调查',
  rectification: '整改',
  return_visit: '回访',
  resolution: '办结',
};

const CATEGORIES_ZH: Record<string, string> = {
  repair_delay: '维修不及时',
  repair_quality: '维修质量',
  cleaning: '清洁卫生',
  security: '安全',
  noise: '噪音',
  parking: '停车',
  fees: '收费',
  decoration: '装修',
  staff_attitude: '服务态度',
  product_quality: '产品质量',
  delivery: '收发快递',
  other: '其他',
};

const CHANNELS_ZH: Record<string, string> = {
  phone: '电话',
  visit: '来访',
  letter: '信函',
  email: '电子邮件',
  wechat: '微信',
  web: '网站',
  hotline: '热线',
  other: '其他',
};

/**
 * The summary sheet's other labels and the values that are words: the Chinese sheet has no
 * English left (a category or channel an admin added shows its code).
 */
const WORDS: Record<ExportLang, { sla: (clock: string) => string; category: (code: string) => string; channel: (code: string) => string; values: Record<string, string> }> = {
  en: {
    sla: (clock) => `SLA ${clock} (%)`,
    category: (code) => `category ${code}`,
    channel: (code) => `channel ${code}`,
    values: {},
  },
  'zh-CN': {
    sla: (clock) => `${CLOCKS_ZH[clock] ?? clock}时限达标率(%)`,
    category: (code) => `类别：${CATEGORIES_ZH[code] ?? code}`,
    channel: (code) => `渠道：${CHANNELS_ZH[code] ?? code}`,
    values: { live: '实时', published: '已发布', none: '未发出', issued: '已发出', approved: '已核准' },
  },
};

const COLUMNS = [
  'departmentId', 'department', 'cases', 'responsibilityWeight', 'responsibilityRatio', 'major', 'general', ...CAUSES,
  'lossAmount', 'penaltyPoints', 'penaltyAmount', 'avgHandlingHours', 'urged', 'notices', 'noticeStatus',
];

/** A status as the sheet shows it in `lang`. */
const word = (status: string, lang: ExportLang): string => WORDS[lang].values[status] ?? status;

/**
 * The departments table (客诉案件统计表) with its totals row, as cells (decimals kept as strings).
 * Every row carries the month's penalty notice status: its penalty figures are final once approved.
 */
export function departmentTable(report: MonthlyReport, lang: ExportLang): { header: string[]; rows: (string | number | null)[][] } {
  const h = HEADERS[lang];
  const noticeStatus = word(report.noticeStatus, lang);
  const row = (id: string, name: string | null, d: Omit<DepartmentRow, 'departmentId' | 'departmentName' | 'departmentNameZh'>) => [
    id,
    name,
    d.cases,
    d.responsibilityWeight,
    d.responsibilityRatio,
    d.major,
    d.general,
    ...CAUSES.map((c) => d.byCauseType[c] ?? 0),
    d.lossAmount,
    d.penaltyPoints,
    d.penaltyAmount,
    d.avgHandlingHours,
    // A report published before urgings and notices were counted has none.
    d.urged ?? null,
    d.notices ?? null,
    noticeStatus,
  ];
  return {
    header: COLUMNS.map((c) => h[c]),
    rows: [
      ...report.departments.map((d) => row(d.departmentId, lang === 'zh-CN' ? (d.departmentNameZh ?? d.departmentName) : d.departmentName, d)),
      row('', h.total, report.totals),
    ],
  };
}

const csvCell = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** CSV, UTF-8 with a BOM (so Excel reads Chinese correctly), CRLF line ends (RFC 4180). */
export function toCsv(report: MonthlyReport, lang: ExportLang): Buffer {
  const { header, rows } = departmentTable(report, lang);
  const text = [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

const numeric = (value: string | number | null) => (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value);

/** XLSX: a departments sheet (客诉案件统计表) and a summary sheet, numbers as numbers. */
export async function toXlsx(report: MonthlyReport, lang: ExportLang): Promise<Buffer> {
  // exceljs is large and only this export needs it: loaded on the first XLSX request, so it
  // does not weigh on every api process from start-up.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Casebook';
  const { header, rows } = departmentTable(report, lang);
  const departments = workbook.addWorksheet(lang === 'zh-CN' ? '客诉案件统计表' : 'Departments');
  departments.addRow(header).font = { bold: true };
  for (const r of rows) departments.addRow(r.map((v, i) => (i < 2 ? v : numeric(v))));
  departments.getRow(rows.length + 1).font = { bold: true };
  departments.columns.forEach((c) => (c.width = 16));

  const labels = SUMMARY_LABELS[lang];
  const h = HEADERS[lang];
  const summary = workbook.addWorksheet(lang === 'zh-CN' ? '汇总' : 'Summary');
  summary.addRow([h.item, h.value]).font = { bold: true };
  const s = report.summary as unknown as Record<string, unknown>;
  const top: Record<string, unknown> = {
    month: report.month,
    siteId: report.siteId,
    status: word(report.status, lang),
    publishedAt: report.publishedAt ?? null,
    noticeStatus: word(report.noticeStatus, lang),
  };
  for (const [key, label] of Object.entries(labels)) {
    const value = key in top ? top[key] : s[key];
    summary.addRow([label, numeric((value ?? null) as string | number | null)]);
  }
  const words = WORDS[lang];
  for (const [clock, c] of Object.entries(report.summary.slaCompliance)) summary.addRow([words.sla(clock), numeric(c.rate)]);
  for (const [code, n] of Object.entries(report.summary.byCategory)) summary.addRow([words.category(code), n]);
  for (const [code, n] of Object.entries(report.summary.byChannel)) summary.addRow([words.channel(code), n]);
  summary.getColumn(1).width = 32;
  summary.getColumn(2).width = 20;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
