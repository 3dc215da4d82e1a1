import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { applyRequestBodyRules } from '@casebook/platform';

export const API_PREFIX = 'api/v1';

const DESCRIPTION = `Casebook: the system of record for customer-complaint cases, event-sourced.

Conventions (API.md): JSON bodies, timestamps ISO-8601 returned in UTC, money as decimal strings,
errors as application/problem+json with a \`code\`. Every request but /health and /docs needs
\`Authorization: Bearer <JWT>\` (HS256, claims sub, role, sites, exp). POSTs accept
\`Idempotency-Key\`; case commands accept \`If-Match: "<version>"\`; queries of read models accept
\`Casebook-Min-Position\` (read-your-writes, waits up to 5 s).

Choices where the spec is silent:
- "agent" as a minimum role means any staff role that handles cases (agent, supervisor, handler,
  quality, manager, deputy_gm, gm); auditor, admin and integration only read.
- CompleteRectification and ReportInvestigation may be done by a handler of the assigned department
  or by the assignee; ReportInvestigation also by quality. ResolveOnTheSpot by the first responder
  or a supervisor and above.
- DecideSettlement: a role of the management line below the required one gets 403
  APPROVAL_AUTHORITY_EXCEEDED; roles outside the line (handler, quality, …) get 403 FORBIDDEN.
- A new settlement may be proposed only when none exists or the latest was rejected or disputed.
- A complaint closes only once judged (validated, invalidated or resolved on the spot): closing an
  unjudged one names \`validation\` as missing. ValidateComplaint judges once (a second judgement is 409
  INVALID_STATE_TRANSITION), also on a rectified complaint.
- The supervision line (PRODUCT.md §13): a clock name in a path that is no clock is 404, before the
  body is looked at; an unknown \`clock\` in an urging's body is 400. RequestRework is for complaints
  only. IssueNotice is allowed in any state, a closed case included. A pause's resumeAt is always
  recorded (as asked, cut to the pause allowance, or the allowance's end). The case detail's clock
  entries also carry \`resumeAt\`, \`extensionRequest\` (pending) and \`atRisk\` (warned for the due time).
- ErasePersonalData of an already erased case is 409 PRECONDITION_NOT_MET.
- The case list's receivedFrom and receivedTo are inclusive instants; its default limit is 50 (1–200).
- A directory write answers once the directory read model shows it (so it is in effect for the
  next request). Should the worker lag more than 5 s, the write is still recorded and answered;
  it takes effect when the worker catches up.
- Optional fields may be left out; null is refused like any invalid value.
- Events carry three fields beyond EVENTS.md, all additive: PenaltyAssessed has \`amountPerPoint\` (the
  policy's price of a point, used when a line is adjusted) and \`month\` (the local month, in
  CASEBOOK_TZ, the assessment counts in), and its staff lines \`departmentId\` (the staff member's
  department then; department totals count the line there).
- Dashboards and the monthly report count in local days and months of CASEBOOK_TZ, kept as counters
  by the projections; after changing CASEBOOK_TZ, rebuild the \`reports\` projection.`;

/** HTTP set-up shared by main.ts and the end-to-end tests: request bodies, prefix, OpenAPI. */
export function configureApp(app: NestExpressApplication): void {
  applyRequestBodyRules(app);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', 'metrics'] });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('Casebook API').setVersion('1').setDescription(DESCRIPTION).addBearerAuth().build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
