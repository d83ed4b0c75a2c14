// asl-validator ships JavaScript only; this declares the part of its API the ASL check uses
// (dist/src/validator.js of the pinned version).
declare module 'asl-validator' {
  interface AslValidatorOptions {
    readonly checkPaths: boolean;
    readonly checkArn: boolean;
  }
  interface AslValidationResult {
    readonly isValid: boolean;
    readonly errors: readonly { readonly 'Error code': string; readonly Message: string }[];
    errorsText(separator?: string): string;
  }
  function aslValidator(definition: unknown, options?: AslValidatorOptions): AslValidationResult;
  export = aslValidator;
}
