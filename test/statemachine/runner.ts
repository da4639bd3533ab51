/**
 * Runs the real state machine definition, `infra/state-machine.asl.json` (read from the file, with CloudFormation's
 * DefinitionSubstitutions applied), through aws-local-stepfunctions: Task, Choice, Succeed, Fail, Retry, Catch,
 * paths and the context object are its. Task states with `arn:aws:states:::lambda:invoke` call the handlers
 * in-process, as the Lambda integration would: the payload is JSON-serialised, a function error surfaces under its
 * `errorType` with the Lambda error JSON as cause, and the state's output is the integration's `{Payload, ...}`.
 * The Distributed Map, which that library does not run, is ./distributed-map.ts over the same definition.
 */
import { readFileSync } from 'node:fs';
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { runDistributedMap, validateDefinition, type MapS3 } from './distributed-map.js';
import type { Json } from './paths.js';

// aws-local-stepfunctions 3 declares Node >= 22 for Promise.withResolvers (ES2024); Node 20 runs it with this.
const P = Promise as unknown as { withResolvers?: () => unknown };
P.withResolvers ??= () => {
  let resolve!: (v: unknown) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

const DEFINITION_FILE = 'infra/state-machine.asl.json';
const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';

/** A Lambda handler as the functions export it. */
export type LambdaFn = (event: any, context: any) => Promise<unknown>;

export interface RunOptions {
  /** CloudFormation's DefinitionSubstitutions (function ARNs, bucket). */
  substitutions: Record<string, string>;
  /** Function ARN -> handler. */
  functions: Record<string, LambdaFn>;
  s3: MapS3;
  executionName: string;
  stateMachineArn: string;
  /** Every retry waits this long instead of IntervalSeconds x BackoffRate (the attempt counts are the definition's). */
  retryWaitMs?: number;
}

export interface ExecutionResult {
  status: 'SUCCEEDED' | 'FAILED';
  output?: Json;
  error?: string;
  cause?: string;
  /** Every Lambda invocation, in order: function ARN and payload. */
  invocations: Array<{ functionArn: string; payload: Json }>;
}

/** The definition file with `${Name}` substitutions applied, as CloudFormation deploys it. */
function loadDefinition(substitutions: Record<string, string>): StateMachineDefinition {
  const text = readFileSync(DEFINITION_FILE, 'utf8').replace(/\$\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in substitutions)) throw new Error(`runner: no substitution for \`${whole}\``);
    return substitutions[name];
  });
  return JSON.parse(text) as StateMachineDefinition;
}

function lambdaContext(functionArn: string): Record<string, unknown> {
  const deadline = Date.now() + 15 * 60_000;
  return {
    functionName: functionArn.split(':').pop(),
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn,
    memoryLimitInMB: '1024',
    awsRequestId: `req-${Math.random().toString(16).slice(2)}`,
    logGroupName: 'x',
    logStreamName: 'x',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

/** Task handlers and retry overrides for every state of a (sub-)definition. */
function overridesFor(definition: StateMachineDefinition, invoke: (input: Json) => Promise<Json>, retryWaitMs: number) {
  const taskResourceLocalHandlers: Record<string, (input: any) => Promise<any>> = {};
  const retryIntervalOverrides: Record<string, number> = {};
  for (const [name, state] of Object.entries(definition.States) as Array<[string, Record<string, any>]>) {
    if (state.Type === 'Task' && state.Resource === LAMBDA_INVOKE) taskResourceLocalHandlers[name] = invoke;
    if (state.Retry) retryIntervalOverrides[name] = retryWaitMs;
  }
  return { taskResourceLocalHandlers, retryIntervalOverrides };
}

/** Starts an execution of the definition file and waits for its end. */
export async function runExecution(input: Json, opts: RunOptions): Promise<ExecutionResult> {
  const definition = loadDefinition(opts.substitutions);
  validateDefinition(definition);
  const invocations: ExecutionResult['invocations'] = [];
  const invoke = async (params: Json): Promise<Json> => {
    const { FunctionName, Payload } = params as { FunctionName: string; Payload: Json };
    const fn = opts.functions[FunctionName];
    if (!fn) throw new Error(`runner: no function \`${FunctionName}\``);
    const payload = JSON.parse(JSON.stringify(Payload ?? null)) as Json;
    invocations.push({ functionArn: FunctionName, payload });
    let result: unknown;
    try {
      result = await fn(payload, lambdaContext(FunctionName));
    } catch (err) {
      const e = err as Error;
      const error = new Error(JSON.stringify({ errorType: e.name, errorMessage: e.message, trace: [] }));
      error.name = e.name || 'Error';
      throw error;
    }
    return { ExecutedVersion: '$LATEST', Payload: JSON.parse(JSON.stringify(result ?? null)) as Json, StatusCode: 200 };
  };
  const wait = opts.retryWaitMs ?? 0;
  const runChild = async (child: StateMachineDefinition, childInput: Json): Promise<Json> => {
    const execution = new StateMachine(child, { validationOptions: { checkArn: false } }).run(childInput as any, {
      overrides: overridesFor(child, invoke, wait),
    });
    return (await execution.result) as Json;
  };
  // Each Distributed Map becomes a Task whose local handler is the Map (same ResultPath, Catch, Next or End).
  const top = structuredClone(definition) as StateMachineDefinition;
  const overrides = overridesFor(definition, invoke, wait);
  for (const [name, state] of Object.entries(definition.States) as Array<[string, Record<string, any>]>) {
    if (state.Type !== 'Map' || state.ItemProcessor?.ProcessorConfig?.Mode !== 'DISTRIBUTED') continue;
    const {
      ItemReader,
      ItemSelector,
      ItemProcessor,
      ResultWriter,
      MaxConcurrencyPath,
      MaxConcurrency,
      ToleratedFailurePercentage,
      ToleratedFailureCount,
      Label,
      ...kept
    } = state;
    (top.States as Record<string, unknown>)[name] = {
      ...kept,
      Type: 'Task',
      Resource: 'arn:aws:states:::distributed-map',
      TimeoutSeconds: definition.TimeoutSeconds ?? 36000,
    };
    overrides.taskResourceLocalHandlers[name] = (mapInput: Json) =>
      runDistributedMap(state, mapInput, {
        stateName: name,
        stateMachineArn: opts.stateMachineArn,
        s3: opts.s3,
        runChild,
      });
  }
  const execution = new StateMachine(top, { validationOptions: { checkArn: false } }).run(input as any, {
    overrides,
    context: {
      Execution: {
        Name: opts.executionName,
        Id: `${opts.stateMachineArn.replace(':stateMachine:', ':execution:')}:${opts.executionName}`,
      },
    },
  });
  try {
    return { status: 'SUCCEEDED', output: (await execution.result) as Json, invocations };
  } catch (err) {
    if (!(err instanceof ExecutionError)) throw err;
    const cause = err.cause as Error;
    return { status: 'FAILED', error: cause.name, cause: cause.message, invocations };
  }
}
