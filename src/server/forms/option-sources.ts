/**
 * Select options that depend on the case (the unit's goals, the employee's goals, colleagues): a
 * form component names its source with `"optionsFrom": "<source>"`, and the server fills its values
 * before the form is shown and before a submission is validated, so Form.io's onlyAvailableItems
 * rule refuses anything else. The form file stays data; the sources are listed here.
 */
export interface SelectOption {
  value: string;
  label: string;
}

interface SchemaNode {
  optionsFrom?: string;
  /** On a grid: one row per option of this source, its `optionsFrom` column set (the check-in's agreed goals). */
  rowsFrom?: string;
  components?: SchemaNode[];
  columns?: { components?: SchemaNode[] }[];
  [key: string]: unknown;
}

function eachComponent(components: SchemaNode[] | undefined, visit: (component: SchemaNode) => void): void {
  for (const component of components ?? []) {
    visit(component);
    eachComponent(component.components, visit);
    for (const column of component.columns ?? []) eachComponent(column.components, visit);
  }
}

/** The option sources a form uses, by name. */
export function optionSourcesOf(schema: { components?: unknown }): string[] {
  const names = new Set<string>();
  eachComponent(schema.components as SchemaNode[] | undefined, (c) => {
    if (typeof c.optionsFrom === 'string') names.add(c.optionsFrom);
    if (typeof c.rowsFrom === 'string') names.add(c.rowsFrom);
  });
  return [...names];
}

/** The column of a `rowsFrom` grid that holds the source's value: its select with the same `optionsFrom`. */
export function rowKeyColumn(grid: { rowsFrom?: unknown; components?: unknown }): string | null {
  let key: string | null = null;
  eachComponent(grid.components as SchemaNode[] | undefined, (c) => {
    if (key === null && typeof grid.rowsFrom === 'string' && c.optionsFrom === grid.rowsFrom && typeof c.key === 'string') key = c.key;
  });
  return key;
}

/**
 * A copy of the schema with every `optionsFrom` select holding exactly the given options (none when a
 * source is unknown), and every `rowsFrom` grid starting with one row per option: a check-in lists
 * the agreed goals instead of asking the person to pick them again.
 */
export function withOptions<T extends { components?: unknown }>(schema: T, options: Record<string, SelectOption[]>): T {
  const copy = structuredClone(schema);
  eachComponent(copy.components as SchemaNode[] | undefined, (c) => {
    if (typeof c.rowsFrom === 'string') {
      const column = rowKeyColumn(c);
      if (column) c.defaultValue = (options[c.rowsFrom] ?? []).map((option) => ({ [column]: option.value }));
    }
    if (typeof c.optionsFrom !== 'string') return;
    c.dataSrc = 'values';
    c.data = { values: options[c.optionsFrom] ?? [] };
    c.validate = { ...(c.validate as object | undefined), onlyAvailableItems: true };
  });
  return copy;
}
