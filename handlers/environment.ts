/**
 * A variable the function's construct sets; read at module scope, so a misconfigured function
 * fails at cold start with a message that names the variable.
 */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `environment variable ${name} is not set (the construct that creates this function sets it)`,
    );
  }
  return value;
}
