/**
 * Reads a BPMN or DMN file with its moddle, as the flow reader (process-elements.ts) and the decision
 * reader (server/modeler/decision-elements.ts) both do. The engine's parser refuses a document type
 * declaration (it keeps external entities out), so a file with one could never be deployed: refused
 * here too, with the code 'doctype'; XML the moddle cannot read is refused with the first line of why.
 */
export async function readModdleXml<T>(
  moddle: { fromXML(xml: string, type: string): Promise<T> },
  xml: string,
  rootType: string,
  words: { what: string; language: string },
  refuse: (message: string, code?: string) => Error,
): Promise<T> {
  if (/<!(DOCTYPE|ENTITY)/i.test(xml)) throw refuse(`the ${words.what} may not declare a document type or entities (<!DOCTYPE, <!ENTITY)`, 'doctype');
  try {
    return await moddle.fromXML(xml, rootType);
  } catch (error) {
    throw refuse(`the ${words.what} is not valid ${words.language} XML: ${String((error as Error).message).split('\n')[0]!.slice(0, 300)}`);
  }
}
