/**
 * The demo points the AWS SDK at its sandbox through the environment, in this process only, and puts it back after.
 */

/** Sets the SDK's environment for this process and returns a function restoring the previous values. */
export function pointSdkAt(env: Record<string, string>): () => void {
  const touched = [
    ...Object.keys(env),
    'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
    'AWS_PROFILE',
    'AWS_SESSION_TOKEN',
  ];
  const saved = Object.fromEntries(touched.map((k) => [k, process.env[k]]));
  Object.assign(process.env, env, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
  // A profile or session token from the user's shell must not leak into the sandbox's dummy credentials.
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
