import ExcelJS from 'exceljs';
import { AGENT, Casebook, complaint, ENGINEER, MANAGER, seedDirectory, SUPERVISOR, type Caller } from './support/casebook';

/**
 * The monthly report's supervision figures (PRODUCT.md §13 "Report additions") from a month of
 * known cases, through real HTTP and the real worker. The clock starts on Wednesday 2026-11-25
 * 10:00 in Shanghai; every case is received and handled now, in November:
 *   R  complaint: visit unsatisfied, sent to rework, rectified again, visit satisfied, closed (valid);
 *   S  complaint: visit very_unsatisfied, closed by a manager with accepted dissatisfaction (valid);
 *   T  complaint resolved on the spot, visited, closed (resolved_on_spot);
 *   U  inquiry, replied, closed (answered);
 *   V  repair, rectified, visited, closed (completed);
 *   W  complaint: its rectification clock (due Monday 11-30) paused and resumed, an extension
 *      rejected, another approved to Wednesday 12-02, then rectified: met against 12-02, so it
 *      counts in December's compliance, not November's.
 * Urgings: R and W (their assignee, eng), S (sec-1 named: sec). Notices: eng (on R), qa (on U).
 */

const CLOCK_START = '2026-11-25T10:00:00+08:00';

describe('monthly report: the supervision line (e2e)', () => {
  let cb: Casebook;
  let position = '0';

  beforeAll(async () => {
    cb = await Casebook.start({ CASEBOOK_CLOCK_START: CLOCK_START });
    await seedDirectory(cb);

    const r = await validComplaint('R');
    await urge(r, {});
    await notice(r, { kind: 'commendation', departmentId: 'eng', text: 'Came back at once' });
    await rectifyAndVisit(r, 'unsatisfied');
    await command(`/cases/${r}/rework`, SUPERVISOR, { reason: 'Still dripping' });
    await rectifyAndVisit(r, 'satisfied');
    await command(`/cases/${r}/close`, SUPERVISOR, { summary: 'Fixed' });

    const s = await validComplaint('S');
    await urge(s, { staffId: 'sec-1' });
    await rectifyAndVisit(s, 'very_unsatisfied');
    await command(`/cases/${s}/close`, MANAGER, { summary: 'As agreed', dissatisfactionAccepted: { reason: 'Outside the contract' } });

    const t = (await command('/cases', AGENT, complaint({ subject: 'T' }), 201)).caseId;
    await command(`/cases/${t}/resolve-on-spot`, AGENT, { resolution: 'Reset the breaker' });
    await command(`/cases/${t}/return-visits`, AGENT, { method: 'phone', satisfaction: 'satisfied' });
    await command(`/cases/${t}/close`, SUPERVISOR, { summary: 'Resolved' });

    const u = (await command('/cases', AGENT, complaint({ kind: 'inquiry', subject: 'U' }), 201)).caseId;
    await notice(u, { kind: 'criticism', departmentId: 'qa', text: 'Slow to answer' });
    await command(`/cases/${u}/replies`, AGENT, { message: 'Opening hours are 9–5', channel: 'phone' });
    await command(`/cases/${u}/close`, SUPERVISOR, { summary: 'Answered' });

    const v = (await command('/cases', AGENT, complaint({ kind: 'repair', subject: 'V' }), 201)).caseId;
    await command(`/cases/${v}/assignment`, SUPERVISOR, { departmentId: 'eng', assigneeId: 'eng-1' });
    await rectifyAndVisit(v, 'satisfied');
    await command(`/cases/${v}/close`, SUPERVISOR, { summary: 'Repaired' });

    const w = await validComplaint('W');
    await urge(w, {});
    await command(`/cases/${w}/clocks/rectification/pause`, SUPERVISOR, { reason: 'awaiting_customer' });
    await command(`/cases/${w}/clocks/rectification/resume`, SUPERVISOR, {});
    const extension = `/cases/${w}/clocks/rectification/extension`;
    await command(extension, ENGINEER, { dueAt: '2026-12-01T10:00:00+08:00', reason: 'Parts' });
    await command(`${extension}/decision`, SUPERVISOR, { decision: 'reject' });
    await command(extension, ENGINEER, { dueAt: '2026-12-02T10:00:00+08:00', reason: 'Parts, again' });
    await command(`${extension}/decision`, SUPERVISOR, { decision: 'approve' });
    await command(`/cases/${w}/rectification`, ENGINEER, { description: 'Fixed before the new due time' });
  }, 60_000);
  afterAll(() => cb.stop());

  async function command(path: string, who: Caller, body: unknown, status = 200) {
    const res = await cb.post(path, who, body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ status });
    if (BigInt(res.body.position) > BigInt(position)) position = res.body.position;
    return res.body;
  }
  async function validComplaint(subject: string) {
    const { caseId } = await command('/cases', AGENT, complaint({ subject }), 201);
    await command(`/cases/${caseId}/validation`, SUPERVISOR, { valid: true });
    await command(`/cases/${caseId}/assignment`, SUPERVISOR, { departmentId: 'eng', assigneeId: 'eng-1' });
    return caseId as string;
  }
  async function rectifyAndVisit(caseId: string, satisfaction: string) {
    await command(`/cases/${caseId}/rectification`, ENGINEER, { description: 'Fixed' });
    await command(`/cases/${caseId}/return-visits`, AGENT, { method: 'phone', satisfaction });
  }
  const urge = (caseId: string, body: object) => command(`/cases/${caseId}/urgings`, SUPERVISOR, { message: 'Hurry', ...body });
  const notice = (caseId: string, body: object) => command(`/cases/${caseId}/notices`, MANAGER, body);
  const report = async (path: string) => {
    const res = await cb.get(`/reports/monthly/${path}`, MANAGER, { 'casebook-min-position': position });
    expect(res.status).toBe(200);
    return res.body;
  };

  it('November: closures by outcome, rework, accepted dissatisfaction, pauses, extensions', async () => {
    const { summary } = await report('2026-11');
    expect(summary).toMatchObject({
      received: 6,
      closed: 5,
      openAtEnd: 1,
      validClosed: 2,
      invalidClosed: 0,
      resolvedOnSpot: 1,
      answered: 1,
      completed: 1,
      closedDissatisfied: 1,
      reworked: 1,
      paused: 1,
      extended: 1,
      reopened: 0,
    });
    // R's two rectification clocks, S's and V's; W's, extended into December, counts there.
    expect(summary.slaCompliance.rectification).toEqual({ met: 4, breached: 0, rate: '100.00' });
    const december = await report('2026-12');
    expect(december.summary.slaCompliance.rectification).toEqual({ met: 1, breached: 0, rate: '100.00' });
    expect(december.summary).toMatchObject({ reworked: 0, paused: 0, extended: 0, closedDissatisfied: 0 });
  });

  it('November: urgings and notices per department, a row for each department with either', async () => {
    const { departments, totals } = await report('2026-11');
    expect(departments.map((d: { departmentId: string }) => d.departmentId)).toEqual(['eng', 'qa', 'sec']);
    const [eng, qa, sec] = departments;
    expect(eng).toMatchObject({ cases: 2, responsibilityWeight: '2.0000', responsibilityRatio: '100.00', general: 2, urged: 2, notices: 1 });
    const noShare = { cases: 0, responsibilityWeight: '0.0000', responsibilityRatio: '0.00', major: 0, general: 0, byCauseType: {}, lossAmount: '0.00', avgHandlingHours: null };
    expect(qa).toMatchObject({ departmentName: 'Quality', departmentNameZh: '质量管理部', ...noShare, urged: 0, notices: 1 });
    expect(sec).toMatchObject({ departmentName: 'Security', ...noShare, urged: 1, notices: 0 });
    expect(totals).toMatchObject({ cases: 2, responsibilityWeight: '2.0000', urged: 3, notices: 2 });
  });

  it('exports carry the new columns and summary lines, in English and Chinese', async () => {
    const raw = async (path: string) => {
      const res = await fetch(`${cb.url}/api/v1/reports/monthly/${path}`, {
        headers: { authorization: `Bearer ${cb.token(MANAGER)}`, 'casebook-min-position': position },
      });
      expect(res.status).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    };
    const csv = (await raw('2026-11.csv')).subarray(3).toString('utf8').trimEnd().split('\r\n').map((l) => l.split(','));
    // Beside the penalty notice's status, the last column.
    expect(csv[0].slice(-3, -1)).toEqual(['Urgings', 'Notices']);
    expect([csv[1][0], ...csv[1].slice(-3, -1)]).toEqual(['eng', '2', '1']);
    expect([csv[2][0], ...csv[2].slice(-3, -1)]).toEqual(['qa', '0', '1']);
    expect([csv[4][1], ...csv[4].slice(-3, -1)]).toEqual(['Total', '3', '2']);
    const zh = (await raw('2026-11.csv?lang=zh-CN')).subarray(3).toString('utf8').split('\r\n')[0];
    expect(zh.endsWith(',催办次数,通报次数,奖罚通知单')).toBe(true);

    for (const [lang, sheet, labels] of [
      ['en', 'Summary', ['Sent to rework', 'Closed with accepted dissatisfaction', 'Clocks paused', 'Extensions approved', 'Resolved on the spot', 'Answered', 'Completed']],
      ['zh-CN', '汇总', ['复核再处理数', '不满意结案数', '挂起次数', '批准延期次数', '当场解决结案数', '答复结案数', '办结结案数']],
    ] as const) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await raw(`2026-11.xlsx?lang=${lang}`)) as never);
      const rows = new Map<string, unknown>();
      workbook.getWorksheet(sheet)!.eachRow((row) => rows.set(String(row.getCell(1).value), row.getCell(2).value));
      expect(labels.map((label) => rows.get(label))).toEqual([1, 1, 1, 1, 1, 1, 1]);
    }
  });
});
