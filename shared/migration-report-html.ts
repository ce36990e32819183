/**
 * The readiness report as a self-contained HTML page, for the audit file: inline CSS, no script, no external
 * resource (no link, image, font or stylesheet to fetch), so it opens the same offline and years later.
 *
 * Printing: `@page` sets only the margin, never a size, so the same page prints on A4 and Letter; tables use the
 * full printable width with fixed layout and wrap long ids anywhere, break between rows and never inside one, and
 * repeat their header row on each printed page.
 *
 * Every text in the view comes from the site (labels, names, ids) or from the admin (tick notes), so every one is
 * escaped: the `markup` template below escapes each interpolated value unless it is already a `Markup` fragment
 * built the same way. (The tag is not named `html` on purpose: Prettier would reformat such templates as HTML and
 * change the page.) The view holds no secret, and neither does the page.
 */
import { countText, groupedNumber } from './count-text.js';
import type { LegacyEntry, MigrationStep, MigrationView } from './migration.js';
import { PHASE_TEXT, RESPONSIBLE_TEXT } from './migration.js';

/** A fragment of markup that is already safe (built by `markup`). */
class Markup {
  constructor(readonly text: string) {}
}

type Value = string | number | Markup | readonly Markup[];

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function piece(value: Value): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map((item: Markup) => item.text).join('\n');
  return escapeHtml(String(value));
}

/** Markup with every interpolated value escaped, unless it is a `Markup` fragment (or a list of them). */
function markup(strings: TemplateStringsArray, ...values: Value[]): Markup {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += piece(value) + (strings[index + 1] ?? '');
  });
  return new Markup(text);
}

const NONE = new Markup('');
const DASH = '\u2014';

/** An ISO time as "2026-11-26 10:00 UTC"; the text itself (escaped by the caller) where it is not a time. */
function when(value: string | null, none = DASH): string {
  if (value === null) return none;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return value;
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The UTC day of an ISO time, for narrow columns. */
function day(value: string | null): string {
  return value === null ? 'Never' : when(value).slice(0, 10);
}

const STATE_TEXT: Readonly<Record<MigrationStep['state'], string>> = {
  done: 'Done',
  pending: 'Pending',
  'not-applicable': 'Not applicable',
};

function stateText(step: MigrationStep): string {
  if (step.state !== 'done') return STATE_TEXT[step.state];
  return step.source === 'manual' ? 'Done (ticked by hand)' : 'Done (site data)';
}

function ownerKind(entry: LegacyEntry): string {
  return entry.owner.kind === 'device' ? `Device (${entry.deviceType ?? 'type unknown'})` : 'User';
}

function tickCell(step: MigrationStep): Markup {
  if (!step.manual) return markup`${DASH}`;
  const { note, actor, time } = step.manual;
  return markup`<span class="note">${note}</span><br><span class="muted">by ${actor}, ${when(time)}</span>`;
}

function stepsTable(entry: LegacyEntry): Markup {
  const rows = entry.steps.map(
    (step) =>
      markup`<tr class="state-${step.state}"><td>${step.step}. ${step.title}</td><td>${stateText(step)}</td><td>${step.evidence}</td><td>${tickCell(step)}</td></tr>`,
  );
  return markup`<table class="steps">
<colgroup><col class="c-step"><col class="c-state"><col class="c-evidence"><col class="c-tick"></colgroup>
<thead><tr><th>Step</th><th>State</th><th>Evidence</th><th>Manual tick (note, who, when)</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function facts(pairs: ReadonlyArray<readonly [string, Value]>): Markup {
  const items = pairs.map(([term, value]) => markup`<div><dt>${term}</dt><dd>${value}</dd></div>`);
  return markup`<dl class="facts">
${items}
</dl>`;
}

function keyBlock(entry: LegacyEntry, index: number): Markup {
  const lastUse =
    entry.lastUsed === null
      ? 'Never used'
      : `${when(entry.lastUsed)}${entry.quietForDays === null ? '' : ` (${countText(entry.quietForDays, 'day')} ago)`}`;
  const details: Array<readonly [string, Value]> = [
    ['Owner', markup`${entry.owner.name} <span class="muted">(${entry.owner.id})</span>`],
    ['Kind', ownerKind(entry)],
    ['Owner disabled', entry.owner.disabled ? 'Yes: nothing can use this key' : 'No'],
    ['Responsible', RESPONSIBLE_TEXT[entry.responsible]],
    ['Created', when(entry.created, 'Not reported')],
    ['Last used', lastUse],
    ['Phase', PHASE_TEXT[entry.phase]],
    ['Next', entry.next],
  ];
  const replacement = entry.replacement;
  if (replacement) {
    const used = replacement.lastUsed === null ? 'never used yet' : `last used ${when(replacement.lastUsed)}`;
    details.push([
      'New key',
      `"${replacement.label}" (${replacement.keyId}), created ${when(replacement.created, 'on an unknown day')}, ${used}`,
    ]);
  }
  if (entry.isAppKey) details.push(['Note', 'Keywarden itself is connected with this key.']);
  if (entry.deletedAt) details.push(['Gone since', when(entry.deletedAt)]);
  return markup`<section class="key">
<h3><span class="muted">${index}.</span> ${entry.label} <code>${entry.keyId}</code></h3>
${facts(details)}
${stepsTable(entry)}
</section>`;
}

function keyOverview(entries: readonly LegacyEntry[], offset: number): Markup {
  const rows = entries.map(
    (entry, i) =>
      markup`<tr><td>${offset + i + 1}</td><td><code>${entry.keyId}</code></td><td>${entry.owner.name}</td><td>${ownerKind(entry)}</td><td>${entry.owner.disabled ? 'Yes' : 'No'}</td><td>${RESPONSIBLE_TEXT[entry.responsible]}</td><td>${day(entry.lastUsed)}</td><td>${PHASE_TEXT[entry.phase]}</td></tr>`,
  );
  return markup`<table class="overview">
<colgroup><col class="c-n"><col class="c-id"><col class="c-owner"><col class="c-kind"><col class="c-dis"><col class="c-resp"><col class="c-used"><col class="c-phase"></colgroup>
<thead><tr><th>#</th><th>Key</th><th>Owner</th><th>Kind</th><th>Disabled</th><th>Responsible</th><th>Last used</th><th>Phase</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function keySection(entries: readonly LegacyEntry[], offset: number, empty: string): Markup {
  if (entries.length === 0) return markup`<p>${empty}</p>`;
  return markup`${keyOverview(entries, offset)}
${entries.map((entry, i) => keyBlock(entry, offset + i + 1))}`;
}

const STYLE = new Markup(`
@page { margin: 15mm; }
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; color: #111; background: #fff;
  font: 10.5pt/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 17pt; margin: 0 0 .25rem; }
h2 { font-size: 13pt; margin: 1.4rem 0 .5rem; border-bottom: 1px solid #999; padding-bottom: .15rem; }
h3 { font-size: 11pt; margin: 1.1rem 0 .4rem; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; overflow-wrap: anywhere; }
p, li, dd, td, th, code { overflow-wrap: anywhere; word-break: break-word; }
p, li { orphans: 3; widows: 3; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; }
.muted { color: #555; }
.site { margin: 0 0 .75rem; font-size: 11pt; overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: .2rem 1rem; margin: .5rem 0; }
dl.facts div { min-width: 0; break-inside: avoid; page-break-inside: avoid; }
dl.facts dt { font-weight: 600; font-size: 9pt; color: #444; }
dl.facts dd { margin: 0; }
.verdict { border: 2px solid; padding: .5rem .75rem; margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
.verdict h2 { border: 0; margin: 0; font-size: 15pt; }
.verdict p { margin: .25rem 0 0; }
.ready { border-color: #1b5e20; background: #e8f5e9; }
.not-ready { border-color: #b71c1c; background: #ffebee; }
.notice { border-left: 4px solid #e65100; background: #fff3e0; padding: .4rem .6rem; margin: .75rem 0; }
ol.blockers li { margin: .15rem 0; break-inside: avoid; page-break-inside: avoid; }
table { width: 100%; max-width: 100%; table-layout: fixed; border-collapse: collapse; margin: .4rem 0 .8rem; font-size: 9pt; }
thead { display: table-header-group; }
tr, td, th { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: .25rem .35rem; text-align: left; vertical-align: top; }
th { background: #eee; font-weight: 600; font-size: 8pt; word-break: normal; overflow-wrap: break-word; }
col.c-n { width: 4%; } col.c-id { width: 18%; } col.c-owner { width: 15%; } col.c-kind { width: 13%; }
col.c-dis { width: 10%; } col.c-resp { width: 13%; } col.c-used { width: 13%; } col.c-phase { width: 14%; }
col.c-step { width: 22%; } col.c-state { width: 13%; } col.c-evidence { width: 40%; } col.c-tick { width: 25%; }
tr.state-done td:nth-child(2) { color: #1b5e20; font-weight: 600; }
tr.state-pending td:nth-child(2) { color: #b71c1c; font-weight: 600; }
section.key { border-top: 1px solid #ddd; }
footer { margin-top: 2rem; font-size: 9pt; color: #555; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  .verdict, .notice, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`);

/** The readiness report as one self-contained, printable HTML page. */
export function readinessHtml(view: MigrationView): string {
  const { site, forecast, settings } = view;
  const verdictText = view.ready
    ? view.keys.length === 0
      ? 'No legacy key is left on the site.'
      : `No blocker is left. ${countText(view.keys.length, 'legacy key')} of disabled owners remain: nothing can use them, but delete them.`
    : `${countText(view.blockers.length, 'blocker')} must be cleared before the upgrade to 19.0.`;
  const upgraded = view.upgraded
    ? markup`<p><strong>Site already on 19.0</strong> (release ${site.release ?? 'unknown'}): its remaining legacy keys are rejected now.</p>`
    : NONE;
  const blockerItems = view.blockers.map(
    (blocker) =>
      markup`<li>${blocker.message}${blocker.keyId === null ? NONE : markup` <span class="muted">(key <code>${blocker.keyId}</code>)</span>`}</li>`,
  );
  const blockers =
    view.blockers.length === 0
      ? markup`<p>None.</p>`
      : markup`<ol class="blockers">
${blockerItems}
</ol>`;
  const checked = view.userKeysChecked;
  const coverage = view.userKeysVisible
    ? NONE
    : checked
      ? markup`<p class="notice">This site does not list other users' keys, so their legacy keys cannot be in this report. ${checked.actor} recorded on ${checked.time} that every user has replaced theirs: “${checked.note}”</p>`
      : markup`<p class="notice">This site does not list other users' keys, so their legacy keys cannot be in this report: only device keys and the connected admin's own keys are. Ask each user to check their keys on their Flywheel profile.</p>`;
  const forecastFacts = facts([
    ['Planned upgrade', forecast.upgradeDate ?? 'Not set'],
    ['Days left', forecast.daysLeft === null ? DASH : groupedNumber(forecast.daysLeft)],
    ['Legacy keys remaining', groupedNumber(forecast.remaining)],
    ['Retired so far', groupedNumber(forecast.retired)],
    ['Retired per week', forecast.ratePerWeek === null ? DASH : groupedNumber(forecast.ratePerWeek)],
    ['Needed per week', forecast.neededPerWeek === null ? DASH : groupedNumber(forecast.neededPerWeek)],
    ['Projected done', forecast.projectedDone ?? DASH],
    ['On track', forecast.onTrack === null ? 'Cannot tell yet' : forecast.onTrack ? 'Yes' : 'No'],
  ]);

  return markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Keywarden">
<title>Flywheel 19.0 readiness: ${site.name}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Flywheel 19.0 readiness report</h1>
<p class="site"><strong>${site.name}</strong> <span class="muted">${DASH}</span> ${site.origin}</p>
${facts([
  ['Site release', site.release ?? 'Not reported'],
  ['Data fetched', when(view.dataFetchedAt)],
  ['Report generated', when(view.generatedAt)],
  ['Quiet days required (step 3)', groupedNumber(settings.quietDays)],
  ['Planned upgrade date', settings.upgradeDate ?? 'Not set'],
])}
</header>
<main>
<section class="verdict ${view.ready ? 'ready' : 'not-ready'}">
<h2>${view.ready ? 'Ready' : 'Not ready'}</h2>
<p>${verdictText}</p>
${upgraded}
</section>
${coverage}
<section>
<h2>Blockers (${groupedNumber(view.blockers.length)})</h2>
${blockers}
</section>
<section>
<h2>Countdown and forecast</h2>
<p>${forecast.summary}</p>
${forecastFacts}
</section>
<section>
<h2>Legacy keys on the site (${groupedNumber(view.keys.length)})</h2>
${keySection(view.keys, 0, 'None: no legacy key is on the site.')}
</section>
<section>
<h2>Deleted legacy keys (${groupedNumber(view.deleted.length)})</h2>
${keySection(view.deleted, view.keys.length, 'None seen deleted yet.')}
</section>
</main>
<footer>
<p>Generated by Keywarden from the site's data of ${when(view.dataFetchedAt)}. A step is done only where the site's data proves it or an admin ticked it by hand with a note. The report holds no key secret.</p>
</footer>
</body>
</html>
`.text;
}
