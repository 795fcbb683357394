import { lintDecisionTable } from '../../domain/decision-table';
import type { FieldProblem } from '../forms/validate-submission';
import { DecisionParseError, parseDecisionFile } from './decision-elements';

export interface DecisionLintReport {
  errors: FieldProblem[];
  warnings: FieldProblem[];
}

/**
 * Everything that would make a decision fail when deployed or evaluated, or decide wrongly: not DMN
 * XML, a document type, another decision id than the key, not exactly one decision, no decision
 * table, and the table's own problems (src/domain/decision-table.ts: entries that are no FEEL,
 * entries of the wrong type for their column, overlapping rules where the hit policy forbids them).
 * Each problem names the element (field "xml#<id>").
 */
export async function lintDecision(key: string, xml: string): Promise<DecisionLintReport> {
  let parsed;
  try {
    parsed = await parseDecisionFile(xml);
  } catch (error) {
    if (error instanceof DecisionParseError) return { errors: [{ field: 'xml', code: error.code, message: error.message }], warnings: [] };
    throw error;
  }
  const warnings: FieldProblem[] = parsed.warnings.slice(0, 20).map((message) => ({ field: 'xml', code: 'import', message }));
  if (parsed.decisions.length !== 1) {
    return { errors: [{ field: 'xml', code: 'one-decision', message: `a decision file holds exactly one decision, found ${parsed.decisions.length}` }], warnings };
  }
  const [decision] = parsed.decisions as [(typeof parsed.decisions)[number]];
  const errors: FieldProblem[] = [];
  if (decision.id !== key) errors.push({ field: 'xml', code: 'decision-id', message: `the decision's id must be its key ${key}, found ${decision.id.slice(0, 80) || 'none'}` });
  if (!decision.table) {
    errors.push({ field: 'xml', code: 'no-table', message: `the decision must be a decision table, found ${decision.logic ?? 'no decision logic'}` });
    return { errors, warnings };
  }
  const report = lintDecisionTable(decision.table);
  const asField = (p: { code: string; elementId: string; message: string }): FieldProblem => ({ field: (p.elementId ? `xml#${p.elementId}` : 'xml').slice(0, 200), code: p.code, message: p.message.slice(0, 400) });
  errors.push(...report.errors.slice(0, 100).map(asField));
  warnings.push(...report.warnings.slice(0, 50).map(asField));
  return { errors, warnings };
}
