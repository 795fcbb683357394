/**
 * What a building block declares about itself, in words a process owner reads in the modeler: its
 * topic, its name and description (its element-template entry), the variables it reads and the
 * variables it produces. Pure data, so the server (modeler lint, element templates) reads the same
 * declarations the worker's handlers attach to, without importing the worker.
 */
export interface ProducedVariable {
  name: string;
  type: 'string' | 'number' | 'boolean';
  description: string;
}

export interface BlockDeclaration {
  topic: string;
  name: { en: string; 'zh-CN': string };
  description: string;
  /** The process variables the block reads (besides what the case's documents hold). */
  reads: string[];
  /**
   * The process variables it sets on completion: what a gateway or a later step may use. The worker
   * refuses an output not listed here, so this list is what the block really does.
   */
  produces: ProducedVariable[];
}
