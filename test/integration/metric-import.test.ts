import ExcelJS from 'exceljs';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { CompensationModel } from '../../src/db/models/compensation';
import { ComplianceEventModel, complianceEventId } from '../../src/db/models/compliance-event';
import { MetricModel, metricId } from '../../src/db/models/metric';
import { PersonModel } from '../../src/db/models/person';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { createPerson } from '../support/fixtures';
import { HttpUser } from '../support/http-user';
import { startTestStack, uniqueCycle, type TestStack } from '../support/stack';
import { readWorkbook, sheetRecords } from '../support/workbook';

/**
 * Imports as the people who do them: HR sends business figures, the risk officer risk figures (as a
 * CSV export), compliance officers events, HR pay. Each import is all or nothing, a re-import
 * changes nothing and says so, every record names its source, each batch is one audit entry.
 */
let stack: TestStack;
let hr: HttpUser;
let riskOfficer: HttpUser;
let complianceOfficer: HttpUser;
let employee: HttpUser;
let auditor: HttpUser;
const cycle = uniqueCycle('import');
const fixtureIds: string[] = [];

beforeAll(async () => {
  // High limits: a 10,000-row import and a few dozen probes are not a flood.
  stack = await startTestStack({ rateLimits: { writesPerUser: 10_000 } });
  [hr, riskOfficer, complianceOfficer, employee, auditor] = await HttpUser.signInAll(stack.baseUrl, ['hr', 'risk.officer', 'cmp.officer1', 'cb.rm01', 'auditor']);
}, 120_000);

afterAll(async () => {
  await PersonModel.deleteMany({ _id: { $in: fixtureIds } });
  await stack?.close();
});

const metricsOf = (c: string) => MetricModel.find({ cycle: c }).lean();
const auditOf = (batchId: string) => AuditEntryModel.find({ 'subject.id': batchId }).lean();

describe('metrics by JSON', () => {
  const records = () => [
    { cycle, scope: { type: 'unit', id: 'CB' }, key: 'revenueMinor', value: 120_000_000 },
    { cycle, scope: { type: 'unit', id: 'CB' }, key: 'costsMinor', value: 45_000_000 },
    { cycle, scope: { type: 'unit', id: 'WM' }, key: 'revenueMinor', value: 80_000_000 },
    { cycle, scope: { type: 'person', id: 'E0000' }, key: 'goalAchievementPercent', value: 104.5 },
  ];
  let firstBatch = '';

  it('HR imports business figures: created, each with its source, one audit entry for the batch', async () => {
    const person = await PersonModel.findOne({ username: 'cb.rm01' }).lean();
    const rows = records().map((r) => (r.scope.type === 'person' ? { ...r, scope: { type: 'person', id: person!._id } } : r));
    const response = await hr.post('/api/metrics', { source: { system: 'gl', reference: 'GL-2026-Q4.xlsx' }, records: rows });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ kind: 'metrics', received: 4, created: 4, updated: 0, unchanged: 0, source: { system: 'gl', reference: 'GL-2026-Q4.xlsx' } });
    firstBatch = response.body.batchId;

    const stored = await MetricModel.findById(metricId(cycle, { type: 'unit', id: 'CB' }, 'revenueMinor')).lean();
    expect(stored).toMatchObject({ value: 120_000_000, source: { system: 'gl', reference: 'GL-2026-Q4.xlsx', importedBy: hr.id, batchId: firstBatch } });
    const audit = await auditOf(firstBatch);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: hr.id, action: 'import.metrics', details: { created: 4, updated: 0, unchanged: 0, received: 4, inputDigest: response.body.digest } });
  });

  it('a re-import of the same figures changes nothing and says so; the records keep their first batch', async () => {
    const person = await PersonModel.findOne({ username: 'cb.rm01' }).lean();
    const rows = records().map((r) => (r.scope.type === 'person' ? { ...r, scope: { type: 'person', id: person!._id } } : r));
    const again = await hr.post('/api/metrics', { source: { system: 'gl', reference: 'GL-2026-Q4.xlsx' }, records: rows });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
    expect((await MetricModel.findById(metricId(cycle, { type: 'unit', id: 'CB' }, 'costsMinor')).lean())!.source.batchId).toBe(firstBatch);

    rows[1]!.value = 46_000_000;
    const corrected = await hr.post('/api/metrics', { source: { system: 'gl', reference: 'GL-2026-Q4-v2.xlsx' }, records: rows });
    expect(corrected.body).toMatchObject({ created: 0, updated: 4, unchanged: 0 });
    expect(await MetricModel.findById(metricId(cycle, { type: 'unit', id: 'CB' }, 'costsMinor')).lean())
      .toMatchObject({ value: 46_000_000, source: { reference: 'GL-2026-Q4-v2.xlsx', batchId: corrected.body.batchId } });
    expect(await metricsOf(cycle)).toHaveLength(4);
  });

  it('one bad record refuses the whole import, naming each problem by record and field', async () => {
    const badCycle = uniqueCycle('import-bad');
    const response = await hr.post('/api/metrics', {
      source: { system: 'gl' },
      records: [
        { cycle: badCycle, scope: { type: 'unit', id: 'CB' }, key: 'revenueMinor', value: 1 },
        { cycle: badCycle, scope: { type: 'unit', id: 'CB' }, key: 'costsMinor', value: 'a lot' },
        { cycle: badCycle, scope: { type: 'unit', id: 'NOPE' }, key: 'revenueMinor', value: 2 },
        { cycle: badCycle, scope: { type: 'unit', id: 'WM' }, key: 'happiness', value: 3 },
        { cycle: badCycle, scope: { type: 'unit', id: 'WM' }, key: 'revenueMinor', value: 12.5 },
        { cycle: badCycle, scope: { type: 'unit', id: 'CB' }, key: 'revenueMinor', value: 1 },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.problems.map((p: { field: string; code: string }) => `${p.field} ${p.code}`)).toEqual([
      'records[1].value type',
      'records[2].scope.id unknown',
      'records[3].key unknown',
      'records[4].value integer',
      'records[5] duplicate',
    ]);
    expect(await metricsOf(badCycle)).toHaveLength(0);
  });

  it('the risk officer may not send business figures, and someone who imports nothing gets a 403', async () => {
    const riskCycle = uniqueCycle('import-role');
    const mixed = await riskOfficer.post('/api/metrics', {
      source: { system: 'risk-engine' },
      records: [
        { cycle: riskCycle, scope: { type: 'unit', id: 'CB' }, key: 'expectedLossMinor', value: 1 },
        { cycle: riskCycle, scope: { type: 'unit', id: 'CB' }, key: 'revenueMinor', value: 1 },
      ],
    });
    expect(mixed.status).toBe(403);
    expect(mixed.body.problems).toEqual([expect.objectContaining({ field: 'records[1]', code: 'forbidden' })]);
    for (const user of [employee, auditor]) {
      const response = await user.post('/api/metrics', { source: { system: 'x' }, records: [{ cycle: riskCycle, scope: { type: 'unit', id: 'CB' }, key: 'revenueMinor', value: 1 }] });
      expect(response.status).toBe(403);
    }
    expect(await metricsOf(riskCycle)).toHaveLength(0);
  });
});

describe('metrics by CSV', () => {
  it('the risk officer sends the risk system\'s export as it is: BOM, CRLF, quoted fields', async () => {
    const csvCycle = uniqueCycle('import-csv');
    const csv = `\uFEFFcycle,scopeType,scopeId,key,value\r\n${csvCycle},unit,CB,expectedLossMinor,"3000000"\r\n\r\n${csvCycle},unit,"CB",economicCapitalMinor,90000000\r\n${csvCycle},unit,WM,loansTotalMinor,5e8\r\n`;
    const response = await riskOfficer.post('/api/metrics', { source: { system: 'risk-engine', reference: 'el-export.csv' }, csv });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ received: 3, created: 3 });
    expect((await metricsOf(csvCycle)).map((m) => [m.scope.id, m.key, m.value]).sort()).toEqual([
      ['CB', 'economicCapitalMinor', 90_000_000], ['CB', 'expectedLossMinor', 3_000_000], ['WM', 'loansTotalMinor', 500_000_000],
    ]);
    expect((await riskOfficer.post('/api/metrics', { source: { system: 'risk-engine', reference: 'el-export.csv' }, csv })).body).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });

  it('a bad line is named by its line in the file, and nothing of the file is written', async () => {
    const csvCycle = uniqueCycle('import-csv-bad');
    const csv = [
      'cycle,scopeType,scopeId,key,value',
      `${csvCycle},unit,CB,expectedLossMinor,100`,
      `${csvCycle},unit,CB,economicCapitalMinor,-5`,
      `${csvCycle},team,CB,loansTotalMinor,abc`,
      `${csvCycle},unit,CB,loansOverdueMinor`,
    ].join('\n');
    const response = await riskOfficer.post('/api/metrics', { source: { system: 'risk-engine' }, csv });
    expect(response.status).toBe(400);
    expect(response.body.problems).toEqual([expect.objectContaining({ field: 'csv line 5', code: 'columns' })]);
    const typed = await riskOfficer.post('/api/metrics', { source: { system: 'risk-engine' }, csv: csv.split('\n').slice(0, 4).join('\n') });
    expect(typed.body.problems.map((p: { field: string; code: string }) => `${p.field} ${p.code}`)).toEqual([
      'csv line 3: value min', 'csv line 4: scopeType enum', 'csv line 4: value type',
    ]);
    expect(await metricsOf(csvCycle)).toHaveLength(0);
  });

  it('a 10,000-row file goes in one request (the import routes take larger bodies)', async () => {
    const bigCycle = uniqueCycle('import-big');
    const units = ['CB', 'WM', 'RISK', 'CMP', 'OPS', 'HR', 'AUD', 'EXEC'];
    const keys = ['expectedLossMinor', 'economicCapitalMinor', 'loansTotalMinor', 'loansNonPerformingMinor', 'loansOverdueMinor'];
    const lines = ['cycle,scopeType,scopeId,key,value'];
    for (let i = 0; lines.length <= 10_000; i++) for (const unit of units) for (const key of keys) if (lines.length <= 10_000) lines.push(`${bigCycle}-${i},unit,${unit},${key},${i * 1000 + 7}`);
    const csv = lines.join('\n');
    expect(csv.length).toBeGreaterThan(256 * 1024);
    const response = await riskOfficer.post('/api/metrics', { source: { system: 'risk-engine', reference: 'full-history.csv' }, csv });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ received: 10_000, created: 10_000 });
    expect(await MetricModel.findById(metricId(`${bigCycle}-3`, { type: 'unit', id: 'WM' }, 'loansTotalMinor')).lean()).toMatchObject({ value: 3007 });
  }, 300_000);
});

/** An .xlsx file as Excel writes it, in base64 as the import body carries it. */
async function xlsxOf(rows: unknown[][], dateColumns: string[] = []): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('import');
  for (const row of rows) sheet.addRow(row);
  for (const column of dateColumns) sheet.getColumn(column).numFmt = 'yyyy-mm-dd';
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
}

describe('metrics by Excel workbook', () => {
  const header = ['cycle', 'scopeType', 'scopeId', 'key', 'value'];

  it('a workbook with bad rows is refused cell by cell with nothing written; the corrected one is imported once', async () => {
    const xlsxCycle = uniqueCycle('import-xlsx');
    const rows = [
      header,
      [xlsxCycle, 'unit', 'CB', 'expectedLossMinor', 100],
      [xlsxCycle, 'unit', 'CB', 'economicCapitalMinor', -5],
      [xlsxCycle, 'team', 'WM', 'loansTotalMinor', 'abc'],
    ];
    const refused = await riskOfficer.post('/api/metrics', { source: { system: 'risk-engine', reference: 'el.xlsx' }, xlsx: await xlsxOf(rows) });
    expect(refused.status).toBe(400);
    expect(refused.body.problems.map((p: { field: string; code: string }) => `${p.field} ${p.code}`)).toEqual([
      'xlsx row 3, column E (value) min', 'xlsx row 4, column B (scopeType) enum', 'xlsx row 4, column E (value) type',
    ]);
    expect(await metricsOf(xlsxCycle)).toHaveLength(0);

    rows[2]![4] = 5;
    rows[3]![1] = 'unit';
    rows[3]![4] = 500_000_000;
    const clean = await xlsxOf(rows);
    const imported = await riskOfficer.post('/api/metrics', { source: { system: 'risk-engine', reference: 'el.xlsx' }, xlsx: clean });
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ received: 3, created: 3 });
    expect((await metricsOf(xlsxCycle)).map((m) => [m.scope.id, m.key, m.value]).sort()).toEqual([
      ['CB', 'economicCapitalMinor', 5], ['CB', 'expectedLossMinor', 100], ['WM', 'loansTotalMinor', 500_000_000],
    ]);
    expect((await riskOfficer.post('/api/metrics', { source: { system: 'risk-engine', reference: 'el.xlsx' }, xlsx: clean })).body).toMatchObject({ created: 0, unchanged: 3 });
  });

  it('the exported workbook is read back by the import: a corrected figure is one update, and each reader exports only what they may', async () => {
    const xlsxCycle = uniqueCycle('import-xlsx-trip');
    const records = [
      { cycle: xlsxCycle, scope: { type: 'unit', id: 'CB' }, key: 'expectedLossMinor', value: 100 },
      { cycle: xlsxCycle, scope: { type: 'unit', id: 'WM' }, key: 'economicCapitalMinor', value: 200 },
    ];
    expect((await riskOfficer.post('/api/metrics', { source: { system: 'risk-engine', reference: 'trip' }, records })).status).toBe(201);
    expect((await hr.post('/api/metrics', { source: { system: 'finance' }, records: [{ cycle: xlsxCycle, scope: { type: 'unit', id: 'CB' }, key: 'revenueMinor', value: 5 }] })).status).toBe(201);

    const exported = await riskOfficer.download(`/api/metrics/${xlsxCycle}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('spreadsheetml');
    expect(exported.headers.get('content-disposition')).toBe(`attachment; filename="metrics-${xlsxCycle}.xlsx"`);
    const sheets = await readWorkbook(exported.bytes);
    // the demo bank's people read Chinese: the sheets are named in it, the import's columns are not words
    expect(Object.keys(sheets)).toEqual(['指标', '指标目录']);
    // the risk officer's own figures only (revenue is HR's to import), as the import's columns
    expect(sheets['指标']).toEqual([header, [xlsxCycle, 'unit', 'CB', 'expectedLossMinor', 100], [xlsxCycle, 'unit', 'WM', 'economicCapitalMinor', 200]]);
    expect(sheetRecords(sheets['指标目录']!).find((m) => m.key === 'expectedLossMinor')).toMatchObject({ 指标: expect.stringMatching(/[\u4e00-\u9fff]/) });

    // corrected in Excel and sent back as it is
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported.bytes as unknown as ArrayBuffer);
    book.getWorksheet('指标')!.getCell('E3').value = 250;
    const corrected = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
    const reimported = await riskOfficer.post('/api/metrics', { source: { system: 'risk-engine', reference: 'trip' }, xlsx: corrected });
    expect(reimported.body).toMatchObject({ received: 2, created: 0, updated: 1, unchanged: 1 });
    expect((await MetricModel.findById(metricId(xlsxCycle, { type: 'unit', id: 'WM' }, 'economicCapitalMinor')).lean())!.value).toBe(250);

    // the auditor reads every figure; an employee none
    const audited = await readWorkbook((await auditor.download(`/api/metrics/${xlsxCycle}/export`)).bytes);
    expect(audited['指标']).toHaveLength(4);
    const notFound = await employee.get(`/api/metrics/${xlsxCycle}/export`);
    expect(notFound.status).toBe(404);
  });

  it('refuses a formula and a file that is not a workbook, and names the header a workbook lacks', async () => {
    const xlsxCycle = uniqueCycle('import-xlsx-bad');
    const formula = await xlsxOf([header, [xlsxCycle, 'unit', 'CB', 'expectedLossMinor', { formula: '1+1', result: 2 }]]);
    expect((await riskOfficer.post('/api/metrics', { source: { system: 'risk-engine' }, xlsx: formula })).body.problems)
      .toEqual([expect.objectContaining({ field: 'xlsx row 2, column E (value)', code: 'formula' })]);
    const csvRenamed = Buffer.from(`${header.join(',')}\n${xlsxCycle},unit,CB,expectedLossMinor,1\n`).toString('base64');
    expect((await riskOfficer.post('/api/metrics', { source: { system: 'risk-engine' }, xlsx: csvRenamed })).body.problems)
      .toEqual([expect.objectContaining({ field: 'xlsx', code: 'format' })]);
    const noValue = await xlsxOf([header.slice(0, 4), [xlsxCycle, 'unit', 'CB', 'expectedLossMinor']]);
    expect((await riskOfficer.post('/api/metrics', { source: { system: 'risk-engine' }, xlsx: noValue })).body.problems)
      .toEqual([expect.objectContaining({ field: 'xlsx row 1', code: 'header', message: '表头缺少列 value' })]); // the risk officer reads Chinese
    await riskOfficer.get('/inbox?lang=en'); // the language switch, as a browser uses it
    expect((await riskOfficer.post('/api/metrics', { source: { system: 'risk-engine' }, xlsx: noValue })).body.problems[0].message).toBe('the header row lacks the column value');
    await riskOfficer.get('/inbox?lang=zh-CN');
    expect(await metricsOf(xlsxCycle)).toHaveLength(0);
  });
});

describe('the import page', () => {
  it('offers each person the imports their role may send, and is not found for someone who imports nothing', async () => {
    const offered = async (user: HttpUser) => [...String((await user.get('/imports')).body).matchAll(/<option value="([a-z-]+)" data-columns/g)].map((m) => m[1]);
    expect(await offered(hr)).toEqual(['metrics', 'compensation']);
    expect(await offered(riskOfficer)).toEqual(['metrics', 'compliance-events']);
    expect(await offered(complianceOfficer)).toEqual(['metrics', 'compliance-events']); // the catalogue gives compliance officers the compliance figures
    // the auditor imports nothing but takes metrics out; an employee has no page at all
    const audit = await auditor.get('/imports');
    expect(audit.status).toBe(200);
    expect(String(audit.body)).not.toContain('id="import-form"');
    expect(String(audit.body)).toContain('id="export-form"');
    expect((await employee.get('/imports')).status).toBe(404);
  });
});

describe('compliance events', () => {
  it('a compliance officer files events by JSON and CSV; the same reference again replaces the event', async () => {
    const evCycle = uniqueCycle('import-ev');
    const subject = await createPerson({ prefix: 'ev-subject', password: DEMO_PASSWORD, unitId: 'CB' });
    fixtureIds.push(subject._id);
    const event = { personId: subject._id, cycle: evCycle, date: '2026-05-04', severity: 'major', confirmed: false, description: 'Mis-selling of a wealth product', reference: `CMP-${evCycle}-1` };
    const first = await complianceOfficer.post('/api/compliance-events', { source: { system: 'cmp-case' }, records: [event] });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ created: 1 });
    const id = complianceEventId('cmp-case', event.reference);
    expect(await ComplianceEventModel.findById(id).lean()).toMatchObject({ personId: subject._id, confirmed: false, source: { system: 'cmp-case', importedBy: complianceOfficer.id } });

    const csv = `personId,cycle,date,severity,confirmed,description,reference\n${subject._id},${evCycle},2026-05-04,major,true,"Mis-selling of a wealth product",${event.reference}\n${subject._id},${evCycle},2026-06-01,minor,false,"Late filing, second notice",CMP-${evCycle}-2\n`;
    const confirmed = await complianceOfficer.post('/api/compliance-events', { source: { system: 'cmp-case' }, csv });
    expect(confirmed.body).toMatchObject({ created: 1, updated: 1, unchanged: 0 });
    expect((await ComplianceEventModel.findById(id).lean())!.confirmed).toBe(true);
    expect((await complianceOfficer.post('/api/compliance-events', { source: { system: 'cmp-case' }, csv })).body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await ComplianceEventModel.find({ cycle: evCycle }).lean()).toHaveLength(2);

    // the case system's Excel export: dates as Excel dates, true/false as Excel booleans; same events, nothing changes
    const xlsx = await xlsxOf([
      ['personId', 'cycle', 'date', 'severity', 'confirmed', 'description', 'reference'],
      [subject._id, evCycle, new Date(Date.UTC(2026, 4, 4)), 'major', true, 'Mis-selling of a wealth product', event.reference],
      [subject._id, evCycle, new Date(Date.UTC(2026, 5, 1)), 'minor', false, 'Late filing, second notice', `CMP-${evCycle}-2`],
    ], ['C']);
    expect((await complianceOfficer.post('/api/compliance-events', { source: { system: 'cmp-case' }, xlsx })).body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('refuses unknown people, severities the policy does not name, and impossible dates; HR may not file events', async () => {
    const evCycle = uniqueCycle('import-ev-bad');
    const response = await complianceOfficer.post('/api/compliance-events', {
      source: { system: 'cmp-case' },
      records: [
        { personId: 'E9999', cycle: evCycle, date: '2026-02-30', severity: 'catastrophic', confirmed: 'yes', description: 'x', reference: 'R1' },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.problems.map((p: { field: string }) => p.field)).toEqual(['records[0].personId', 'records[0].date', 'records[0].severity', 'records[0].confirmed']);
    expect((await hr.post('/api/compliance-events', { source: { system: 'cmp-case' }, records: [] })).status).toBe(403);
    expect(await ComplianceEventModel.find({ cycle: evCycle }).lean()).toHaveLength(0);
  });
});

describe('compensation', () => {
  it('HR imports pay by CSV; a re-import is unchanged; the risk officer may not', async () => {
    const people = await Promise.all([1, 2].map(() => createPerson({ prefix: 'pay', password: DEMO_PASSWORD, unitId: 'CB' })));
    fixtureIds.push(...people.map((p) => p._id));
    const csv = `personId,currency,fixedPayMinor,payGrade,roleCategory\n${people[0]!._id},CNY,60000000,M3,seniorManagement\n${people[1]!._id},CNY,30000000,P5,otherStaff\n`;
    const response = await hr.post('/api/compensation', { source: { system: 'payroll', reference: 'pay-2026.csv' }, csv });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ created: 2 });
    expect(await CompensationModel.findById(people[0]!._id).lean()).toMatchObject({
      fixedPayMinor: 60_000_000, roleCategory: 'seniorManagement', source: { system: 'payroll', reference: 'pay-2026.csv', importedBy: hr.id, batchId: response.body.batchId },
    });
    expect((await hr.post('/api/compensation', { source: { system: 'payroll' }, csv })).body).toMatchObject({ unchanged: 2 });
    const bad = await hr.post('/api/compensation', { source: { system: 'payroll' }, records: [{ personId: people[1]!._id, currency: 'yuan', fixedPayMinor: 1.5, payGrade: 'P5', roleCategory: 'boss' }] });
    expect(bad.body.problems.map((p: { field: string }) => p.field)).toEqual(['records[0].currency', 'records[0].fixedPayMinor', 'records[0].roleCategory']);
    expect((await riskOfficer.post('/api/compensation', { source: { system: 'payroll' }, csv })).status).toBe(403);
    expect((await CompensationModel.findById(people[1]!._id).lean())!.fixedPayMinor).toBe(30_000_000);
  });
});
