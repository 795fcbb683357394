import { DevelopmentItemModel, DevelopmentPlanModel, type DevelopmentItem, type DevelopmentPlan } from '../../db/models/development-plan';
import { policyVersion } from '../../db/immutable-versions';
import { policyInForce } from '../../db/policies-in-force';
import { personNames } from '../../db/person-cards';
import { shareDone, suggestedTrainings, type DevelopmentCatalogue, type ShareDone, type SuggestedTraining } from '../../domain/development-plan';
import { translate, type Locale } from '../i18n';

export const CATALOGUE_POLICY = 'development-catalogue';
/** How many of a person's plans a page or a form shows, newest first. */
const MAX_PLANS = 10;

export interface PlanItemView {
  id: string;
  what: string;
  kind: string;
  kindText: string;
  owner: string;
  dueDate: string;
  status: string;
  statusText: string;
  /** The latest progress note, if any, with who wrote it and when. */
  lastNote: { note: string; by: string; at: Date } | null;
  overdue: boolean;
}

export interface PlanView {
  id: string;
  cycle: string;
  person: string;
  manager: string;
  recordedAt: Date;
  strengths: string;
  gaps: Array<{ gap: string; cause: string; category: string }>;
  acknowledgement: { agrees: boolean; comment: string; at: Date } | null;
  items: PlanItemView[];
  trainings: SuggestedTraining[];
  share: ShareDone;
}

async function catalogueOf(plan: Pick<DevelopmentPlan, 'catalogue'>): Promise<DevelopmentCatalogue | null> {
  const version = plan.catalogue ? await policyVersion(plan.catalogue.key, plan.catalogue.version) : await policyInForce(CATALOGUE_POLICY);
  const body = version?.body as Partial<DevelopmentCatalogue> | undefined;
  return Array.isArray(body?.categories) ? (body as DevelopmentCatalogue) : null;
}

const localName = (name: { en: string; 'zh-CN': string } | undefined, locale: Locale, fallback: string) => name?.[locale] ?? fallback;

/**
 * A person's plans as the reader's language tells them: each cycle's meeting (strengths, gaps with
 * the catalogue's area names), the employee's answer, the items with their owners by name, kinds and
 * statuses in words, the trainings the catalogue suggests for the gaps, and the share done. Access
 * is the caller's to check (mayReadCaseOf); `today` marks items past their due date.
 */
export async function plansOf(personId: string, locale: Locale, today = new Date().toISOString().slice(0, 10)): Promise<PlanView[]> {
  const [plans, items] = await Promise.all([
    DevelopmentPlanModel.find({ personId }).limit(MAX_PLANS).lean<DevelopmentPlan[]>(),
    DevelopmentItemModel.find({ personId }).limit(MAX_PLANS * 10).lean<DevelopmentItem[]>(),
  ]);
  const ids = new Set<string>([personId]);
  for (const plan of plans) ids.add(plan.managerId);
  for (const item of items) { ids.add(item.ownerId); for (const p of item.progress ?? []) ids.add(p.by); }
  const names = await personNames([...ids]);
  const nameOf = (id: string) => localName(names.get(id), locale, id);
  const t = (key: string) => translate(locale, key);
  const views = await Promise.all(plans.map(async (plan): Promise<PlanView> => {
    const catalogue = await catalogueOf(plan);
    const area = (key: string) => localName(catalogue?.categories.find((c) => c.key === key)?.label, locale, key);
    const own = items.filter((i) => i.planId === plan._id).sort((a, b) => a.index - b.index);
    return {
      id: plan._id, cycle: plan.cycle, person: nameOf(plan.personId), manager: nameOf(plan.managerId), recordedAt: plan.meeting.recordedAt,
      strengths: plan.meeting.strengths,
      gaps: plan.meeting.gaps.map((g) => ({ gap: g.gap, cause: g.cause, category: area(g.category) })),
      acknowledgement: plan.acknowledgement ? { agrees: plan.acknowledgement.agrees, comment: plan.acknowledgement.comment, at: plan.acknowledgement.at } : null,
      items: own.map((item) => {
        const last = item.progress?.[item.progress.length - 1];
        return {
          id: item._id, what: item.what, kind: item.kind, kindText: t(`development.kind.${item.kind}`), owner: nameOf(item.ownerId), dueDate: item.dueDate,
          status: item.status, statusText: t(`development.status.${item.status}`),
          lastNote: last && last.note ? { note: last.note, by: nameOf(last.by), at: last.at } : null,
          overdue: item.status !== 'done' && item.dueDate < today,
        };
      }),
      trainings: catalogue ? suggestedTrainings(plan.meeting.gaps, catalogue, locale) : [],
      share: shareDone(own),
    };
  }));
  // Newest meeting first.
  return views.sort((a, b) => new Date(b.recordedAt).getTime() - new Date(a.recordedAt).getTime());
}
