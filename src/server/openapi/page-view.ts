import { openApiDocument } from './document';

export interface OpenApiPageRoute {
  anchor: string;
  method: string;
  path: string;
  summary: string;
  access: string;
  body: { media: string; checkedBy: string; fromSpec: boolean; schema: string } | null;
  responses: Array<{ status: string; description: string; media: string; schema: string | null }>;
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/** The document as the /openapi page lists it: by tag, each route with its body and answers (schemas as JSON). */
export function openApiPageView(): { tags: Array<{ tag: string; routes: OpenApiPageRoute[] }>; count: number } {
  const document = openApiDocument();
  const tags = new Map<string, OpenApiPageRoute[]>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const op = operation as {
        tags: string[]; summary: string; 'x-access': string; 'x-body-from-spec'?: boolean;
        requestBody?: { description: string; content: Record<string, { schema: unknown }> };
        responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
      };
      const [bodyMedia, bodyContent] = op.requestBody ? Object.entries(op.requestBody.content)[0]! : [null, null];
      const route: OpenApiPageRoute = {
        anchor: `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-'),
        method: method.toUpperCase(), path, summary: op.summary, access: op['x-access'],
        body: op.requestBody && bodyMedia ? { media: bodyMedia, checkedBy: op.requestBody.description, fromSpec: op['x-body-from-spec'] === true, schema: pretty(bodyContent!.schema) } : null,
        responses: Object.entries(op.responses).map(([status, answer]) => {
          const [media, content] = answer.content ? Object.entries(answer.content)[0]! : ['', undefined];
          return { status, description: answer.description, media, schema: content?.schema && media === 'application/json' ? pretty(content.schema) : null };
        }),
      };
      const tag = op.tags[0] ?? 'other';
      tags.set(tag, [...(tags.get(tag) ?? []), route]);
    }
  }
  return { tags: [...tags].map(([tag, routes]) => ({ tag, routes })), count: [...tags.values()].reduce((n, routes) => n + routes.length, 0) };
}

/** The shared schemas, for the page's last section. */
export function openApiSchemasView(): Array<{ name: string; schema: string }> {
  return Object.entries(openApiDocument().components.schemas).map(([name, schema]) => ({ name, schema: pretty(schema) }));
}
