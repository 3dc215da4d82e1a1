import Decimal from 'decimal.js';
import { DateTime } from 'luxon';
import { DomainError, type FieldError } from '../errors';
import { ROLE_ORDER, type RankedRole } from '../roles';
import {
  PENALTY_RULE_IDS,
  type ApprovalPolicy,
  type CalendarPolicy,
  type PenaltyPolicy,
  type PenaltyRuleId,
  type PolicyName,
  type SlaPolicy,
} from './documents';

/**
 * Validation of a whole policy document as an admin PUTs it (PRODUCT.md §12): every field is
 * required, an unknown field or a bad value is refused, and every offending field is named
 * with a dotted path (`rectificationWorkingDays.major`, `tiers.1.upTo`, `0.date`).
 *
 * Counts (hours, days, working days, extensions per clock) are whole numbers >= 1. Zero is refused on purpose: a
 * clock of 0 would fall due the instant it starts and be breached at once, which no service
 * centre means; "no limit" is not something the clocks can express. Upper bounds keep every
 * count within a year, so a typo cannot set a deadline decades away (nor make the working-day
 * walk, one day at a time, run for ever).
 */

export interface PolicyDocuments {
  sla: SlaPolicy;
  penalty: PenaltyPolicy;
  approval: ApprovalPolicy;
  calendar: CalendarPolicy;
}

/** Most hours, days and working days a count may hold: about one year of each. */
export const POLICY_LIMITS = { hours: 8784, days: 366, workingDays: 260, extensionsPerClock: 100, calendarEntries: 3700 } as const;

/** Points: a signed decimal with at most 2 places (PRODUCT.md §7), e.g. "-10", "-2.5", "0". */
const POINTS = /^-?\d{1,6}(\.\d{1,2})?$/;
/** Money: a decimal with at most 2 places (PRODUCT.md §6), no sign. */
const MONEY = /^\d{1,12}(\.\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Which targets each penalty rule deducts from (PRODUCT.md §7): all of them are required. */
const RULE_TARGETS: Record<PenaltyRuleId, readonly ('department' | 'staff')[]> = {
  VALID_MAJOR: ['department', 'staff'],
  VALID_GENERAL: ['department', 'staff'],
  SLA_BREACH: ['staff'],
  SHIRKING: ['staff'],
  REOPENED: ['staff'],
};

/** Roles that may stand in an approval tier or approve the penalty notice: the management line above agent. */
const APPROVING_ROLES: readonly RankedRole[] = ROLE_ORDER.filter((role) => role !== 'agent');

type Json = unknown;

class Checker {
  readonly errors: FieldError[] = [];

  fail(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  /** An object with exactly `keys`; answers whether it is an object at all. */
  object(value: Json, path: string, keys: readonly string[]): value is Record<string, Json> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(path, 'must be an object');
      return false;
    }
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) this.fail(join(path, key), 'is not a known field');
    }
    for (const key of keys) {
      if ((value as Record<string, Json>)[key] === undefined) this.fail(join(path, key), 'is required');
    }
    return true;
  }

  /** A whole number in [1, max]. */
  count(value: Json, path: string, max: number, unit: string): void {
    if (value === undefined) return; // reported as missing by `object`
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
      this.fail(path, `must be a whole number of ${unit} from 1 to ${max}`);
    }
  }

  /** Counts under `path`, all with the same bound. */
  counts(value: Json, path: string, keys: readonly string[], max: number, unit: string): void {
    if (!this.object(value, path, keys)) return;
    for (const key of keys) this.count(value[key], join(path, key), max, unit);
  }
}

const join = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);

const SLA_KEYS = [
  'firstReplyHours',
  'invalidReplyHours',
  'investigationDays',
  'rectificationWorkingDays',
  'returnVisit',
  'resolutionDays',
  'reworkWorkingDays',
  'warnAtFraction',
  'maxPauseDays',
  'extension',
];

function checkSla(c: Checker, body: Json): void {
  if (!c.object(body, '', SLA_KEYS)) return;
  const { hours, days, workingDays } = POLICY_LIMITS;
  c.count(body.firstReplyHours, 'firstReplyHours', hours, 'hours');
  c.count(body.invalidReplyHours, 'invalidReplyHours', hours, 'hours');
  c.count(body.investigationDays, 'investigationDays', days, 'days');
  if (body.rectificationWorkingDays !== undefined) {
    c.counts(body.rectificationWorkingDays, 'rectificationWorkingDays', ['major', 'general', 'repair', 'service_request'], workingDays, 'working days');
  }
  if (body.returnVisit !== undefined && c.object(body.returnVisit, 'returnVisit', ['majorDays', 'generalDays', 'repairWorkingDays'])) {
    c.count(body.returnVisit.majorDays, 'returnVisit.majorDays', days, 'days');
    c.count(body.returnVisit.generalDays, 'returnVisit.generalDays', days, 'days');
    c.count(body.returnVisit.repairWorkingDays, 'returnVisit.repairWorkingDays', workingDays, 'working days');
  }
  if (body.resolutionDays !== undefined) c.counts(body.resolutionDays, 'resolutionDays', ['domestic', 'overseas'], days, 'days');
  if (body.reworkWorkingDays !== undefined) c.counts(body.reworkWorkingDays, 'reworkWorkingDays', ['major', 'general'], workingDays, 'working days');
  const { warnAtFraction } = body;
  // Strictly inside: at 0 every clock would be at risk from its start, at 1 only when due.
  if (warnAtFraction !== undefined && !(typeof warnAtFraction === 'number' && warnAtFraction > 0 && warnAtFraction < 1)) {
    c.fail('warnAtFraction', 'must be a number between 0 and 1 (exclusive), e.g. 0.8');
  }
  c.count(body.maxPauseDays, 'maxPauseDays', days, 'days');
  if (body.extension !== undefined && c.object(body.extension, 'extension', ['supervisorMaxWorkingDays', 'maxPerClock'])) {
    c.count(body.extension.supervisorMaxWorkingDays, 'extension.supervisorMaxWorkingDays', workingDays, 'working days');
    c.count(body.extension.maxPerClock, 'extension.maxPerClock', POLICY_LIMITS.extensionsPerClock, 'extensions');
  }
}

function checkPenalty(c: Checker, body: Json): void {
  if (!c.object(body, '', ['amountPerPoint', 'objectionWorkingDays', 'noticeApprover', 'rules'])) return;
  const { amountPerPoint, noticeApprover, rules } = body;
  if (amountPerPoint !== undefined && !(typeof amountPerPoint === 'string' && MONEY.test(amountPerPoint) && new Decimal(amountPerPoint).gt(0))) {
    c.fail('amountPerPoint', 'must be a decimal string > 0 with at most 2 places, e.g. "100.00"');
  }
  c.count(body.objectionWorkingDays, 'objectionWorkingDays', POLICY_LIMITS.workingDays, 'working days');
  if (noticeApprover !== undefined && !APPROVING_ROLES.includes(noticeApprover as RankedRole)) {
    c.fail('noticeApprover', `must be one of ${APPROVING_ROLES.join(', ')}`);
  }
  if (rules === undefined || !c.object(rules, 'rules', PENALTY_RULE_IDS)) return;
  for (const rule of PENALTY_RULE_IDS) {
    const path = `rules.${rule}`;
    if (rules[rule] === undefined || !c.object(rules[rule], path, RULE_TARGETS[rule])) continue;
    const targets = rules[rule];
    for (const target of RULE_TARGETS[rule]) {
      const points = targets[target];
      if (points !== undefined && !(typeof points === 'string' && POINTS.test(points))) {
        c.fail(`${path}.${target}`, 'must be a signed decimal string with at most 2 places, e.g. "-3" or "-2.50"');
      }
    }
  }
}

function checkApproval(c: Checker, body: Json): void {
  if (!c.object(body, '', ['tiers'])) return;
  const { tiers } = body;
  if (tiers === undefined) return;
  if (!Array.isArray(tiers) || tiers.length === 0) {
    c.fail('tiers', 'must be a non-empty list of { upTo, role }');
    return;
  }
  let previousBound: Decimal | undefined;
  let previousRole = -1;
  tiers.forEach((tier: Json, i) => {
    const path = `tiers.${i}`;
    if (!c.object(tier, path, ['upTo', 'role'])) return;
    const last = i === tiers.length - 1;
    const { upTo, role } = tier;
    if (upTo === null) {
      if (!last) c.fail(`${path}.upTo`, 'only the last tier may be open (null)');
    } else if (upTo !== undefined) {
      if (typeof upTo !== 'string' || !MONEY.test(upTo) || !new Decimal(upTo).gt(0)) {
        c.fail(`${path}.upTo`, 'must be a decimal string > 0 with at most 2 places, or null for the last tier');
      } else if (last) {
        c.fail(`${path}.upTo`, 'the last tier must be open (null), so that every amount has an approver');
      } else {
        const bound = new Decimal(upTo);
        if (previousBound && !bound.gt(previousBound)) c.fail(`${path}.upTo`, `must be above the previous tier's ${previousBound.toFixed(2)}`);
        previousBound = bound;
      }
    }
    if (role !== undefined) {
      const rank = APPROVING_ROLES.indexOf(role as RankedRole);
      if (rank < 0) c.fail(`${path}.role`, `must be one of ${APPROVING_ROLES.join(', ')}`);
      else if (rank < previousRole) c.fail(`${path}.role`, `must not be below the previous tier's ${APPROVING_ROLES[previousRole]}`);
      else previousRole = rank;
    }
  });
}

function checkCalendar(c: Checker, body: Json): void {
  if (!Array.isArray(body)) {
    c.fail('', 'must be a list of { date, workday }');
    return;
  }
  if (body.length > POLICY_LIMITS.calendarEntries) c.fail('', `must hold at most ${POLICY_LIMITS.calendarEntries} dates`);
  const seen = new Map<string, number>();
  body.forEach((entry: Json, i) => {
    if (!c.object(entry, String(i), ['date', 'workday'])) return;
    const { date, workday } = entry;
    if (date !== undefined) {
      if (typeof date !== 'string' || !DATE.test(date) || !DateTime.fromISO(date, { zone: 'utc' }).isValid) {
        c.fail(`${i}.date`, 'must be a date YYYY-MM-DD');
      } else if (seen.has(date)) {
        c.fail(`${i}.date`, `repeats the date of entry ${seen.get(date)}`);
      } else {
        seen.set(date, i);
      }
    }
    if (workday !== undefined && typeof workday !== 'boolean') c.fail(`${i}.workday`, 'must be true or false');
  });
}

const CHECKS: Record<PolicyName, (c: Checker, body: Json) => void> = {
  sla: checkSla,
  penalty: checkPenalty,
  approval: checkApproval,
  calendar: checkCalendar,
};

/** Every offending field of a policy document; empty when it is valid. */
export function policyErrors(name: PolicyName, body: unknown): FieldError[] {
  const checker = new Checker();
  CHECKS[name](checker, body);
  return checker.errors;
}

/**
 * The document, checked: throws VALIDATION_FAILED naming every offending field. The answer is
 * a copy holding only the document's own fields, in the order of PRODUCT.md §12.
 */
export function validatePolicy<N extends PolicyName>(name: N, body: unknown): PolicyDocuments[N] {
  const errors = policyErrors(name, body);
  if (errors.length > 0) {
    const message =
      errors.length === 1
        ? `${name} policy: ${errors[0].path || 'body'} ${errors[0].message}`
        : `${name} policy: ${errors.length} fields are invalid: ${errors.map((e) => e.path || 'body').join(', ')}`;
    throw new DomainError('VALIDATION_FAILED', message, { errors });
  }
  return copyOf(name, body);
}

function copyOf<N extends PolicyName>(name: N, body: unknown): PolicyDocuments[N] {
  const documents: { [K in PolicyName]: () => PolicyDocuments[K] } = {
    sla: () => {
      const b = body as SlaPolicy;
      return {
        firstReplyHours: b.firstReplyHours,
        invalidReplyHours: b.invalidReplyHours,
        investigationDays: b.investigationDays,
        rectificationWorkingDays: {
          major: b.rectificationWorkingDays.major,
          general: b.rectificationWorkingDays.general,
          repair: b.rectificationWorkingDays.repair,
          service_request: b.rectificationWorkingDays.service_request,
        },
        returnVisit: {
          majorDays: b.returnVisit.majorDays,
          generalDays: b.returnVisit.generalDays,
          repairWorkingDays: b.returnVisit.repairWorkingDays,
        },
        resolutionDays: { domestic: b.resolutionDays.domestic, overseas: b.resolutionDays.overseas },
        reworkWorkingDays: { major: b.reworkWorkingDays.major, general: b.reworkWorkingDays.general },
        warnAtFraction: b.warnAtFraction,
        maxPauseDays: b.maxPauseDays,
        extension: { supervisorMaxWorkingDays: b.extension.supervisorMaxWorkingDays, maxPerClock: b.extension.maxPerClock },
      };
    },
    penalty: () => {
      const b = body as PenaltyPolicy;
      const rules = Object.fromEntries(
        PENALTY_RULE_IDS.map((rule) => [rule, Object.fromEntries(RULE_TARGETS[rule].map((target) => [target, b.rules[rule][target]]))]),
      ) as unknown as PenaltyPolicy['rules'];
      return { amountPerPoint: b.amountPerPoint, objectionWorkingDays: b.objectionWorkingDays, noticeApprover: b.noticeApprover, rules };
    },
    approval: () => ({ tiers: (body as ApprovalPolicy).tiers.map(({ upTo, role }) => ({ upTo, role })) }),
    calendar: () => (body as CalendarPolicy).map(({ date, workday }) => ({ date, workday })),
  };
  return documents[name]();
}
