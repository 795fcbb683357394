import type { BlockDeclaration } from '../../domain/blocks';
import type { TopicHandler, TopicTask, VariableValue } from '../topic-handler';

/**
 * A building block: its declaration (src/domain/blocks/<group>.ts: topic, reads, produces, element
 * template) and what it does with a task, given the ports it needs. It imports no model and no
 * engine client; the worker's startup hands it the real ports (src/worker/store-ports.ts), a unit
 * test hands it in-memory ones (test/unit/blocks).
 */
export interface Block<P> {
  declaration: BlockDeclaration;
  // A property, not a method, so that TypeScript checks a block's ports contravariantly: a block
  // wired with ports that lack one it needs does not compile.
  run: (task: TopicTask, ports: P) => Promise<Record<string, VariableValue>>;
}

export function defineBlock<P>(declaration: BlockDeclaration, run: Block<P>['run']): Block<P> {
  return { declaration, run };
}

/** The block as the worker subscribes it: its topic, and its run with these ports. */
export function wireBlock<P>(block: Block<P>, ports: P): TopicHandler {
  return { topic: block.declaration.topic, handle: (task) => block.run(task, ports) };
}
