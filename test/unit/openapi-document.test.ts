import { readBody, type FieldSpec } from '../../src/server/request-body';
import { BONUS_ROUND_LAUNCH, TASK_DELEGATION } from '../../src/server/request-bodies';
import { OPERATIONS, openApiDocument, openApiPath } from '../../src/server/openapi/document';
import { schemaOfSpec } from '../../src/server/openapi/schema';

// The described API's building blocks on worked examples; test/integration/openapi.test.ts holds the
// served document to the real app.

test('a readBody spec becomes the schema of the body it accepts', () => {
  expect(schemaOfSpec(BONUS_ROUND_LAUNCH)).toEqual({
    type: 'object',
    properties: {
      unitIds: { type: 'array', items: { type: 'string' }, maxItems: 200 },
      deferralPack: { type: 'string', maxLength: 60 },
      awardDate: { type: 'string', maxLength: 10 },
    },
    required: ['unitIds'],
    additionalProperties: false,
  });
  expect(schemaOfSpec({})).toEqual({ type: 'object', properties: {}, additionalProperties: false });
  expect(schemaOfSpec({ data: { type: 'object', required: true } } satisfies Record<string, FieldSpec>).properties).toEqual({ data: { type: 'object' } });
});

test('the spec the document shows is the one readBody checks: what one refuses, the other does', () => {
  const schema = schemaOfSpec(TASK_DELEGATION);
  expect(() => readBody({ personId: 'E0002', reason: 'x'.repeat(schema.properties!.reason!.maxLength!) }, TASK_DELEGATION)).not.toThrow();
  expect(() => readBody({ personId: 'E0002', reason: 'x'.repeat(schema.properties!.reason!.maxLength! + 1) }, TASK_DELEGATION)).toThrow();
  expect(() => readBody({ reason: 'x' }, TASK_DELEGATION)).toThrow();
  expect(schema.required).toEqual(['personId']);
});

test('the document lists each route once, with every path parameter, and every answer with a description', () => {
  const document = openApiDocument();
  expect(document.openapi).toBe('3.1.0');
  const keys = OPERATIONS.map((op) => `${op.method} ${op.path}`);
  expect(new Set(keys).size).toBe(keys.length);
  for (const op of OPERATIONS) {
    const entry = document.paths[openApiPath(op.path)]![op.method] as { parameters?: Array<{ name: string; in: string; description: string }>; responses: Record<string, { description: string }> };
    const names = [...op.path.matchAll(/:([A-Za-z]+)/g)].map(([, name]) => name);
    expect((entry.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name)).toEqual(names);
    for (const parameter of entry.parameters ?? []) expect(parameter.description).not.toBe(parameter.name);
    for (const answer of Object.values(entry.responses)) expect(answer.description.length).toBeGreaterThan(0);
  }
  expect(openApiPath('/api/tasks/:taskId/claim')).toBe('/api/tasks/{taskId}/claim');
});

test('every $ref names a shared schema', () => {
  const document = openApiDocument();
  const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([A-Za-z]+)"/g)].map(([, name]) => name!);
  expect(refs.length).toBeGreaterThan(50);
  expect([...new Set(refs)].filter((name) => !(name in document.components.schemas))).toEqual([]);
});
