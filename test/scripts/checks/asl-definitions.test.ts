import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { templateFiles, validateStateMachines } from '../../../scripts/checks/asl-definitions';

/** A template with one state machine whose DefinitionString is `definition`, as the CDK writes it. */
const template = (definition: unknown) => ({
  Resources: {
    Fn: { Type: 'AWS::Lambda::Function' },
    Machine: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: definition } },
  },
});

const invokeThen = (next: string) => ({
  'Fn::Join': [
    '',
    [
      '{"StartAt":"Invoke","States":{"Invoke":{"Type":"Task","Resource":"',
      { 'Fn::GetAtt': ['Fn', 'Arn'] },
      `","Next":"${next}"},"Done":{"Type":"Succeed"}}}`,
    ],
  ],
});

describe('validateStateMachines', () => {
  test('passes a definition whose references render to well-formed ARNs', () => {
    expect(validateStateMachines(template(invokeThen('Done')))).toEqual([
      { logicalId: 'Machine', errors: [] },
    ]);
  });

  test('fails on a transition to a state that does not exist', () => {
    const [{ errors }] = validateStateMachines(template(invokeThen('Missing')));
    expect(errors.join('\n')).toMatch(/MISSING_TRANSITION_TARGET/);
  });

  test('fails on a Wait state without a duration', () => {
    const definition = '{"StartAt":"Wait","States":{"Wait":{"Type":"Wait","End":true}}}';
    expect(validateStateMachines(template(definition))[0].errors).toEqual([
      expect.stringMatching(/^WAIT_DURATION: State "Wait" MUST contain exactly one of "Seconds"/),
    ]);
  });

  test('fails on a Task whose Resource is not an ARN', () => {
    const definition =
      '{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"load-warehouse","End":true}}}';
    expect(validateStateMachines(template(definition))[0].errors).toEqual([
      expect.stringMatching(/^SCHEMA_VALIDATION_FAILED: \/States\/T\/Resource is invalid/),
    ]);
  });

  test('fails on a reference it cannot stand in for, naming it', () => {
    const [{ errors }] = validateStateMachines(template({ 'Fn::Sub': '{"StartAt":"${Start}"}' }));
    expect(errors).toEqual([
      expect.stringMatching(/cannot render the definition: cannot stand in for .*Fn::Sub/),
    ]);
  });

  test('finds no state machine in a template without one', () => {
    expect(validateStateMachines({ Resources: { Fn: { Type: 'AWS::Lambda::Function' } } })).toEqual([]);
  });
});

describe('templateFiles', () => {
  test('lists the templates of a cdk.out folder, sorted, and keeps the files named', () => {
    const out = mkdtempSync(join(tmpdir(), 'cdk.out-'));
    const named = join(mkdtempSync(join(tmpdir(), 'named-')), 'X.template.json');
    for (const file of [
      join(out, 'B.template.json'),
      join(out, 'A.template.json'),
      join(out, 'manifest.json'),
      named,
    ]) {
      writeFileSync(file, '{}');
    }
    expect(templateFiles([out, named])).toEqual([
      join(out, 'A.template.json'),
      join(out, 'B.template.json'),
      named,
    ]);
  });
});
