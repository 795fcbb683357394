import type { OrgUnit } from '../db/models/org-unit';
import type { Person, Role } from '../db/models/person';

/** The demo institution: a small bank with front, middle and back office units (about 50 people). */
export const DEMO_PASSWORD = 'meritflow-demo';

export type DemoPerson = Omit<Person, 'passwordHash'>;

const SURNAMES = [['Wang', '王'], ['Li', '李'], ['Zhang', '张'], ['Liu', '刘'], ['Chen', '陈'], ['Yang', '杨'], ['Zhao', '赵'], ['Huang', '黄'], ['Zhou', '周'], ['Wu', '吴'], ['Xu', '徐'], ['Sun', '孙'], ['Ma', '马'], ['Zhu', '朱'], ['Hu', '胡'], ['Guo', '郭'], ['He', '何'], ['Lin', '林'], ['Gao', '高'], ['Luo', '罗']] as const;
const GIVEN = [['Wei', '伟'], ['Fang', '芳'], ['Na', '娜'], ['Min', '敏'], ['Jing', '静'], ['Lei', '磊'], ['Qiang', '强'], ['Yang', '洋'], ['Yan', '艳'], ['Jie', '杰'], ['Tao', '涛'], ['Ming', '明'], ['Chao', '超'], ['Xiu', '秀'], ['Hui', '慧'], ['Jun', '军'], ['Ping', '平'], ['Gang', '刚'], ['Hong', '红'], ['Bin', '斌'], ['Yu', '宇'], ['Lan', '兰'], ['Hao', '浩']] as const;

function nameFor(index: number): Person['name'] {
  const [surnameEn, surnameZh] = SURNAMES[index % SURNAMES.length]!;
  const [givenEn, givenZh] = GIVEN[(index * 7 + 3) % GIVEN.length]!;
  return { en: `${givenEn} ${surnameEn}`, 'zh-CN': `${surnameZh}${givenZh}` };
}

export const DEMO_UNITS: OrgUnit[] = [
  { _id: 'EXEC', name: { en: 'Executive Office', 'zh-CN': '行长办公室' }, businessLine: 'back' },
  { _id: 'CB', name: { en: 'Corporate Banking', 'zh-CN': '公司银行部' }, businessLine: 'front', parentId: 'EXEC' },
  { _id: 'WM', name: { en: 'Wealth Management', 'zh-CN': '财富管理部' }, businessLine: 'front', parentId: 'EXEC' },
  { _id: 'RISK', name: { en: 'Risk Management', 'zh-CN': '风险管理部' }, businessLine: 'middle', parentId: 'EXEC' },
  { _id: 'CMP', name: { en: 'Compliance', 'zh-CN': '合规部' }, businessLine: 'middle', parentId: 'EXEC' },
  { _id: 'OPS', name: { en: 'Operations', 'zh-CN': '运营部' }, businessLine: 'back', parentId: 'EXEC' },
  { _id: 'HR', name: { en: 'Human Resources', 'zh-CN': '人力资源部' }, businessLine: 'back', parentId: 'EXEC' },
  { _id: 'AUD', name: { en: 'Internal Audit', 'zh-CN': '内部审计部' }, businessLine: 'back', parentId: 'EXEC' },
];

interface Seat {
  username: string;
  unitId: string;
  title: { en: string; 'zh-CN': string };
  roles?: Role[];
  head?: boolean;
}

const HEADS: Seat[] = [
  { username: 'ceo', unitId: 'EXEC', title: { en: 'President', 'zh-CN': '行长' }, roles: ['comp-committee'], head: true },
  { username: 'cb.head', unitId: 'CB', title: { en: 'Head of Corporate Banking', 'zh-CN': '公司银行部总经理' }, roles: ['comp-committee'], head: true },
  { username: 'wm.head', unitId: 'WM', title: { en: 'Head of Wealth Management', 'zh-CN': '财富管理部总经理' }, head: true },
  { username: 'risk', unitId: 'RISK', title: { en: 'Chief Risk Officer', 'zh-CN': '首席风险官' }, roles: ['risk-officer', 'comp-committee'], head: true },
  { username: 'compliance', unitId: 'CMP', title: { en: 'Chief Compliance Officer', 'zh-CN': '首席合规官' }, roles: ['compliance-officer'], head: true },
  { username: 'ops.head', unitId: 'OPS', title: { en: 'Head of Operations', 'zh-CN': '运营部总经理' }, head: true },
  { username: 'hr', unitId: 'HR', title: { en: 'Head of Human Resources', 'zh-CN': '人力资源部总经理' }, roles: ['hr'], head: true },
  { username: 'auditor', unitId: 'AUD', title: { en: 'Chief Auditor', 'zh-CN': '首席审计官' }, roles: ['auditor'], head: true },
];

const STAFF: Seat[] = [
  ...Array.from({ length: 10 }, (_, i) => ({ username: `cb.rm${String(i + 1).padStart(2, '0')}`, unitId: 'CB', title: { en: 'Relationship Manager', 'zh-CN': '客户经理' } })),
  ...Array.from({ length: 10 }, (_, i) => ({ username: `wm.adviser${String(i + 1).padStart(2, '0')}`, unitId: 'WM', title: { en: 'Wealth Adviser', 'zh-CN': '理财顾问' } })),
  ...Array.from({ length: 6 }, (_, i) => ({ username: `risk.analyst${i + 1}`, unitId: 'RISK', title: { en: 'Risk Analyst', 'zh-CN': '风险分析师' } })),
  { username: 'risk.officer', unitId: 'RISK', title: { en: 'Market Risk Officer', 'zh-CN': '市场风险经理' }, roles: ['risk-officer'] },
  ...Array.from({ length: 4 }, (_, i) => ({ username: `cmp.officer${i + 1}`, unitId: 'CMP', title: { en: 'Compliance Officer', 'zh-CN': '合规专员' }, roles: ['compliance-officer'] as Role[] })),
  ...Array.from({ length: 7 }, (_, i) => ({ username: `ops.clerk${i + 1}`, unitId: 'OPS', title: { en: 'Operations Specialist', 'zh-CN': '运营专员' } })),
  { username: 'hrbp', unitId: 'HR', title: { en: 'HR Business Partner', 'zh-CN': '人力资源业务伙伴' }, roles: ['hrbp'] },
  { username: 'owner', unitId: 'HR', title: { en: 'Performance Process Owner', 'zh-CN': '绩效流程负责人' }, roles: ['process-owner'] },
  { username: 'hr.analyst', unitId: 'HR', title: { en: 'HR Analyst', 'zh-CN': '人力资源分析师' }, roles: ['hr'] },
  { username: 'admin', unitId: 'HR', title: { en: 'Platform Administrator', 'zh-CN': '平台管理员' }, roles: ['admin'] },
  { username: 'auditor2', unitId: 'AUD', title: { en: 'Auditor', 'zh-CN': '审计师' }, roles: ['auditor'] },
];

export function demoPeople(): DemoPerson[] {
  const headOf = new Map(HEADS.map((seat) => [seat.unitId, seat.username]));
  return [...HEADS, ...STAFF].map((seat, index): DemoPerson => {
    const id = `E${String(index + 1).padStart(4, '0')}`;
    const managerUsername = seat.head ? (seat.unitId === 'EXEC' ? undefined : 'ceo') : headOf.get(seat.unitId);
    return {
      _id: id,
      username: seat.username,
      name: nameFor(index),
      email: `${seat.username}@demo-bank.example`,
      unitId: seat.unitId,
      managerId: managerUsername, // replaced by the manager's id below
      title: seat.title,
      roles: seat.roles ?? [],
      locale: 'zh-CN',
      active: true,
    };
  }).map((person, _index, all) => ({
    ...person,
    managerId: person.managerId ? all.find((p) => p.username === person.managerId)!._id : undefined,
  }));
}

/** Units get their head and their HRBP from the people above. */
export function demoUnits(people: DemoPerson[]): OrgUnit[] {
  const byUsername = new Map(people.map((p) => [p.username, p._id]));
  return DEMO_UNITS.map((unit) => ({
    ...unit,
    headId: byUsername.get(HEADS.find((h) => h.unitId === unit._id)!.username),
    hrbpId: byUsername.get('hrbp'),
  }));
}
