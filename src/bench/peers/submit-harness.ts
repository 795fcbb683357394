import { randomUUID } from 'node:crypto';
import express from 'express';
import { connectStore } from '../../db/connection';
import { SubmissionModel } from '../../db/models/submission';
import { digestOf } from '../../domain/digest';
import { variablesOfSubmission } from '../../domain/form-variables';
import { runMain } from '../../lib/run-main';
import { recordAudit } from '../../platform/audit/record-audit';
import { validateSubmission } from '../../platform/forms/validate-submission';
import { benchSchemas } from './forms-fixtures';

/**
 * meritflow's submission path without the engine, behind HTTP like the Form.io server it is compared
 * with: what submitTask (src/server/tasks/submit-task.ts) does between finding the task and
 * completing it, i.e. validate against the schema, derive the process variables, store the
 * submission, append its audit entry. Left out: the task lookup and the case's pinned form (engine
 * and store reads), the case rules, the completion. `POST /submit/:form` with `{ data }`; 201 or 400.
 */
async function main(): Promise<void> {
  await connectStore(process.env.MONGODB_URI!);
  const schemas = await benchSchemas();
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.post('/submit/:form', async (req, res) => {
    const form = schemas.get(req.params.form);
    if (!form) { res.status(404).json({ error: 'no such form' }); return; }
    const data: unknown = req.body?.data;
    const result = validateSubmission(form.schema, data, 'en');
    if (!result.ok) { res.status(400).json({ problems: result.problems }); return; }
    const variables = variablesOfSubmission(form.schema, result.data);
    if (variables.problems.length > 0) { res.status(400).json({ problems: variables.problems }); return; }
    const taskId = randomUUID();
    const submission = (await SubmissionModel.create({
      _id: taskId, taskId, caseId: 'bench', processInstanceId: 'bench', taskDefinitionKey: form.key, formKey: form.key, formVersion: 1,
      data: result.data, dataDigest: digestOf(data), variables: variables.values, submittedBy: 'bench', submittedAt: new Date(),
    })).toObject();
    await recordAudit({
      eventId: `task:${taskId}:submission-stored`, actor: 'bench', action: 'submission.stored', subject: { type: 'task', id: taskId }, after: submission.data,
      details: { caseId: 'bench', formKey: form.key, formVersion: 1 },
    });
    res.status(201).json({ id: taskId });
  });
  const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`submit harness on ${process.env.PORT}`));
  process.on('SIGTERM', () => { server.close(); process.exit(0); });
}

runMain(main);
