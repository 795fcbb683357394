import { ALL_BLOCK_DECLARATIONS, type BlockDeclaration } from './blocks';

export type { ProducedVariable } from './blocks';
/** A catalogue entry is a block's declaration (src/domain/blocks/<group>.ts). */
export type TopicEntry = BlockDeclaration;

/**
 * What each worker topic does, in words a process owner reads in the modeler. Derived from the
 * building blocks' declarations (src/domain/blocks), which the worker's handlers attach to: there is
 * no second list. The modeler's element templates are generated from it, so an owner picks
 * "Compute review score" instead of typing a topic.
 */
export const TOPIC_CATALOGUE: TopicEntry[] = ALL_BLOCK_DECLARATIONS;

/** The description an owner reads in the modeler: what the block does, then what it sets for later steps. */
export function describeVariables(entry: TopicEntry): string {
  if (entry.produces.length === 0) return entry.description;
  return `${entry.description} Sets: ${entry.produces.map((v) => `${v.name} (${v.type}): ${v.description}`).join('; ')}.`;
}

/** The catalogue entry of a topic, or undefined for a topic no worker serves. */
export function topicEntry(topic: string): TopicEntry | undefined {
  return TOPIC_CATALOGUE.find((entry) => entry.topic === topic);
}

/**
 * Camunda 7 element templates (bpmn-js-element-templates' schema) for the service tasks: one per
 * topic, the topic fixed and hidden, so the properties panel shows a name instead of a topic field.
 */
export function elementTemplatesFor(catalogue: TopicEntry[], locale: 'en' | 'zh-CN', describe: (entry: TopicEntry) => string = describeVariables): import('./api-types').ElementTemplate[] {
  return catalogue.map((entry) => ({
    $schema: 'https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json',
    name: entry.name[locale],
    id: `meritflow.topic.${entry.topic}`,
    version: 1,
    description: describe(entry),
    appliesTo: ['bpmn:ServiceTask', 'bpmn:Task'],
    properties: [
      { label: 'Implementation', type: 'Hidden', value: 'external', binding: { type: 'property', name: 'camunda:type' } },
      { label: 'Topic', type: 'Hidden', value: entry.topic, binding: { type: 'property', name: 'camunda:topic' } },
    ],
  }));
}
