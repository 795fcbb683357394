/**
 * The rating fields of an assessment form, drawn from the scoring policy. A form (forms/self-assessment.json,
 * manager-assessment.json, peer-feedback.json, or one an owner builds) carries a placeholder
 *
 *   { "type": "htmlelement", "key": "ratings", "input": false,
 *     "properties": { "scoringDimensions": "rating" }, "description": "1 = far below …" }
 *
 * and the server puts in its place one number field per dimension of the case's pinned scoring
 * policy, in the policy's order, keyed `<dimension>Rating` (what the worker scores), labelled from
 * the policy in en (the label) and zh-CN (the form's translations), limited to the policy's scale.
 * "rating" fields are required; "peerRating" fields may stay empty ("cannot judge", 360 feedback).
 * A select marked "choice" (a goal's dimension in forms/goal-setting.json) is not replaced: it offers
 * the policy's dimensions as its values (labels in en, zh-CN through the translations) and accepts no other.
 * The same expansion serves the form and validates its submission, so the server refuses what the
 * policy does not allow. Pure: the caller passes the policy.
 *
 * Worked example: the shipped policy (business, risk, compliance, behaviour on 1–5) turns the
 * placeholder into businessRating "Business (1–5)" / "业务（1–5）", …; a version that adds
 * clientRelationship ("Client relationship" / "客户关系") adds clientRelationshipRating "Client
 * relationship (1–5)" / "客户关系（1–5）" after behaviourRating.
 */
import { dimensionsOf, ratingFieldKey, type ScoringPolicy } from './scoring';

export const SCORING_DIMENSIONS_PROPERTY = 'scoringDimensions';
export const RATING_FIELD_MODES = ['rating', 'peerRating', 'choice'] as const;
export type RatingFieldMode = (typeof RATING_FIELD_MODES)[number];

interface SchemaNode {
  components?: SchemaNode[];
  columns?: Array<{ components?: SchemaNode[] }>;
  properties?: Record<string, unknown>;
  description?: unknown;
  [key: string]: unknown;
}

interface FormSchema {
  components?: unknown;
  translations?: Record<string, Record<string, string>>;
  [key: string]: unknown;
}

function modeOf(component: SchemaNode): RatingFieldMode | null {
  const mode = component.properties?.[SCORING_DIMENSIONS_PROPERTY];
  return (RATING_FIELD_MODES as readonly unknown[]).includes(mode) ? (mode as RatingFieldMode) : null;
}

function someComponent(components: SchemaNode[] | undefined, test: (c: SchemaNode) => boolean): boolean {
  return (components ?? []).some((c) => test(c) || someComponent(c.components, test) || (c.columns ?? []).some((col) => someComponent(col.components, test)));
}

/** Whether a form has a placeholder for the policy's rating fields (nothing to read otherwise). */
export function hasScoringDimensions(schema: { components?: unknown }): boolean {
  return someComponent(schema.components as SchemaNode[] | undefined, (c) => modeOf(c) !== null);
}

/** A copy of the schema with every placeholder replaced by the policy's rating fields, and their zh-CN labels in its translations. */
export function expandScoringDimensions<T extends FormSchema>(schema: T, policy: Pick<ScoringPolicy, 'dimensions' | 'scale'>): Omit<T, 'translations'> & { translations: Record<string, Record<string, string>> } {
  const { min, max } = policy.scale;
  const zh: Record<string, string> = {};
  const choice = (select: SchemaNode): SchemaNode => ({
    ...select,
    dataSrc: 'values',
    data: { values: dimensionsOf(policy).map((d) => { zh[d.label.en] = d.label['zh-CN']; return { value: d.key, label: d.label.en }; }) },
    validate: { ...(select.validate as object | undefined), onlyAvailableItems: true },
  });
  const fieldsFor = (placeholder: SchemaNode, mode: RatingFieldMode): SchemaNode[] => dimensionsOf(policy).map((d) => {
    const label = `${d.label.en} (${min}–${max})`;
    zh[label] = `${d.label['zh-CN']}（${min}–${max}）`;
    return {
      type: 'number',
      key: ratingFieldKey(d.key),
      label,
      ...(typeof placeholder.description === 'string' ? { description: placeholder.description } : {}),
      input: true,
      decimalLimit: 0,
      requireDecimal: false,
      validate: { required: mode === 'rating', min, max },
      tableView: true,
      properties: { scoringDimension: d.key },
    };
  });
  const expand = (components: SchemaNode[] | undefined): SchemaNode[] | undefined => components?.flatMap((c) => {
    const mode = modeOf(c);
    if (mode === 'choice') return [choice(c)];
    if (mode) return fieldsFor(c, mode);
    const copy: SchemaNode = { ...c };
    if (c.components) copy.components = expand(c.components);
    if (c.columns) copy.columns = c.columns.map((col) => ({ ...col, components: expand(col.components) }));
    return [copy];
  });
  const copy = structuredClone(schema);
  copy.components = expand(copy.components as SchemaNode[] | undefined);
  const translations = { ...(copy.translations ?? {}), 'zh-CN': { ...(copy.translations?.['zh-CN'] ?? {}), ...zh } };
  return Object.assign(copy, { translations });
}
