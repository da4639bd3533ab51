/**
 * The JSONPath subset the Distributed Map's fields use in infra/state-machine.asl.json: `$` and `$.a.b` on the
 * state input, `$$.Map.Item.Value` / `$$.Map.Item.Index` on the context, and payload templates whose `"key.$"`
 * fields hold such paths ("Payload templates", Amazon States Language). Anything else throws, naming the path, so
 * a definition change the runner does not understand fails loudly instead of being run wrongly.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The value at a path; `$$.` paths read the context object. */
export function resolvePath(path: string, input: Json, context: Record<string, unknown>): Json {
  const m = /^(\$\$?)((?:\.[A-Za-z_][\w]*)*)$/.exec(path);
  if (!m) throw new Error(`runner: JSONPath \`${path}\` is not supported`);
  let value: unknown = m[1] === '$$' ? context : input;
  for (const part of m[2].split('.').slice(1)) {
    if (value === null || typeof value !== 'object' || !(part in (value as object))) {
      throw new Error(`runner: JSONPath \`${path}\` matches nothing (States.Runtime)`);
    }
    value = (value as Record<string, unknown>)[part];
  }
  return value as Json;
}

/** Evaluates a payload template: `"k.$": "<path>"` becomes `"k": <value>`; other values are copied. */
export function evaluateTemplate(template: Json, input: Json, context: Record<string, unknown>): Json {
  if (Array.isArray(template)) return template.map((t) => evaluateTemplate(t, input, context));
  if (template === null || typeof template !== 'object') return template;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(template)) {
    if (k.endsWith('.$')) out[k.slice(0, -2)] = resolvePath(String(v), input, context);
    else out[k] = evaluateTemplate(v, input, context);
  }
  return out;
}
