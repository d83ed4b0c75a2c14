/** A variable the PipelineFunctions construct sets; a clear error when a handler runs without it. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`environment variable ${name} is not set (the PipelineFunctions construct sets it)`);
  return value;
}
