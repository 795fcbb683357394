// "Insert a step": a user task placed on a sequence flow — the selected flow, or the one flow leaving
// the selected element — with the elements to the right of the flow's source moved aside to make
// room. The flow keeps its condition and name (it now ends at the new step); a plain flow leads on to
// the old target. One command stack entry per modeling call, so undo (Ctrl+Z) takes it back step by step.

const GAP = 50;
const TASK = { width: 100, height: 80 };

/** The flow a new step would go on, or null when there is none or it is ambiguous (a gateway's several ways out). */
export function insertionFlow(element: any): any | null {
  if (!element) return null;
  if (element.type === 'bpmn:SequenceFlow') return element;
  const outgoing = (element.outgoing ?? []).filter((c: any) => c.type === 'bpmn:SequenceFlow');
  return outgoing.length === 1 ? outgoing[0] : null;
}

export function insertStep(modeler: any, selected: any, type = 'bpmn:UserTask'): any | null {
  const flow = insertionFlow(selected);
  if (!flow) return null;
  const modeling = modeler.get('modeling');
  const elementRegistry = modeler.get('elementRegistry');
  const elementFactory = modeler.get('elementFactory');
  const source = flow.source;
  const target = flow.target;
  const right = source.x + source.width;
  const shift = TASK.width + GAP;
  const toMove = elementRegistry.filter((e: any) => !e.waypoints && e.type !== 'label' && !e.host && e.parent === source.parent && e.x >= right && e !== source);
  if (toMove.length > 0) modeling.moveElements(toMove, { x: shift, y: 0 });
  const shape = elementFactory.createShape({ type });
  const position = { x: right + GAP + TASK.width / 2, y: source.y + source.height / 2 };
  const created = modeling.createShape(shape, position, source.parent);
  modeling.reconnectEnd(flow, created, { x: created.x, y: created.y + created.height / 2 });
  modeling.connect(created, target, { type: 'bpmn:SequenceFlow' });
  return created;
}
