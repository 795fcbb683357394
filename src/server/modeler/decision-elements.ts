import DmnModdle from 'dmn-moddle-cjs';
import type { DecisionTable } from '../../domain/decision-table';
import { readModdleXml } from '../../platform/moddle-xml';

// dmn-moddle 11 (installed as dmn-moddle-cjs): the last line with a CommonJS build; 12 is ESM-only,
// which jest's module registry cannot require (as with bpmn-moddle-cjs). dmn-js in the browser brings its own.

export class DecisionParseError extends Error {
  constructor(message: string, readonly code = 'not-dmn') {
    super(message);
  }
}

export interface ParsedDecisionFile {
  /** Import warnings: unknown elements, unresolved references. */
  warnings: string[];
  decisions: Array<{ id: string; name: string; table: DecisionTable | null; logic: string | null }>;
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Reads a DMN file into its decisions and their tables; refuses what is not DMN XML. */
export async function parseDecisionFile(xml: string): Promise<ParsedDecisionFile> {
  const moddle = new DmnModdle();
  const result: { rootElement: any; warnings: Array<{ message: string }> } = await readModdleXml(moddle, xml, 'dmn:Definitions', { what: 'file', language: 'DMN' }, (message, code) => new DecisionParseError(message, code));
  const decisions = (result.rootElement.drgElement ?? [])
    .filter((e: any) => e.$type === 'dmn:Decision')
    .map((decision: any) => {
      const logic = decision.decisionLogic;
      const table: DecisionTable | null = logic?.$type === 'dmn:DecisionTable' ? {
        hitPolicy: textOf(logic.hitPolicy) || 'UNIQUE',
        aggregation: textOf(logic.aggregation) || null,
        inputs: (logic.input ?? []).map((input: any) => ({
          id: textOf(input.id), label: textOf(input.label), expression: textOf(input.inputExpression?.text), typeRef: textOf(input.inputExpression?.typeRef),
        })),
        outputs: (logic.output ?? []).map((output: any) => ({ id: textOf(output.id), name: textOf(output.name), label: textOf(output.label), typeRef: textOf(output.typeRef) })),
        rules: (logic.rule ?? []).map((rule: any) => ({
          id: textOf(rule.id),
          inputEntries: (rule.inputEntry ?? []).map((entry: any) => textOf(entry.text)),
          outputEntries: (rule.outputEntry ?? []).map((entry: any) => textOf(entry.text)),
        })),
      } : null;
      return { id: textOf(decision.id), name: textOf(decision.name), table, logic: logic ? String(logic.$type).replace(/^dmn:/, '') : null };
    });
  return { warnings: result.warnings.map((w) => String(w.message).split('\n')[0]!.slice(0, 300)), decisions };
}

const ATTRIBUTE = (name: string) => new RegExp(`\\b${name}="([^"]*)"`);

/**
 * The outputs of the decision in a DMN file, as the result of a business rule task names them: one
 * { name, type } per output column (type: the column's typeRef, '' when it has none). Synchronous,
 * read from the text: meant for a table that passed lintDecision (one decision, named outputs).
 */
export function decisionOutputs(xml: string): Array<{ name: string; type: string }> {
  const outputs: Array<{ name: string; type: string }> = [];
  for (const match of xml.matchAll(/<(?:[A-Za-z][\w-]*:)?output\b([^>]*)>/g)) {
    const attributes = match[1]!;
    const name = ATTRIBUTE('name').exec(attributes)?.[1];
    if (name) outputs.push({ name, type: ATTRIBUTE('typeRef').exec(attributes)?.[1] ?? '' });
  }
  return outputs;
}
