/**
 * What changed between two versions of a flow, as an owner reads it: elements added, removed and
 * changed, by id and name, with the properties that differ. The elements come from the diagrams
 * (server/modeler/process-elements.ts); this part knows nothing of XML.
 */
export interface ElementSummary {
  id: string;
  type: string;
  name: string;
  /** Properties that matter to how the flow runs: form key, assignee, topic, source and target… */
  properties: Record<string, string>;
}

export interface ElementChange {
  id: string;
  type: string;
  name: string;
  fields: Array<{ field: string; before: string; after: string }>;
}

export interface ProcessDiff {
  added: ElementSummary[];
  removed: ElementSummary[];
  changed: ElementChange[];
}

export function diffElements(before: ElementSummary[], after: ElementSummary[]): ProcessDiff {
  const old = new Map(before.map((e) => [e.id, e]));
  const now = new Map(after.map((e) => [e.id, e]));
  const added = after.filter((e) => !old.has(e.id));
  const removed = before.filter((e) => !now.has(e.id));
  const changed: ElementChange[] = [];
  for (const element of after) {
    const previous = old.get(element.id);
    if (!previous) continue;
    const fields: ElementChange['fields'] = [];
    if (previous.type !== element.type) fields.push({ field: 'type', before: previous.type, after: element.type });
    if (previous.name !== element.name) fields.push({ field: 'name', before: previous.name, after: element.name });
    const names = [...new Set([...Object.keys(previous.properties), ...Object.keys(element.properties)])].sort();
    for (const field of names) {
      const a = previous.properties[field] ?? '';
      const b = element.properties[field] ?? '';
      if (a !== b) fields.push({ field, before: a, after: b });
    }
    if (fields.length > 0) changed.push({ id: element.id, type: element.type, name: element.name || previous.name, fields });
  }
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  return { added: added.sort(byId), removed: removed.sort(byId), changed: changed.sort(byId) };
}

export function isEmptyDiff(diff: ProcessDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}
