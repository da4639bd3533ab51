/**
 * The Lambda context as the handlers see it (the `aws-lambda` type package is not a dependency; this is the part
 * Powertools and the handlers read).
 */
export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
  done?: (error?: Error, result?: unknown) => void;
  fail?: (error: Error | string) => void;
  succeed?: (messageOrObject: unknown) => void;
}
