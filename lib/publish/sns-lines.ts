/**
 * The lines a run's message says about one finding (pure): severity and the plain-language summary, what changed,
 * the short summary titles use, and the order of the top slots. Policy-derived text is neutralised (./slack-text.ts).
 */
import { summarizeFinding } from '../findings/finding-words.js';
import type { ReportFinding } from '../findings/model.js';
import { SEVERITY_ORDER } from '../model/severity.js';
import { inertSlackText } from './slack-text.js';

const MAX_VALUE = 300;

/**
 * Makes untrusted text inert in Slack / Teams markdown (./slack-text.ts): no bidirectional controls, no bare links,
 * no mentions or markup, no line breaks; long values are cut on a character boundary.
 */
export function neutralise(text: string, max = MAX_VALUE): string {
  return inertSlackText(text, max);
}

/** Write / permissions before read, then severity: the order of the top slots. */
export function impact(f: ReportFinding): number {
  const writes = f.accessLevels.some((l) => l === 'Write' || l === 'Permissions management') ? 0 : 1;
  return SEVERITY_ORDER.indexOf(f.severity) * 2 + writes;
}

/** One line about a finding: severity and the plain-language summary. */
export function findingLine(f: ReportFinding): string {
  return `• [${f.severity}] ${neutralise(summarizeFinding(f), 600)}`;
}

/** What changed on a finding, compactly: `actions +ecr:PutImage -ecr:ListImages; severity high → critical`. */
export function changeText(f: ReportFinding): string {
  return (f.changes ?? [])
    .map((c) => {
      if (c.field === 'severity') return `severity ${c.before.join('')} → ${c.after.join('')}`;
      const added = c.after.filter((x) => !c.before.includes(x)).map((x) => `+${x}`);
      const removed = c.before.filter((x) => !c.after.includes(x)).map((x) => `-${x}`);
      return `${c.field} ${[...added, ...removed].join(' ')}`;
    })
    .join('; ');
}

/** One line about a changed finding: what it is now and what changed. */
export function changeLine(f: ReportFinding): string {
  return `${findingLine(f)} Changed: ${neutralise(changeText(f))} (seen since ${f.firstSeen.slice(0, 10)})`;
}

/** The summary without its parenthesised lists, for titles: "anyone, including anonymous callers, can write bucket x". */
export function shortSummary(f: ReportFinding): string {
  const text = summarizeFinding(f)
    .replace(/ \([^)]*\)/g, '')
    .replace(/\.$/, '');
  return text.charAt(0).toLowerCase() + text.slice(1);
}
