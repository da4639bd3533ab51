/**
 * A Lambda-shaped invocation for handler tests: a context like the one Lambda passes, and a helper that sets
 * the function environment for the duration of a test file and restores it afterwards.
 */
import type { LambdaContext } from '../../functions/shared/context.js';

/** A context as Lambda builds it for one invocation. */
export function lambdaContext(functionName: string, requestId = 'c0ffee00-0000-4000-8000-000000000001'): LambdaContext {
  const deadline = Date.now() + 60_000;
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:111111111111:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/22/[$LATEST]0123456789abcdef',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

/** Sets environment variables; returns a function that puts the previous values back. */
export function setEnv(values: Record<string, string>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  Object.assign(process.env, values);
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
