/**
 * The progress report as one self-contained HTML page: the table, and a chart of challenge times per kata over
 * attempts drawn as inline SVG. No script, no font, no image, no stylesheet from anywhere else; the page's
 * Content-Security-Policy forbids fetching anything, so it renders the same offline.
 */

import type { ProgressRow } from './progress-view.ts';
import { duration } from './render.ts';
import { elapsedMs } from './scorecard.ts';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** Colour-blind-safe palette (Okabe–Ito), cycled. */
const palette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

const width = 720;
const height = 320;
const margin = { top: 20, right: 160, bottom: 40, left: 56 };

/** Line chart: x = attempt number of that kata, y = minutes taken; filled dots completed, hollow otherwise. */
export function challengeChart(rows: readonly ProgressRow[]): string {
  const series = rows.filter((row) => row.attempts.length > 0);
  if (series.length === 0) {
    return '<p class="empty" id="chart-empty">No timed challenges yet: <code>npm run challenge lru</code> starts one.</p>';
  }
  const maxAttempts = Math.max(...series.map((row) => row.attempts.length));
  const maxMinutes = Math.max(
    1,
    ...series.flatMap((row) => row.attempts.map((attempt) => elapsedMs(attempt) / 60_000)),
  );
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const x = (n: number) => margin.left + (maxAttempts === 1 ? plotW / 2 : ((n - 1) / (maxAttempts - 1)) * plotW);
  const y = (minutes: number) => margin.top + plotH - (minutes / maxMinutes) * plotH;
  const parts: string[] = [];
  const ticks = 4;
  for (let i = 0; i <= ticks; i++) {
    const minutes = (maxMinutes * i) / ticks;
    parts.push(
      `<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(minutes).toFixed(1)}" y2="${y(minutes).toFixed(1)}" stroke="#ddd"/>`,
      `<text x="${margin.left - 8}" y="${(y(minutes) + 4).toFixed(1)}" text-anchor="end">${Math.round(minutes)}</text>`,
    );
  }
  for (let n = 1; n <= maxAttempts; n++) {
    parts.push(`<text x="${x(n).toFixed(1)}" y="${margin.top + plotH + 18}" text-anchor="middle">${n}</text>`);
  }
  parts.push(
    `<text x="${margin.left + plotW / 2}" y="${height - 4}" text-anchor="middle">attempt</text>`,
    `<text transform="translate(14 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">minutes</text>`,
  );
  series.forEach((row, index) => {
    const colour = palette[index % palette.length] ?? '#000';
    const points = row.attempts.map((attempt, i) => [x(i + 1), y(elapsedMs(attempt) / 60_000)] as const);
    parts.push(
      `<polyline class="series" data-kata="${escapeHtml(row.kata.id)}" fill="none" stroke="${colour}" stroke-width="2" points="${points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')}"/>`,
    );
    row.attempts.forEach((attempt, i) => {
      const [px, py] = points[i] ?? [0, 0];
      const fill = attempt.end === 'completed' ? colour : '#fff';
      parts.push(
        `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="4" fill="${fill}" stroke="${colour}" stroke-width="2"><title>${escapeHtml(`${row.kata.id} attempt ${i + 1}: ${attempt.end}, ${duration(elapsedMs(attempt))}`)}</title></circle>`,
      );
    });
    const ly = margin.top + 16 * index + 6;
    parts.push(
      `<line x1="${width - margin.right + 16}" x2="${width - margin.right + 36}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${width - margin.right + 42}" y="${ly + 4}">${escapeHtml(row.kata.id)}</text>`,
    );
  });
  return `<svg id="chart" role="img" aria-label="Challenge times per kata over attempts" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="12">${parts.join('')}</svg>
<p class="note">Filled dots: every level passed. Hollow: time ran out or the attempt was stopped.</p>`;
}

export function progressPage(rows: readonly ProgressRow[], generatedAt: string): string {
  const body = rows
    .map(
      (row) => `<tr data-kata="${escapeHtml(row.kata.id)}">
  <td><b>${escapeHtml(row.kata.id)}</b><br><small>${escapeHtml(row.kata.title)}</small></td>
  <td>${escapeHtml(row.state)}</td><td>${escapeHtml(row.tests)}</td><td>${escapeHtml(row.best)}</td>
  <td>${row.attempts.length}</td><td>${row.hintsUsed}</td><td>${escapeHtml(row.lastAttempt)}</td>
  <td>${row.editedSpecs.length > 0 ? `<span class="edited" title="${escapeHtml(row.editedSpecs.join(', '))}">specs edited</span>` : ''}</td>
</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kata progress</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; margin-bottom: 2rem; }
th, td { border-bottom: 1px solid #ddd; padding: .35rem .7rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
.edited { color: #b00; font-weight: bold; }
.note, small { color: #666; }
</style>
</head>
<body>
<h1>Kata progress</h1>
<p class="note">Generated ${escapeHtml(generatedAt)} by <code>npm run progress -- --html</code>.</p>
<table id="progress">
<thead><tr><th>kata</th><th>state</th><th>tests</th><th>best challenge</th><th>attempts</th><th>hints</th><th>last attempt</th><th>honest</th></tr></thead>
<tbody>
${body}
</tbody>
</table>
<h2>Challenge times</h2>
${challengeChart(rows)}
</body>
</html>
`;
}
