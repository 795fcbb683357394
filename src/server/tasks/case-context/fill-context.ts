import { contextComponents, type CaseContextSource } from '../../../domain/case-context';
import { renderPartial } from '../../views';
import { appealSource } from './appeal';
import { bonusAllocationSource } from './bonus-allocation';
import { calibrationMeetingSource } from './calibration-meeting';
import { calibrationMovesSource } from './calibration-moves';
import { clawbackProposalSource } from './clawback-proposal';
import type { ContextReader, SourceResult } from './context-reader';
import { riskWarningsSource } from './risk-warnings';
import { subjectSource } from './subject';
import { submissionSource } from './submission';

function read(source: CaseContextSource, reader: ContextReader): Promise<SourceResult> {
  switch (source.kind) {
    case 'subject': return subjectSource(reader);
    case 'submission': return submissionSource(reader, source.formKey);
    case 'appeal': return appealSource(reader);
    case 'clawback-proposal': return clawbackProposalSource(reader);
    case 'bonus-allocation': return bonusAllocationSource(reader);
    case 'calibration-moves': return calibrationMovesSource(reader);
    case 'calibration-meeting': return calibrationMeetingSource(reader);
    case 'risk-warnings': return riskWarningsSource(reader);
  }
}

/**
 * formio.js runs {{ … }} and {% … %} in an HTML element's content as code in the browser (after
 * sanitising, which turns entities back into braces): a statement or a reason typed by anyone must
 * never form one. A zero-width space after every brace keeps the text as it reads.
 */
function inert(html: string): string {
  return html.replace(/[{}]/g, (brace) => `${brace}\u200B`);
}

async function contentFor(source: CaseContextSource | null, reader: ContextReader): Promise<string> {
  const result = source ? await read(source, reader) : 'nothing-yet';
  if (result === 'not-shown') return renderPartial('context-not-shown', {}, reader.locale);
  if (result === 'nothing-yet') return renderPartial('context-nothing-yet', { source: source?.kind ?? null }, reader.locale);
  return inert(renderPartial(result.partial, result.data, reader.locale));
}

/**
 * The form as this reader is served it: every context component (domain/case-context.ts) filled
 * with its source's data, rendered and escaped on the server in the reader's language, through the
 * access rule of the API that serves the same data. The stored schema is never changed; a form
 * without context components is returned as it is.
 */
export async function withCaseContext(schema: Record<string, unknown>, reader: ContextReader): Promise<Record<string, unknown>> {
  if (contextComponents(schema).length === 0) return schema;
  const served = structuredClone(schema);
  await Promise.all(contextComponents(served).map(async ({ component, source }) => {
    component.tag = 'div';
    component.className = [component.className, 'case-context'].filter((c) => typeof c === 'string' && c !== '').join(' ');
    component.content = await contentFor(source, reader);
    component.refreshOnChange = false;
  }));
  return served;
}
