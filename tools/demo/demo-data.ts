import type { Role } from '@casebook/domain';

/**
 * What the demo registers and draws its cases from: three sites, five departments (客服中心,
 * 工程部, 保安部, 保洁, 质量管理部), staff in every role, and realistic subjects and names.
 * Its ids are its own, so it can fill a store that already holds other cases.
 */

export const SITES = [
  { id: 'garden-court', code: 'GC', name: 'Garden Court 花园苑' },
  { id: 'river-view', code: 'RV', name: 'River View 江景湾' },
  { id: 'lake-side', code: 'LS', name: 'Lakeside Plaza 湖畔广场' },
];
export const SITE_IDS = SITES.map((s) => s.id);

export const DEPARTMENTS = [
  { id: 'front', code: 'FD', name: 'Front desk', nameZh: '客服中心' },
  { id: 'eng', code: 'ENG', name: 'Engineering', nameZh: '工程部' },
  { id: 'sec', code: 'SEC', name: 'Security', nameZh: '保安部' },
  { id: 'clean', code: 'CLN', name: 'Cleaning', nameZh: '保洁' },
  { id: 'qa', code: 'QA', name: 'Quality', nameZh: '质量管理部' },
];

export const STAFF: { id: string; name: string; role: Role; departmentId: string }[] = [
  { id: 'agent-1', name: '李客服', role: 'agent', departmentId: 'front' },
  { id: 'agent-2', name: '陈客服', role: 'agent', departmentId: 'front' },
  { id: 'agent-3', name: '杨客服', role: 'agent', departmentId: 'front' },
  { id: 'sup-1', name: '王主管', role: 'supervisor', departmentId: 'front' },
  { id: 'sup-2', name: '刘主管', role: 'supervisor', departmentId: 'front' },
  { id: 'eng-1', name: '赵工', role: 'handler', departmentId: 'eng' },
  { id: 'eng-2', name: '黄工', role: 'handler', departmentId: 'eng' },
  { id: 'sec-1', name: '钱保安', role: 'handler', departmentId: 'sec' },
  { id: 'sec-2', name: '何保安', role: 'handler', departmentId: 'sec' },
  { id: 'clean-1', name: '林保洁', role: 'handler', departmentId: 'clean' },
  { id: 'clean-2', name: '罗保洁', role: 'handler', departmentId: 'clean' },
  { id: 'qa-1', name: '孙质检', role: 'quality', departmentId: 'qa' },
  { id: 'mgr-1', name: '周经理', role: 'manager', departmentId: 'front' },
  { id: 'dgm-1', name: '吴副总', role: 'deputy_gm', departmentId: 'front' },
  { id: 'gm-1', name: '郑总', role: 'gm', departmentId: 'front' },
  { id: 'aud-1', name: '冯审计', role: 'auditor', departmentId: 'qa' },
];

export const CATEGORY_DEPARTMENT: Record<string, string> = {
  repair_delay: 'eng',
  repair_quality: 'eng',
  decoration: 'eng',
  product_quality: 'eng',
  noise: 'sec',
  parking: 'sec',
  security: 'sec',
  cleaning: 'clean',
  fees: 'front',
  staff_attitude: 'front',
  delivery: 'front',
  other: 'front',
};

export const SUBJECTS: Record<string, [string, string][]> = {
  repair_delay: [['Water leaking from the ceiling', 'Bathroom ceiling has been leaking since the repair request three days ago'], ['Lift out of order', 'Lift in block 3 still not fixed']],
  repair_quality: [['Door lock broke again', 'The lock repaired last week is broken again'], ['Tiles cracked after repair', 'Kitchen tiles cracked a day after the repair']],
  cleaning: [['Corridor not cleaned', 'Rubbish left in the 12th floor corridor for two days'], ['Garbage room smells', 'The garbage room near block 2 smells badly']],
  security: [['Stranger in the building', 'A stranger was let in without registration'], ['Gate left open at night', 'The north gate was open all night']],
  noise: [['Renovation noise at night', 'Drilling upstairs after 22:00'], ['Loud music next door', 'Neighbour plays loud music every evening']],
  parking: [['Car parked in my space', 'Someone parks in my reserved space'], ['Parking gate fee wrong', 'Charged twice at the parking gate']],
  fees: [['Management fee overcharged', 'The bill charges the wrong area'], ['Late fee disputed', 'A late fee was charged although paid on time']],
  decoration: [['Decoration approval delayed', 'Waiting two weeks for the decoration permit']],
  staff_attitude: [['Rude reception staff', 'The receptionist was impolite on the phone'], ['Guard shouted at visitor', 'A guard shouted at my elderly mother']],
  product_quality: [['Window seal defective', 'Rain comes in through the window seal']],
  delivery: [['Parcel lost at reception', 'A parcel signed by reception cannot be found']],
  other: [['Suggestion about the garden', 'The garden lights could be brighter'], ['Question about the pool', 'When does the pool open this summer?']],
};

export const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强', '周杰', '吴婷', '徐明', '孙丽', '马超', '朱琳', '胡军'];

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const chance = (p: number) => next() < p;
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const weighted = <T extends string>(weights: Record<T, number>): T => {
    const entries = Object.entries(weights) as [T, number][];
    let r = next() * entries.reduce((n, [, w]) => n + w, 0);
    for (const [value, w] of entries) if ((r -= w) < 0) return value;
    return entries[entries.length - 1][0];
  };
  return { next, chance, pick, weighted };
}
