import { badRequest } from '../http-errors';
import { translate, type Locale } from '../i18n';
import { processIdOf, type NewFlowSource } from './new-flow';
import { PROCESS_KEY } from './process-library';

/** What POST /api/processes was sent, each text already one line of plain text where a person reads it. */
export interface NewFlowRequest {
  key?: string;
  name?: string;
  copyOf?: string;
  xml?: string;
}

/**
 * A new flow's key and source from what the owner sent: an imported .bpmn file, a copy of another
 * flow, or a blank one named in the owner's language. An imported file brings its own key (its
 * process id) unless the owner types another.
 */
export async function newFlowOf(request: NewFlowRequest, locale: Locale): Promise<{ key: string; source: NewFlowSource }> {
  const { name } = request;
  if (request.copyOf !== undefined && request.xml !== undefined) throw badRequest('the request is not valid', [{ field: 'xml', code: 'one-source', message: 'a new flow is a copy or an imported file, not both' }]);
  let source: NewFlowSource;
  if (request.xml !== undefined) source = { kind: 'import', xml: request.xml, ...(name ? { name } : {}) };
  else if (request.copyOf !== undefined) source = { kind: 'copy', from: request.copyOf, ...(name ? { name } : {}) };
  else {
    if (!name) throw badRequest('the request is not valid', [{ field: 'name', code: 'required', message: 'a new flow needs a name' }]);
    source = { kind: 'blank', names: { flow: name, start: translate(locale, 'modeler.new.startEvent'), end: translate(locale, 'modeler.new.endEvent') } };
  }
  const key = request.key ?? (source.kind === 'import' ? await processIdOf(source.xml) : undefined);
  if (!key) throw badRequest('the request is not valid', [{ field: 'key', code: 'required', message: 'a new flow needs a key' }]);
  if (!PROCESS_KEY.test(key)) throw badRequest('the request is not valid', [{ field: 'key', code: 'pattern', message: 'a key starts with a letter and holds letters, digits, - and _ (at most 60)' }]);
  if (source.kind === 'copy' && !PROCESS_KEY.test(source.from)) throw badRequest('the request is not valid', [{ field: 'copyOf', code: 'unknown', message: 'there is no such flow to copy' }]);
  return { key, source };
}
