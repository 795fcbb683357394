interface Node { content?: unknown; properties?: Record<string, unknown>; components?: Node[]; columns?: Array<{ components?: Node[] }> }

/** The content the server filled into a served form's context component for a source (tasks/case-context). */
export function servedContext(schema: { components?: Node[] }, source: string): string {
  const stack = [...(schema.components ?? [])];
  while (stack.length > 0) {
    const node = stack.shift()!;
    if (node.properties?.caseContext === source) return String(node.content);
    stack.push(...(node.components ?? []), ...(node.columns ?? []).flatMap((c) => c.components ?? []));
  }
  throw new Error(`no ${source} component in the served form`);
}
