/**
 * The results as an SVG chart, written as text (no browser or canvas needed): for each run (engine), one band per
 * scenario, and in it one row per competitor with its median ratio to plain objects (a dot) and its range over
 * rounds (a line), on a log scale where 1 is plain objects. The caption names the engine, machine, load and date.
 */
import { summaryOrder } from './report';
import type { RunResults, ScenarioResult } from './results';

const width = 980;
const labelWidth = 300;
const plotLeft = labelWidth + 10;
const plotRight = width - 30;
const rowHeight = 9;
const bandPadding = 6;

const palette = ['#1f77b4', '#d62728', '#9467bd', '#ff7f0e', '#2ca02c', '#7f7f7f', '#8c564b', '#17becf', '#bcbd22', '#e377c2', '#393b79', '#637939'];

/** Escapes text for an SVG text node or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Scenarios a chart shows: those whose ratios are to plain objects. */
export function chartedScenarios(results: RunResults): ScenarioResult[] {
  return results.scenarios.filter((scenario) => scenario.baseline === 'objects');
}

/** Every competitor charted in any of `runs` (not the baseline), in the summary's order. */
export function chartedCompetitors(runs: readonly RunResults[]): string[] {
  const seen = new Set<string>();
  for (const run of runs) for (const scenario of chartedScenarios(run)) for (const task of scenario.tasks) if (task.name !== scenario.baseline) seen.add(task.name);
  const ordered: string[] = summaryOrder.filter((name) => seen.has(name));
  return [...ordered, ...[...seen].filter((name) => !ordered.includes(name))];
}

/** Tick values of a log axis covering [low, high]: 1, 2, 5 times powers of ten. */
export function logTicks(low: number, high: number): number[] {
  const ticks: number[] = [];
  for (let exponent = Math.floor(Math.log10(low)) - 1; exponent <= Math.ceil(Math.log10(high)) + 1; exponent++) {
    for (const mantissa of [1, 2, 5]) ticks.push(Number((mantissa * 10 ** exponent).toPrecision(1)));
  }
  const below = ticks.filter((tick) => tick <= low).pop() ?? ticks[0];
  const above = ticks.find((tick) => tick >= high) ?? ticks[ticks.length - 1];
  return ticks.filter((tick) => tick >= (below as number) && tick <= (above as number));
}

/** The chart's caption line for one run. */
export function caption(run: RunResults): string {
  const { engine, machine } = run;
  const v8 = engine.v8 === undefined ? '' : ` (V8 ${engine.v8})`;
  return `${engine.name} ${engine.version}${v8} · ${machine.cpus} × ${machine.cpu} · load ${machine.loadBefore[0] ?? '?'}-${machine.loadAfter[0] ?? '?'} · ${run.date.slice(0, 10)} · ${run.mode} run, ${run.rounds} round(s)`;
}

/** The SVG of one or more runs (one panel each, sharing one scale and one legend). */
export function chartSvg(runs: readonly RunResults[]): string {
  const competitors = chartedCompetitors(runs);
  const color = (name: string): string => palette[competitors.indexOf(name) % palette.length] as string;
  const values: number[] = [];
  for (const run of runs) {
    for (const scenario of chartedScenarios(run)) {
      for (const task of scenario.tasks) values.push(...[task.ratio, task.ratioLow, task.ratioHigh].filter((value) => Number.isFinite(value) && value > 0));
    }
  }
  const ticks = logTicks(Math.min(1, ...values), Math.max(1, ...values));
  const low = Math.log10(ticks[0] as number);
  const high = Math.log10(ticks[ticks.length - 1] as number);
  const x = (value: number): number => plotLeft + ((Math.log10(value) - low) / (high - low || 1)) * (plotRight - plotLeft);
  const parts: string[] = [];
  let y = 16;
  parts.push(`<text x="10" y="${y}" class="title">slotted: time per pass × plain objects (log scale; lower is faster; dot = median over rounds, line = range)</text>`);
  // Legend, wrapped.
  y += 18;
  let legendX = 10;
  for (const name of competitors) {
    const itemWidth = 16 + name.length * 6.6 + 14;
    if (legendX + itemWidth > width - 10) {
      legendX = 10;
      y += 16;
    }
    parts.push(`<circle cx="${legendX + 5}" cy="${y - 4}" r="4" fill="${color(name)}"/><text x="${legendX + 14}" y="${y}">${escapeXml(name)}</text>`);
    legendX += itemWidth;
  }
  y += 14;
  for (const run of runs) {
    y += 8;
    parts.push(`<text x="10" y="${y + 10}" class="caption">${escapeXml(caption(run))}</text>`);
    y += 22;
    const top = y;
    const scenarios = chartedScenarios(run);
    scenarios.forEach((scenario, index) => {
      const tasks = competitors.map((name) => scenario.tasks.find((task) => task.name === name)).filter((task) => task !== undefined);
      const bandHeight = tasks.length * rowHeight + 2 * bandPadding;
      if (index % 2 === 0) parts.push(`<rect x="0" y="${y}" width="${width}" height="${bandHeight}" fill="#f4f4f4"/>`);
      const label = scenario.label.length > 48 ? `${scenario.label.slice(0, 47)}…` : scenario.label;
      parts.push(`<text x="${labelWidth}" y="${y + bandHeight / 2 + 4}" text-anchor="end">${escapeXml(label)}</text>`);
      tasks.forEach((task, row) => {
        const rowY = y + bandPadding + row * rowHeight + rowHeight / 2;
        const fill = color(task.name);
        const title = `<title>${escapeXml(`${scenario.label} · ${task.name}: ${task.ratio.toFixed(2)} × objects (range ${task.ratioLow.toFixed(2)}-${task.ratioHigh.toFixed(2)})`)}</title>`;
        if (task.ratioHigh > task.ratioLow) parts.push(`<line x1="${x(task.ratioLow).toFixed(1)}" x2="${x(task.ratioHigh).toFixed(1)}" y1="${rowY}" y2="${rowY}" stroke="${fill}" stroke-width="1.5"/>`);
        parts.push(`<circle cx="${x(task.ratio).toFixed(1)}" cy="${rowY}" r="3.2" fill="${fill}">${title}</circle>`);
      });
      y += bandHeight;
    });
    // Axis: grid lines and tick labels; 1 (plain objects) drawn darker.
    for (const tick of ticks) {
      const tickX = x(tick).toFixed(1);
      parts.push(`<line x1="${tickX}" x2="${tickX}" y1="${top}" y2="${y}" stroke="${tick === 1 ? '#000' : '#ccc'}" stroke-width="${tick === 1 ? 1.2 : 0.6}"/>`);
      parts.push(`<text x="${tickX}" y="${y + 14}" text-anchor="middle">${tick}</text>`);
    }
    parts.push(`<text x="${x(1).toFixed(1)}" y="${top - 3}" text-anchor="middle" class="small">plain objects</text>`);
    y += 24;
  }
  const height = Math.ceil(y + 4);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">\n` +
    `<style>.title{font-size:13px;font-weight:bold}.caption{font-size:12px;font-weight:bold}.small{font-size:9px}</style>\n` +
    `<rect width="${width}" height="${height}" fill="#fff"/>\n${parts.join('\n')}\n</svg>\n`
  );
}
