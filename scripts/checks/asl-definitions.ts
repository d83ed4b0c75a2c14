/**
 * ASL check: every AWS::StepFunctions::StateMachine of the synthesized templates has a
 * definition that validates against the Amazon States Language schema (asl-validator, with its
 * JSONPath and ARN checks), after its CloudFormation references are replaced by stand-ins.
 *
 * Usage: tsx scripts/checks/asl-definitions.ts TEMPLATE_OR_CDK_OUT_FOLDER...
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import aslValidator from 'asl-validator';
import { definitionFromTemplate } from '../../local/orchestration/asl-definition';

type CfnTemplate = Parameters<typeof definitionFromTemplate>[0];

export interface StateMachineResult {
  readonly logicalId: string;
  /** Empty when the definition is valid. */
  readonly errors: readonly string[];
}

/** Validates each state machine of `template`. */
export function validateStateMachines(template: CfnTemplate): StateMachineResult[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::StepFunctions::StateMachine')
    .map(([logicalId]) => ({ logicalId, errors: definitionErrors(template, logicalId) }));
}

function definitionErrors(template: CfnTemplate, logicalId: string): string[] {
  let definition: unknown;
  try {
    definition = definitionFromTemplate(template, logicalId);
  } catch (error) {
    return [`cannot render the definition: ${(error as Error).message}`];
  }
  const result = aslValidator(definition, { checkPaths: true, checkArn: true });
  return result.errors.map((error) => `${error['Error code']}: ${error.Message}`);
}

/** The templates named, or each `*.template.json` of the folders named. */
export function templateFiles(sources: readonly string[]): string[] {
  return sources.flatMap((source) =>
    statSync(source).isDirectory()
      ? readdirSync(source)
          .filter((file) => file.endsWith('.template.json'))
          .sort()
          .map((file) => join(source, file))
      : [source],
  );
}

function main(sources: readonly string[]): number {
  const files = templateFiles(sources);
  let machines = 0;
  let invalid = 0;
  for (const file of files) {
    const template = JSON.parse(readFileSync(file, 'utf8')) as CfnTemplate;
    for (const { logicalId, errors } of validateStateMachines(template)) {
      machines += 1;
      if (errors.length > 0) invalid += 1;
      for (const error of errors) console.log(`FAIL ${basename(file)}: ${logicalId}: ${error}`);
    }
  }
  console.log(`asl: ${files.length} templates, ${machines} state machines, ${invalid} invalid`);
  return files.length > 0 && machines > 0 && invalid === 0 ? 0 : 1;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
