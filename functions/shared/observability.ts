/**
 * Powertools singletons and the one middy chain every handler uses (house-style.md: "a plain function plus one
 * `middy().use(...)` chain"). Service name and metrics namespace come from POWERTOOLS_SERVICE_NAME /
 * POWERTOOLS_METRICS_NAMESPACE (serverless.yml); tests set POWERTOOLS_DEV / POWERTOOLS_TRACE_ENABLED=false.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { LambdaContext } from './context.js';

const serviceName = 'org-access-scanner';

/** Structured JSON logs; handlers add `runId`, `accountId`, `region` keys per unit of work. */
export const logger = new Logger({ serviceName });
/** CloudWatch EMF metrics: AccountsScanned, Gaps, Findings{Severity}, DurationMs. */
export const metrics = new Metrics({ serviceName, namespace: 'OrgAccessScanner' });
/** X-Ray: the handler segment plus every SDK client passed through `tracer.captureAWSv3Client`. */
export const tracer = new Tracer({ serviceName });

export { MetricUnit };

/** A Lambda handler as the functions write it: a plain async function of the event. */
export type PlainHandler<E, R> = (event: E, context: LambdaContext) => Promise<R>;

/**
 * Wraps a handler with tracing, the Lambda context in every log line (keys reset between invocations, so one
 * account's keys never leak into the next), and metrics flushed at the end (with the cold-start metric).
 */
export function withObservability<E, R>(handler: PlainHandler<E, R>) {
  return middy(handler)
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}

/** Records how long a step took, in milliseconds. */
export function recordDuration(startedMs: number, nowMs: number): void {
  metrics.addMetric('DurationMs', MetricUnit.Milliseconds, Math.max(0, nowMs - startedMs));
}
