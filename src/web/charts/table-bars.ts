// Bars drawn from a table the server already wrote (Apache ECharts, bundled and served by meritflow).
// The table stays: it holds the numbers as text, which is what a screen reader reads and what is
// copied; the chart is a picture of it, hidden from assistive technology. A table opts in with
// data-chart="bars" and gives each row data-value (the bar's length) and data-value-text (the label
// at the bar's end, formatted by the server in the reader's locale and currency). Rows of a curve
// add data-target, data-low, data-high (percent) and data-outside.
import { BarChart, CustomChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, CustomChart, GridComponent, SVGRenderer]);

export interface BarRow {
  label: string;
  value: number;
  valueText: string;
  /** A curve's target and its tolerance band, in the value's unit. */
  target?: number;
  low?: number;
  high?: number;
  outside: boolean;
}

const COLOUR = { bar: '#1d4ed8', outside: '#b42318', band: '#cfe3cf', target: '#1d2939' };
const ROW_HEIGHT = 34;

const numberOr = (text: string | undefined): number | undefined => (text === undefined || text === '' || Number.isNaN(Number(text)) ? undefined : Number(text));

export function rowsOf(table: HTMLTableElement): BarRow[] {
  return [...table.tBodies].flatMap((body) => [...body.rows]).filter((row) => row.dataset.value !== undefined).map((row) => {
    const target = numberOr(row.dataset.target);
    const low = numberOr(row.dataset.low);
    const high = numberOr(row.dataset.high);
    return {
      label: (row.querySelector('th')?.textContent ?? '').trim(),
      value: Number(row.dataset.value),
      valueText: row.dataset.valueText ?? row.dataset.value ?? '',
      ...(target !== undefined ? { target } : {}), ...(low !== undefined ? { low } : {}), ...(high !== undefined ? { high } : {}),
      outside: row.dataset.outside === 'true',
    };
  });
}

/** The chart's option for the rows: the first row on top, as in the table. */
export function barOption(rows: readonly BarRow[]): Record<string, unknown> {
  const labels = rows.map((r) => r.label);
  const withCurve = rows.some((r) => r.target !== undefined);
  const top = Math.max(1, ...rows.map((r) => Math.max(r.value, r.high ?? 0, r.target ?? 0)));
  return {
    animation: false,
    // containLabel keeps the axis labels in, not the bars' own: room for the longest value at a bar's end.
    grid: { left: 8, right: 16 + 8 * Math.max(0, ...rows.map((r) => r.valueText.length)), top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: top * 1.25, show: false },
    yAxis: { type: 'category', data: labels, inverse: true, axisTick: { show: false }, axisLine: { show: false }, axisLabel: { color: '#344054', fontSize: 13, width: 120, overflow: 'truncate' } },
    series: [
      ...(withCurve ? [{
        // The tolerance band behind the bar.
        type: 'custom', silent: true, z: 1,
        data: rows.map((r, i) => [i, r.low ?? 0, r.high ?? 0]),
        renderItem: (_params: unknown, api: { value: (i: number) => number; coord: (p: [number, number]) => [number, number]; size: (p: [number, number]) => [number, number] }) => {
          const [x0, y] = api.coord([api.value(1), api.value(0)]);
          const [x1] = api.coord([api.value(2), api.value(0)]);
          const height = api.size([0, 1])[1] * 0.8;
          return { type: 'rect', shape: { x: x0, y: y - height / 2, width: Math.max(1, x1 - x0), height }, style: { fill: COLOUR.band } };
        },
      }] : []),
      {
        type: 'bar', z: 2, barWidth: '45%',
        data: rows.map((r) => ({ value: r.value, itemStyle: { color: r.outside ? COLOUR.outside : COLOUR.bar } })),
        label: { show: true, position: 'right', color: '#101828', fontSize: 13, formatter: (p: { dataIndex: number }) => rows[p.dataIndex]?.valueText ?? '' },
      },
      ...(withCurve ? [{
        // The target as a tick across the band.
        type: 'custom', silent: true, z: 3,
        data: rows.map((r, i) => [i, r.target ?? 0]),
        renderItem: (_params: unknown, api: { value: (i: number) => number; coord: (p: [number, number]) => [number, number]; size: (p: [number, number]) => [number, number] }) => {
          const [x, y] = api.coord([api.value(1), api.value(0)]);
          const height = api.size([0, 1])[1] * 0.9;
          return { type: 'rect', shape: { x: x - 1.5, y: y - height / 2, width: 3, height }, style: { fill: COLOUR.target } };
        },
      }] : []),
    ],
  };
}

/**
 * Draws the chart above the table. The table keeps its numbers for screen readers and for whoever
 * asks to see them (a button under the chart); its own CSS bars are dropped.
 */
export function chartTable(table: HTMLTableElement): void {
  const rows = rowsOf(table);
  if (rows.length === 0) return;
  const container = document.createElement('div');
  container.className = 'table-chart';
  container.setAttribute('aria-hidden', 'true');
  container.style.height = `${rows.length * ROW_HEIGHT + 16}px`;
  table.before(container);
  table.classList.add('charted');
  // A table is never shorter than its rows: it is hidden in a box of its own.
  const numbers = document.createElement('div');
  numbers.className = 'sr-only';
  table.before(numbers);
  numbers.append(table);
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'link-button chart-numbers';
  toggle.setAttribute('aria-expanded', 'false');
  toggle.textContent = table.dataset.showNumbers ?? '';
  toggle.addEventListener('click', () => {
    const shown = numbers.classList.toggle('sr-only') === false;
    toggle.setAttribute('aria-expanded', String(shown));
    toggle.textContent = (shown ? table.dataset.hideNumbers : table.dataset.showNumbers) ?? '';
  });
  numbers.after(toggle);
  const chart = echarts.init(container, undefined, { renderer: 'svg' });
  chart.setOption(barOption(rows) as never);
  new ResizeObserver(() => chart.resize()).observe(container);
}
