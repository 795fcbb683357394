import type { ChildProcess } from 'node:child_process';
import { HttpUser, withoutText, type JsonResponse } from '../support/http-user';
import { goalApprovals } from '../support/inbox-fixtures';
import { startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';

/**
 * Each role of the demo bank against each inbox route, on the manager's own task (a goal approval of
 * the employee), another manager's task (out of scope) and the bulk approval. A refusal answers as
 * if the task did not exist, and its body names nobody.
 */
const ROW_USERS: Record<string, string | null> = {
  employee: 'cb.rm04', manager: 'cb.head', 'other-manager': 'wm.head', hrbp: 'hrbp', hr: 'hr.analyst', 'process-owner': 'owner',
  'risk-officer': 'risk.officer', 'compliance-officer': 'cmp.officer1', 'comp-committee': 'ceo', auditor: 'auditor', admin: 'admin', anonymous: null,
};

let stack: TestStack;
let worker: ChildProcess;
const users: Record<string, HttpUser> = {};
/** own: cb.head's goal approval of cb.rm04; other: wm.head's goal approval of wm.adviser02. */
const tasks = { own: '', other: '' };
const secrets: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('access-inbox');
  for (const [row, username] of Object.entries(ROW_USERS)) users[row] = username ? await HttpUser.signIn(stack.baseUrl, username) : new HttpUser(stack.baseUrl, 'anonymous');
  const hr = await HttpUser.signIn(stack.baseUrl, 'hr');
  const adviser = await HttpUser.signIn(stack.baseUrl, 'wm.adviser02');
  const [own, other] = await Promise.all([
    goalApprovals(hr, users.manager!, [users.employee!], 'acc-inbox'),
    goalApprovals(hr, users['other-manager']!, [adviser], 'acc-inbox-wm'),
  ]);
  tasks.own = own.taskIds[0]!;
  tasks.other = other.taskIds[0]!;
  secrets.push(users.employee!.id, adviser.id, own.cycle, other.cycle, 'goalApproval');
}, 240_000);

afterAll(async () => {
  await stopWorker(worker);
  await stack?.close();
});

type Cell = number;
interface Column { name: string; send: (u: HttpUser) => Promise<JsonResponse>; allow: Record<string, Cell>; deny: Cell }

// Columns run in this order; the bulk approval, which completes the manager's task, runs last.
const columns: Column[] = [
  { name: 'inbox', send: (u) => u.get('/api/inbox'), allow: Object.fromEntries(Object.keys(ROW_USERS).filter((r) => r !== 'anonymous').map((r) => [r, 200])), deny: 401 },
  { name: 'comment own', send: (u) => u.post(`/api/tasks/${tasks.own}/comments`, { text: 'Matrix' }), allow: { manager: 201 }, deny: 404 },
  { name: 'comment other', send: (u) => u.post(`/api/tasks/${tasks.other}/comments`, { text: 'Matrix' }), allow: { 'other-manager': 201 }, deny: 404 },
  // Assigned by the flow: its own assignee gets the reason it cannot be given back.
  { name: 'unclaim own', send: (u) => u.post(`/api/tasks/${tasks.own}/unclaim`, {}), allow: { manager: 403 }, deny: 404 },
  // The case's own subject is never a delegate: the assignee gets the rule, nobody else learns the task exists.
  { name: 'delegate own', send: (u) => u.post(`/api/tasks/${tasks.own}/delegate`, { personId: users.employee!.id }), allow: { manager: 400 }, deny: 404 },
  { name: 'delegate other', send: (u) => u.post(`/api/tasks/${tasks.other}/delegate`, { personId: users.manager!.id }), allow: { 'other-manager': 400 }, deny: 404 },
  { name: 'bulk own', send: (u) => u.post('/api/tasks/bulk-approval', { taskIds: [tasks.own] }), allow: { manager: 200 }, deny: 422 },
];

test.each(columns.map((c) => [c.name, c] as const))('%s: each role gets its cell', async (_name, column) => {
  const seen: Record<string, number> = {};
  const expected: Record<string, number> = {};
  // The manager's cell last in the bulk column: the others try while the task is still open.
  const rows = Object.keys(ROW_USERS).sort((a, b) => Number(a === 'manager') - Number(b === 'manager'));
  for (const row of rows) {
    const response = await column.send(users[row]!);
    seen[row] = response.status;
    expected[row] = row === 'anonymous' ? 401 : column.allow[row] ?? column.deny;
    if (response.status >= 400) {
      const body = JSON.stringify(response.body);
      for (const secret of secrets) expect(body).not.toContain(secret);
      if (response.status === 404) expect(withoutText(response.body)).toEqual({ error: 'task not found' });
    }
    if (column.name === 'bulk own' && row !== 'manager' && row !== 'anonymous') {
      expect(response.body.results.map(withoutText)).toEqual([{ taskId: tasks.own, approved: false, error: 'task not found' }]);
    }
  }
  expect(seen).toEqual(expected);
});

test('the inbox lists only what is each person\'s: the own task for the manager, neither for anyone else', async () => {
  for (const [row, user] of Object.entries(users)) {
    if (row === 'anonymous') continue;
    const ids = (await user.get('/api/inbox')).body.items.map((i: { id: string }) => i.id);
    if (row !== 'other-manager') expect(ids.includes(tasks.other)).toBe(false);
    if (row !== 'manager') expect(ids.includes(tasks.own)).toBe(false);
  }
  const otherIds = (await users['other-manager']!.get('/api/inbox')).body.items.map((i: { id: string }) => i.id);
  expect(otherIds).toContain(tasks.other);
});
