import { definitionFromTemplate } from '../../../local/orchestration/asl-definition';

const template = (definitionString: unknown) => ({
  Resources: {
    Fn: { Type: 'AWS::Lambda::Function' },
    Topic: { Type: 'AWS::SNS::Topic' },
    Bucket: { Type: 'AWS::S3::Bucket' },
    Machine: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: definitionString } },
  },
});

describe('definitionFromTemplate', () => {
  test('stands in for references with names and well-formed ARNs', () => {
    const definition = definitionFromTemplate(
      template({
        'Fn::Join': [
          '',
          [
            '{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"',
            { 'Fn::GetAtt': ['Fn', 'Arn'] },
            '","Parameters":{"TopicArn":"',
            { Ref: 'Topic' },
            '","Root":"s3://',
            { Ref: 'Bucket' },
            '","Crawler":"arn:',
            { Ref: 'AWS::Partition' },
            ':glue:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':crawler/c"},"End":true}}}',
          ],
        ],
      }),
      'Machine',
      { region: 'eu-west-1' },
    );
    expect(definition.States.A).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:fn',
      Parameters: {
        TopicArn: 'arn:aws:sns:eu-west-1:123456789012:topic',
        Root: 's3://bucket',
        Crawler: 'arn:aws:glue:eu-west-1:123456789012:crawler/c',
      },
      End: true,
    });
  });

  test('reads a definition without references as it is', () => {
    expect(
      definitionFromTemplate(template('{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}'), 'Machine')
        .StartAt,
    ).toBe('A');
  });

  test('fails on a missing state machine, naming the ones there are', () => {
    expect(() => definitionFromTemplate(template('{}'), 'Other')).toThrow(
      /no state machine "Other" in the template \(state machines: Machine\)/,
    );
  });

  test('fails on a reference it cannot stand in for', () => {
    expect(() =>
      definitionFromTemplate(template({ 'Fn::Join': ['', [{ 'Fn::ImportValue': 'x' }]] }), 'Machine'),
    ).toThrow(/cannot stand in for \{"Fn::ImportValue":"x"\}/);
  });
});
