// "Insert a step after": a user task placed on the selected element's outgoing flow, with the
// elements to its right moved aside to make room. One command stack entry per modeling call, so
// undo (Ctrl+Z) takes it back step by step.

const GAP = 50;
const TASK = { width: 100, height: 80 };

export function insertStepAfter(modeler: any, source: any, type = 'bpmn:UserTask'): any | null {
  const modeling = modeler.get('modeling');
  const elementRegistry = modeler.get('elementRegistry');
  const elementFactory = modeler.get('elementFactory');
  const outgoing = (source.outgoing ?? []).filter((c: any) => c.type === 'bpmn:SequenceFlow');
  if (outgoing.length !== 1) return null;
  const flow = outgoing[0];
  const target = flow.target;
  const right = source.x + source.width;
  const shift = TASK.width + GAP;
  const toMove = elementRegistry.filter((e: any) => !e.waypoints && e.type !== 'label' && e.parent === source.parent && e.x >= right && e !== source);
  if (toMove.length > 0) modeling.moveElements(toMove, { x: shift, y: 0 });
  const shape = elementFactory.createShape({ type });
  const position = { x: right + GAP + TASK.width / 2, y: source.y + source.height / 2 };
  const created = modeling.createShape(shape, position, source.parent);
  modeling.reconnectEnd(flow, created, { x: created.x, y: created.y + created.height / 2 });
  modeling.connect(created, target, { type: 'bpmn:SequenceFlow' });
  return created;
}
