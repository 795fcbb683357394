// Pages whose figures read better as bars (the HR dashboard's funnel and distribution, a bonus
// round's awards by rating): every table that asks for it gets its chart (charts/table-bars.ts).
import { chartTable } from './charts/table-bars';

for (const table of document.querySelectorAll<HTMLTableElement>('table[data-chart="bars"]')) chartTable(table);
