/** A UNIQUE table of a test's own under `decisionId`: is a proposed raise (minor units) one for the committee? */
export function raiseTable(decisionId: string, threshold: number, extraRule = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:camunda="http://camunda.org/schema/1.0/dmn" id="${decisionId}-definitions" name="Raise" namespace="https://meritflow.example/test">
  <decision id="${decisionId}" name="Committee for a raise" camunda:historyTimeToLive="P30D">
    <decisionTable id="table" hitPolicy="UNIQUE">
      <input id="raise" label="Raise"><inputExpression id="raise-expression" typeRef="number"><text>raiseMinor</text></inputExpression></input>
      <output id="committee" label="Committee" name="committee" typeRef="boolean" />
      <rule id="small"><inputEntry id="small-in"><text>&lt;= ${threshold}</text></inputEntry><outputEntry id="small-out"><text>false</text></outputEntry></rule>
      <rule id="large"><inputEntry id="large-in"><text>&gt; ${threshold}</text></inputEntry><outputEntry id="large-out"><text>true</text></outputEntry></rule>${extraRule}
    </decisionTable>
  </decision>
</definitions>
`;
}
