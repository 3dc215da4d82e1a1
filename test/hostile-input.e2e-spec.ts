import fc from 'fast-check';
import { Client } from 'pg';
import { ADMIN, Casebook, complaint, ENGINEER, MANAGER, seedDirectory, SUPERVISOR, type Caller, type Response } from './support/casebook';

/**
 * Hostile input over every write endpoint of the OpenAPI document (API.md "Conventions"): a
 * corpus of malformed requests, then a property-based generator of invalid bodies per DTO. Every
 * one must get a 4xx problem+json (never a 5xx, never a success) and append nothing.
 *
 * Every endpoint with a body needs a valid SAMPLE below: the test fails for one without, so a
 * new endpoint cannot escape it. A sample must itself pass validation (checked first), so that a
 * mutation's refusal is the mutation's doing.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Endpoint {
  method: string;
  /** The OpenAPI path, e.g. /api/v1/cases/{id}/replies */
  template: string;
  path: string;
  as: Caller;
  sample?: Json;
  /** Top-level required properties, from the DTO's schema. */
  required: string[];
}

const DEEP = (levels: number): Json => (levels === 0 ? 'leaf' : [DEEP(levels - 1)]);
const PROBLEM = /^application\/problem\+json/;

describe('hostile input (e2e)', () => {
  let cb: Casebook;
  let events: Client;
  let endpoints: Endpoint[];
  let caseId: string;
  let lineId: string;

  const SAMPLES: Record<string, Json> = {
    'POST /api/v1/cases': complaint(),
    'POST /api/v1/cases/{id}/replies': { message: '已收到', channel: 'phone' },
    'POST /api/v1/cases/{id}/resolve-on-spot': { resolution: 'Fixed at the desk' },
    'POST /api/v1/cases/{id}/validation': { valid: true, note: 'checked' },
    'POST /api/v1/cases/{id}/assignment': { departmentId: 'eng', assigneeId: 'eng-1', note: 'n' },
    'POST /api/v1/cases/{id}/escalations': { level: 'manager', reason: 'urgent' },
    'POST /api/v1/cases/{id}/investigation': {
      rootCause: 'worn seal',
      causeType: 'quality',
      responsibility: [{ departmentId: 'eng', staffId: 'eng-1', share: '1' }],
      countermeasures: 'weekly checks',
    },
    'POST /api/v1/cases/{id}/rectification': { description: 'replaced the seal' },
    'POST /api/v1/cases/{id}/settlement': { type: 'compensation', amount: '100.00', currency: 'CNY', description: 'for the trouble' },
    'POST /api/v1/cases/{id}/settlement/decision': { decision: 'approve', comment: 'ok' },
    'POST /api/v1/cases/{id}/settlement/customer-response': { accepted: true, comment: 'fine' },
    'POST /api/v1/cases/{id}/return-visits': { method: 'phone', satisfaction: 'satisfied', comment: 'ok', customerConfirmed: true },
    'POST /api/v1/cases/{id}/close': { summary: 'done' },
    'POST /api/v1/cases/{id}/reopen': { reason: 'came back' },
    'POST /api/v1/cases/{id}/shirking': { staffId: 'eng-1', description: 'passed it on' },
    'POST /api/v1/cases/{id}/erase-personal-data': { reason: 'request of the complainant' },
    'POST /api/v1/cases/{id}/rework': { reason: 'still leaking' },
    'POST /api/v1/cases/{id}/clocks/{clock}/pause': { reason: 'awaiting_supplier', note: 'parts', resumeAt: '2099-01-01T00:00:00Z' },
    'POST /api/v1/cases/{id}/clocks/{clock}/resume': { note: 'parts came' },
    'POST /api/v1/cases/{id}/clocks/{clock}/extension': { dueAt: '2099-01-01T00:00:00Z', reason: 'parts on order' },
    'POST /api/v1/cases/{id}/clocks/{clock}/extension/decision': { decision: 'approve', comment: 'ok' },
    'POST /api/v1/cases/{id}/urgings': { message: 'hurry', staffId: 'eng-1', clock: 'rectification' },
    'POST /api/v1/cases/{id}/notices': { kind: 'criticism', departmentId: 'eng', staffId: 'eng-1', text: 'late' },
    'POST /api/v1/admin/sites': { id: 'site-h', code: 'H', name: 'Harbour' },
    'POST /api/v1/admin/departments': { id: 'dep-h', code: 'H', name: 'Harbour desk', nameZh: '港口' },
    'POST /api/v1/admin/staff': { id: 'staff-h', name: '港', departmentId: 'front', role: 'agent', siteIds: ['site-a'] },
    'PATCH /api/v1/admin/staff/{id}': { role: 'agent', active: true },
    'PUT /api/v1/admin/policies/{name}': {
      amountPerPoint: '100.00',
      objectionWorkingDays: 3,
      noticeApprover: 'gm',
      rules: {
        VALID_MAJOR: { department: '-10', staff: '-4' },
        VALID_GENERAL: { department: '-3', staff: '-2' },
        SLA_BREACH: { staff: '-1' },
        SHIRKING: { staff: '-3' },
        REOPENED: { staff: '-1' },
      },
    },
    'PUT /api/v1/admin/calendar/overrides': [{ date: '2026-12-31', workday: true }],
    'POST /api/v1/penalties/{lineId}/adjustment': { points: '-1.00', reason: 'shared fault' },
    'POST /api/v1/penalties/{lineId}/waiver': { reason: 'force majeure' },
    'POST /api/v1/penalties/{lineId}/objection': { reason: 'the supplier was late' },
    'POST /api/v1/penalties/{lineId}/objection/decision': { decision: 'reject', comment: 'ours to manage' },
  };

  const callerFor = (template: string): Caller =>
    template.includes('/admin/') ? ADMIN : template.includes('/penalties/') ? MANAGER : SUPERVISOR;

  const send = (endpoint: Endpoint, init: { body?: string | Uint8Array; contentType?: string | null; path?: string }) => {
    const headers: Record<string, string> = { authorization: `Bearer ${cb.token(endpoint.as)}` };
    if (init.contentType !== null) headers['content-type'] = init.contentType ?? 'application/json';
    return fetch(`${cb.url}${init.path ?? endpoint.path}`, { method: endpoint.method, headers, body: init.body });
  };

  const eventCount = async () => Number((await events.query('SELECT count(*) AS n FROM events')).rows[0].n);

  beforeAll(async () => {
    cb = await Casebook.start({}, { withWorker: false });
    const worker = await cb.startWorker();
    await seedDirectory(cb);
    // A penalty line to adjust: a valid complaint closed with eng-1 responsible.
    const logged = await cb.post('/cases', SUPERVISOR, complaint());
    caseId = logged.body.caseId;
    const steps: [string, Caller, Json][] = [
      ['/replies', SUPERVISOR, { message: 'm', channel: 'phone' }],
      ['/validation', SUPERVISOR, { valid: true }],
      ['/assignment', SUPERVISOR, { departmentId: 'eng', assigneeId: 'eng-1' }],
      ['/rectification', ENGINEER, { description: 'fixed' }],
      ['/return-visits', SUPERVISOR, { method: 'phone', satisfaction: 'satisfied' }],
      ['/close', SUPERVISOR, { summary: 'done' }],
    ];
    for (const [path, as, body] of steps) expect((await cb.post(`/cases/${caseId}${path}`, as, body)).status).toBe(200);
    const deadline = Date.now() + 20_000;
    while (!lineId && Date.now() < deadline) {
      const history = await cb.get(`/cases/${caseId}/history`, SUPERVISOR);
      lineId = history.body.events.find((e: { type: string }) => e.type === 'PenaltyAssessed')?.data.lines[0].lineId;
      if (!lineId) await new Promise((r) => setTimeout(r, 200));
    }
    expect(lineId).toBeDefined();
    // The ledger shows it (the guard of /penalties/{lineId} reads the ledger)...
    expect((await cb.get(`/penalties?month=${new Date().toISOString().slice(0, 7)}`, MANAGER, { 'casebook-min-position': (await cb.get(`/cases/${caseId}/history`, SUPERVISOR)).body.events.at(-1).position })).status).toBe(200);
    await worker.stop(); // ...and nothing appends behind the tests' backs from here on.

    const openapi: any = await (await fetch(`${cb.url}/docs-json`)).json();
    const params: Record<string, string> = { id: caseId, lineId, name: 'penalty', month: '2026-11', clock: 'rectification' };
    endpoints = Object.entries(openapi.paths as Record<string, Record<string, any>>).flatMap(([template, operations]) =>
      Object.entries(operations)
        .filter(([method]) => method !== 'get')
        .map(([method, operation]) => {
          const schema = operation.requestBody?.content?.['application/json']?.schema;
          const ref = schema?.$ref ? openapi.components.schemas[schema.$ref.split('/').pop()] : undefined;
          const key = `${method.toUpperCase()} ${template}`;
          return {
            method: method.toUpperCase(),
            template,
            path: template.replace(/\{(\w+)\}/g, (_: string, name: string) => (name === 'id' && template.includes('/staff/') ? 'agent-1' : params[name])),
            as: callerFor(template),
            sample: schema ? SAMPLES[key] : undefined,
            required: ref?.required ?? [],
          };
        }),
    );
    events = new Client({ connectionString: cb.config.databaseUrl });
    await events.connect();
  }, 120_000);

  afterAll(async () => {
    await events?.end();
    await cb?.stop();
  });

  const withBody = () => endpoints.filter((e) => e.sample !== undefined);

  it('has a valid sample body for every endpoint that takes one', async () => {
    const openapi: any = await (await fetch(`${cb.url}/docs-json`)).json();
    const takingBodies = Object.entries(openapi.paths as Record<string, Record<string, any>>).flatMap(([template, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.requestBody)
        .map(([method]) => `${method.toUpperCase()} ${template}`),
    );
    expect(takingBodies.filter((key) => SAMPLES[key] === undefined)).toEqual([]);
    // Each sample passes validation: whatever the case's state says (2xx, 403, 409), it is not a 400.
    const worker = await cb.startWorker(); // admin writes wait for their projection
    try {
      const refused: string[] = [];
      for (const endpoint of withBody()) {
        const res = await send(endpoint, { body: JSON.stringify(endpoint.sample) });
        if (![200, 201, 403, 409].includes(res.status)) refused.push(`${endpoint.method} ${endpoint.template}: ${res.status} ${await res.text()}`);
      }
      expect(refused).toEqual([]);
    } finally {
      await worker.stop();
    }
  }, 120_000);

  /** The corpus: each mutation of a valid sample, with the status it must get. */
  function corpus(): { endpoint: Endpoint; what: string; body?: string | Uint8Array; contentType?: string | null; status: number }[] {
    const cases: ReturnType<typeof corpus> = [];
    for (const endpoint of withBody()) {
      const sample = endpoint.sample!;
      const json = JSON.stringify(sample);
      // A site that is not the caller's is 404 before the body is looked at (API.md "Errors").
      const refusal = (path: (string | number)[]) => (endpoint.template === '/api/v1/cases' && path[0] === 'siteId' ? 404 : 400);
      const mutate = (what: string, change: (copy: any) => void, status = 400) => {
        const copy = JSON.parse(json);
        change(copy);
        cases.push({ endpoint, what, body: JSON.stringify(copy), status });
      };
      for (const path of stringPaths(sample)) {
        for (const [what, value] of [
          ['a lone high surrogate', '\ud800'],
          ['a lone low surrogate inside text', 'x\udfffy'],
          ['half an emoji at the end', 'leak \ud83d'],
          ['20,000 characters', 'x'.repeat(20_000)],
          ['5,001 characters', '字'.repeat(5001)],
          ['a NUL character', 'a\u0000b'],
        ]) {
          mutate(`${what} in ${path.join('.')}`, (copy) => set(copy, path, value), refusal(path));
        }
      }
      if (!Array.isArray(sample) && sample !== null && typeof sample === 'object') {
        for (const key of Object.keys(sample)) {
          mutate(`${key} nested 40 deep`, (copy) => (copy[key] = DEEP(40)));
          mutate(`${key} null`, (copy) => (copy[key] = null));
          if (typeof (sample as Record<string, Json>)[key] !== 'object') {
            mutate(`${key} an object`, (copy) => (copy[key] = { value: copy[key] }));
            mutate(`${key} an array`, (copy) => (copy[key] = [copy[key]]));
          }
        }
        for (const key of endpoint.required) mutate(`${key} missing`, (copy) => delete copy[key]);
        mutate('an unknown property', (copy) => (copy.priority = 'high'));
        cases.push({ endpoint, what: '__proto__', body: `{"__proto__":{"admin":true},${json.slice(1)}`, status: 400 });
        cases.push({ endpoint, what: 'constructor.prototype', body: `{"constructor":{"prototype":{"admin":true}},${json.slice(1)}`, status: 400 });
        cases.push({ endpoint, what: 'an array body', body: `[${json}]`, status: 400 });
        // Without a required property (ResumeClock), no body is an empty object: valid.
        const emptyStatus = endpoint.required.length > 0 || endpoint.method === 'PATCH' ? 400 : -1;
        cases.push({ endpoint, what: 'an empty body', body: '', status: emptyStatus });
        cases.push({ endpoint, what: 'an empty object', body: '{}', status: emptyStatus });
      }
    }
    // Whole bodies, on every write endpoint: those that take no body must not ignore a bad one either.
    for (const endpoint of endpoints) {
      const json = JSON.stringify(endpoint.sample ?? {});
      cases.push({ endpoint, what: 'the body nested 40 deep', body: JSON.stringify(DEEP(40)), status: 400 });
      cases.push({ endpoint, what: 'a lone surrogate anywhere', body: '{"x":"\\ud800"}', status: 400 });
      cases.push({ endpoint, what: 'malformed JSON', body: json.slice(0, -1), status: 400 });
      cases.push({ endpoint, what: 'JSON null', body: 'null', status: 400 });
      cases.push({ endpoint, what: 'text/plain', body: json, contentType: 'text/plain', status: 415 });
      cases.push({ endpoint, what: 'a form', body: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded', status: 415 });
      cases.push({ endpoint, what: 'no content type', body: new TextEncoder().encode(json), contentType: null, status: 415 });
      cases.push({ endpoint, what: 'over 256 KiB', body: JSON.stringify({ text: 'x'.repeat(300 * 1024) }), status: 413 });
    }
    return cases.filter((c) => c.status !== -1);
  }

  it('refuses every request of the corpus with the right 4xx problem, appending nothing and taking no case number', async () => {
    const first = await cb.post('/cases', SUPERVISOR, complaint());
    const before = await eventCount();
    const requests = corpus();
    expect(requests.length).toBeGreaterThan(1000);
    const wrong: string[] = [];
    for (const { endpoint, what, body, contentType, status } of requests) {
      const res = await send(endpoint, { body, contentType });
      const type = res.headers.get('content-type') ?? '';
      await res.arrayBuffer();
      if (res.status !== status || !PROBLEM.test(type)) wrong.push(`${endpoint.method} ${endpoint.template} with ${what}: ${res.status} ${type}`);
    }
    expect(wrong).toEqual([]);
    expect(await eventCount()).toBe(before);
    // No refused logging took a case number: the next one follows the last before the corpus.
    const next = await cb.post('/cases', SUPERVISOR, complaint());
    const serial = (number: string) => Number(number.split('-').pop());
    expect(serial(next.body.caseNumber)).toBe(serial(first.body.caseNumber) + 1);
  }, 300_000);

  it('refuses hostile query strings and path parameters with 400', async () => {
    for (const path of ['/cases?q=%00', `/cases/${caseId}%00/history`, `/cases?q=${'x'.repeat(6000)}`]) {
      const res: Response = await cb.get(path, SUPERVISOR);
      expect([path, res.status]).toEqual([path, 400]);
    }
  });

  it('property: any invalid mutation of a DTO body is a 400 problem and appends nothing', async () => {
    const before = await eventCount();
    const objects = withBody().filter((e) => e.sample !== null && typeof e.sample === 'object' && !Array.isArray(e.sample));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...objects), invalidMutation(), async (endpoint, mutation) => {
        const body = mutation(JSON.parse(JSON.stringify(endpoint.sample)), endpoint);
        const res = await send(endpoint, { body: JSON.stringify(body) });
        await res.arrayBuffer();
        // A siteId made another string is a site that is not the caller's: 404 comes before 400.
        const otherSite = endpoint.template === '/api/v1/cases' && typeof body.siteId === 'string' && body.siteId !== 'site-a';
        return res.status === (otherSite ? 404 : 400) && PROBLEM.test(res.headers.get('content-type') ?? '');
      }),
      { numRuns: 1000, seed: 20261204 },
    );
    expect(await eventCount()).toBe(before);
  }, 300_000);

  it('property: arbitrary JSON bodies never cause a 5xx', async () => {
    const objects = withBody();
    await cb.startWorker(); // some are accepted (an empty calendar): admin writes wait for their projection
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...objects), fc.jsonValue({ maxDepth: 6 }), async (endpoint, body) => {
        const res = await send(endpoint, { body: JSON.stringify(body) });
        await res.arrayBuffer();
        return res.status < 500;
      }),
      { numRuns: 500, seed: 4 },
    );
  }, 300_000);
});

/** Paths to every string leaf of a value. */
function stringPaths(value: Json, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringPaths(item, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...path, key]));
  return [];
}

function set(target: any, path: (string | number)[], value: Json): void {
  let node = target;
  for (const step of path.slice(0, -1)) node = node[step];
  node[path[path.length - 1]] = value;
}

/** A change that makes any valid body of a DTO invalid, whatever the DTO. */
function invalidMutation(): fc.Arbitrary<(body: any, endpoint: Endpoint) => any> {
  const hostileText = fc.oneof(
    fc.string().map((s) => `${s}\ud800`),
    fc.string().map((s) => `\udc00${s}`),
    fc.string().map((s) => `${s}\u0000${s}`),
    fc.string({ minLength: 1, maxLength: 3 }).map((s) => s.repeat(5001)),
  );
  // Wrong for every top-level property of the samples that is not an object itself (strings, booleans, numbers).
  const wrongType = fc.oneof(fc.constant(null), fc.object({ maxDepth: 1 }), fc.array(fc.integer(), { minLength: 1 }));
  const unknownKey = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k));
  return fc.oneof(
    // a string leaf turned hostile
    fc.tuple(fc.nat(), hostileText).map(([n, text]) => (body: any) => {
      const paths = stringPaths(body);
      set(body, paths[n % paths.length], text);
      return body;
    }),
    // a property of the wrong JSON type
    fc.tuple(fc.nat(), wrongType).map(([n, value]) => (body: any) => {
      const keys = Object.keys(body).filter((k) => typeof body[k] !== 'object' || body[k] === null);
      body[keys[n % keys.length]] = value;
      return body;
    }),
    // a property nobody declared
    fc.tuple(unknownKey, fc.jsonValue({ maxDepth: 2 })).map(([key, value]) => (body: any) => {
      return Object.prototype.hasOwnProperty.call(body, key) ? { ...body, [`${key}_unknown`]: value } : { ...body, [key]: value };
    }),
    // a required property missing
    fc.nat().map((n) => (body: any, endpoint: Endpoint) => {
      if (endpoint.required.length === 0) return { ...body, unexpected: 1 };
      delete body[endpoint.required[n % endpoint.required.length]];
      return body;
    }),
    // nested too deep
    fc.nat().map((n) => (body: any) => {
      const keys = Object.keys(body);
      body[keys[n % keys.length]] = DEEP(33);
      return body;
    }),
  );
}
