// The distribution against the curve as a chart (Apache ECharts, bundled into this page's script and
// served by meritflow: no CDN). The numbers are the list beside it (.cal-standing), which is also
// what a screen reader reads; the chart itself is hidden from assistive technology.
import { BarChart, ScatterChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, ScatterChart, GridComponent, SVGRenderer]);

export interface ChartBand {
  band: string;
  count: number;
  target: number;
  max: number;
  state: 'within' | 'over' | 'under' | 'unreachable';
}

const COLOUR = { within: '#1f7a5a', outside: '#b42318', advisory: '#4b6584', allowed: '#d7e6df', target: '#1d2939' };

function option(bands: readonly ChartBand[], binding: boolean) {
  const colourOf = (b: ChartBand) => (!binding ? COLOUR.advisory : b.state === 'within' ? COLOUR.within : COLOUR.outside);
  const top = Math.max(1, ...bands.map((b) => Math.max(b.count, b.max, b.target)));
  return {
    animation: false,
    grid: { left: 28, right: 8, top: 14, bottom: 24 },
    xAxis: { type: 'category', data: bands.map((b) => b.band), axisTick: { show: false } },
    yAxis: { type: 'value', minInterval: 1, max: top + 1, splitLine: { lineStyle: { color: '#eaecf0' } } },
    series: [
      // The most the curve allows, behind the count (a guide only when the curve is advisory).
      ...(binding ? [{ type: 'bar', data: bands.map((b) => Math.max(0, b.max)), barWidth: '62%', itemStyle: { color: COLOUR.allowed }, silent: true, z: 1 }] : []),
      {
        type: 'bar', barGap: '-100%', barWidth: '36%', z: 2,
        data: bands.map((b) => ({ value: b.count, itemStyle: { color: colourOf(b) } })),
        label: { show: true, position: 'top', color: '#101828', fontWeight: 'bold' },
      },
      // The target as a line across the bar: it never hides the count written above the bar.
      { type: 'scatter', symbol: 'rect', symbolSize: [30, 3], z: 3, data: bands.map((b) => b.target), itemStyle: { color: COLOUR.target } },
    ],
  };
}

export interface CurveChart { update(bands: readonly ChartBand[]): void }

export function curveChart(container: HTMLElement, bands: readonly ChartBand[], binding: boolean): CurveChart {
  const chart = echarts.init(container, undefined, { renderer: 'svg' });
  chart.setOption(option(bands, binding) as never);
  new ResizeObserver(() => chart.resize()).observe(container);
  return { update: (next) => chart.setOption(option(next, binding) as never, { notMerge: true }) };
}

/** The bands as the server wrote them in the list beside the chart (data-* of each .cal-band). */
export function bandsFromList(list: Element): ChartBand[] {
  return [...list.querySelectorAll<HTMLElement>('.cal-band')].map((li) => ({
    band: li.dataset.band ?? '',
    count: Number(li.dataset.count ?? 0),
    target: Number(li.dataset.target ?? 0),
    max: Number(li.dataset.max ?? 0),
    state: (['within', 'over', 'under', 'unreachable'].find((s) => li.classList.contains(`state-${s}`)) ?? 'within') as ChartBand['state'],
  }));
}
