import { recordUnitGoals, unitGoalId, type UnitGoal } from '../db/models/goal';

/** The cycle the demo bank's goals are seeded for (the demo cycle `npm start` launches). */
export const DEMO_GOAL_CYCLE = '2026-H2';

type GoalSeed = Omit<UnitGoal, '_id' | 'cycle' | 'parentId'> & { parent?: string };

/** The bank's strategy (EXEC) and how each unit serves it; `parent` is a strategy code. */
const GOALS: GoalSeed[] = [
  { unitId: 'EXEC', code: 'S1', kind: 'KPI', dimension: 'business', target: 'RAROC ≥ 15%', title: { en: 'Grow risk-adjusted profit', 'zh-CN': '提升风险调整后收益' } },
  { unitId: 'EXEC', code: 'S2', kind: 'KPI', dimension: 'risk', target: 'NPL ratio ≤ 1.5%', title: { en: 'Keep credit risk within appetite', 'zh-CN': '信用风险控制在风险偏好内' } },
  { unitId: 'EXEC', code: 'S3', kind: 'KPI', dimension: 'compliance', target: 'No material breach', title: { en: 'No material compliance breach', 'zh-CN': '无重大合规事件' } },
  { unitId: 'EXEC', code: 'S4', kind: 'OKR', dimension: 'behaviour', target: 'Client NPS +10', title: { en: 'Clients first, in conduct and service', 'zh-CN': '以客户为中心的行为与服务' } },
  { unitId: 'CB', code: 'G1', parent: 'S1', kind: 'KPI', dimension: 'business', target: '+12% corporate deposits', title: { en: 'Grow corporate deposits', 'zh-CN': '对公存款增长' } },
  { unitId: 'CB', code: 'G2', parent: 'S2', kind: 'KPI', dimension: 'risk', target: 'New-loan NPL ≤ 1%', title: { en: 'Clean new lending', 'zh-CN': '新增贷款资产质量' } },
  { unitId: 'CB', code: 'G3', parent: 'S3', kind: 'KPI', dimension: 'compliance', target: 'KYC files 100% complete', title: { en: 'Complete KYC on every client', 'zh-CN': '客户尽职调查全覆盖' } },
  { unitId: 'WM', code: 'G1', parent: 'S1', kind: 'KPI', dimension: 'business', target: '+15% assets under management', title: { en: 'Grow assets under management', 'zh-CN': '管理资产规模增长' } },
  { unitId: 'WM', code: 'G2', parent: 'S3', kind: 'KPI', dimension: 'compliance', target: 'Suitability checks on every sale', title: { en: 'Sell only what suits the client', 'zh-CN': '适当性管理全覆盖' } },
  { unitId: 'WM', code: 'G3', parent: 'S4', kind: 'OKR', dimension: 'behaviour', target: 'Complaints −30%', title: { en: 'Fewer client complaints', 'zh-CN': '降低客户投诉' } },
  { unitId: 'RISK', code: 'G1', parent: 'S2', kind: 'KPI', dimension: 'risk', target: 'Limit breaches reported within 1 day', title: { en: 'Timely limit monitoring', 'zh-CN': '限额监控及时' } },
  { unitId: 'RISK', code: 'G2', parent: 'S1', kind: 'OKR', dimension: 'business', target: 'RAROC model live in Q3', title: { en: 'RAROC pricing for every loan', 'zh-CN': '贷款 RAROC 定价全覆盖' } },
  { unitId: 'CMP', code: 'G1', parent: 'S3', kind: 'KPI', dimension: 'compliance', target: 'All regulatory filings on time', title: { en: 'Regulatory filings on time', 'zh-CN': '监管报送及时准确' } },
  { unitId: 'CMP', code: 'G2', parent: 'S4', kind: 'OKR', dimension: 'behaviour', target: 'Conduct training for all staff', title: { en: 'A conduct culture', 'zh-CN': '合规文化建设' } },
  { unitId: 'OPS', code: 'G1', parent: 'S2', kind: 'KPI', dimension: 'risk', target: 'Operational losses −20%', title: { en: 'Fewer operational losses', 'zh-CN': '降低操作风险损失' } },
  { unitId: 'OPS', code: 'G2', parent: 'S4', kind: 'KPI', dimension: 'behaviour', target: 'Same-day account opening', title: { en: 'Faster service for clients', 'zh-CN': '提升客户服务效率' } },
  { unitId: 'HR', code: 'G1', parent: 'S4', kind: 'OKR', dimension: 'behaviour', target: 'Reviews with goals 100%', title: { en: 'Every review starts with goals', 'zh-CN': '绩效考核目标设定全覆盖' } },
  { unitId: 'HR', code: 'G2', parent: 'S3', kind: 'KPI', dimension: 'compliance', target: 'Pay deferral per regulation', title: { en: 'Pay rules that meet regulation', 'zh-CN': '薪酬递延符合监管要求' } },
  { unitId: 'AUD', code: 'G1', parent: 'S3', kind: 'KPI', dimension: 'compliance', target: 'Audit plan 100% done', title: { en: 'Complete the audit plan', 'zh-CN': '完成年度审计计划' } },
];

/** Upserts the demo bank's unit goals for a cycle (by id: repeating it changes nothing). */
export async function seedUnitGoals(cycle: string): Promise<UnitGoal[]> {
  const goals = GOALS.map(({ parent, ...goal }): UnitGoal => ({
    ...goal, _id: unitGoalId(cycle, goal.unitId, goal.code), cycle, ...(parent ? { parentId: unitGoalId(cycle, 'EXEC', parent) } : {}),
  }));
  await recordUnitGoals(cycle, goals);
  return goals;
}
