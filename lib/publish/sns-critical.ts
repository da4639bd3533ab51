/**
 * The extra SNS message for one new critical finding (pure), in the AWS Chatbot custom notification format and
 * threaded under the run's summary (`threadId` = the run id, as ./render-sns.ts explains).
 */
import type { ReportFinding } from '../findings/model.js';
import { findingLine, neutralise, shortSummary } from './sns-lines.js';
import { asciiSubject, safeLink } from './sns-wire.js';
import type { OutboundMessage, ReportDoc } from './types.js';

/** The extra message for one new critical finding (`kind` = `new-critical-finding`), threaded under the run summary. */
export function renderCriticalMessage(
  doc: Pick<ReportDoc, 'runId'>,
  f: ReportFinding,
  reportLocation?: string,
): OutboundMessage {
  const title = neutralise(`Critical: ${shortSummary(f)}`, 250);
  const link = safeLink(reportLocation);
  const description = [
    findingLine(f),
    `Account ${neutralise(f.resource.account)}, region ${neutralise(f.resource.region)}, ${f.source}, statements ${f.statements.map((x) => neutralise(x, 80)).join(', ') || 'none'}`,
    ...(link ? [`Report: ${link}`] : reportLocation ? [`Report: ${neutralise(reportLocation, 1024)}`] : []),
  ].join('\n');
  const body = {
    version: '1.0',
    source: 'custom',
    id: `${doc.runId}/${f.id}`,
    content: {
      textType: 'client-markdown',
      title,
      description,
      ...(link ? { nextSteps: [`Open the report: ${link}`] } : {}),
      keywords: ['critical', f.access, 'access-scan'],
    },
    metadata: {
      threadId: doc.runId,
      summary: title,
      eventType: 'AccessScanCriticalFinding',
      relatedResources: [neutralise(f.resource.arn, 2048)],
      additionalContext: { runId: doc.runId, findingId: f.id },
    },
  };
  return {
    message: JSON.stringify(body),
    subject: asciiSubject(title),
    attributes: { severity: 'critical', kind: 'new-critical-finding' },
  };
}
