/** Settlements (处理方案) and the approval authority (核决权限), PRODUCT.md §3 and §6. */
import { DEFAULT_POLICIES } from '../policies';
import type { RankedRole } from '../roles';
import {
  SETTLEMENT_ID,
  actors,
  by,
  decideSettlement,
  given,
  histories,
  proposeSettlement,
  recordCustomerResponse,
  settlementAccepted,
  settlementApproved,
  settlementDisputed,
  settlementProposed,
  settlementRejected,
} from './testing/decider-spec';

const pending = (amount = '500.00', requiredRole: RankedRole = 'supervisor') => [
  ...histories.in_progress(),
  settlementProposed({ amount, requiredRole }),
];

describe('ProposeSettlement', () => {
  it('proposes a settlement that awaits the role its amount needs', () => {
    given(histories.in_progress())
      .when(proposeSettlement('500', { settlementType: 'discount', description: 'Half a month of fees' }))
      .then([settlementProposed({ type: 'discount', amount: '500.00', description: 'Half a month of fees', requiredRole: 'supervisor' })]);
  });

  it('proposes after the rectification too', () => {
    given(histories.rectified()).when(proposeSettlement('500.00')).then([settlementProposed()]);
  });

  it.each(['apology', 'rework', 'none'] as const)('approves a %s of amount 0 as it is proposed, by the system', (settlementType) => {
    given(histories.in_progress())
      .when(proposeSettlement('0', { settlementType }))
      .then([
        settlementProposed({ type: settlementType, amount: '0.00', requiredRole: 'none' }),
        { type: 'SettlementApproved', data: { settlementId: SETTLEMENT_ID, decidedBy: 'system', decidedByRole: 'system' } },
      ]);
  });

  describe('the approval matrix: the lowest role that may approve', () => {
    it.each([
      ['0.01', 'supervisor'],
      ['1000.00', 'supervisor'],
      ['1000.01', 'manager'],
      ['10000.00', 'manager'],
      ['10000.01', 'deputy_gm'],
      ['50000.00', 'deputy_gm'],
      ['50000.01', 'gm'],
      ['9999999.99', 'gm'],
    ] as const)('%s CNY needs %s', (amount, requiredRole) => {
      given(histories.in_progress())
        .when(proposeSettlement(amount))
        .then([settlementProposed({ amount, requiredRole })]);
    });

    it('reads the approval policy in force', () => {
      const policies = {
        ...DEFAULT_POLICIES,
        approval: { version: 2, policy: { tiers: [{ upTo: '2000.00', role: 'supervisor' as const }, { upTo: null, role: 'gm' as const }] } },
      };
      given(histories.in_progress())
        .when(proposeSettlement('1500.00'), { policies })
        .then([settlementProposed({ amount: '1500.00', requiredRole: 'supervisor' })]);
    });
  });

  it.each(['-1.00', '1.005', '12,000', 'abc', '', '1e3'])('refuses the amount "%s"', (amount) => {
    given(histories.in_progress()).when(proposeSettlement(amount)).thenThrows('VALIDATION_FAILED', { path: 'amount' });
  });

  it('refuses a bad amount before asking who proposes', () => {
    given(histories.in_progress()).when(proposeSettlement('-1.00'), by('agent')).thenThrows('VALIDATION_FAILED');
  });

  describe('one settlement at a time', () => {
    it.each([
      ['pending', pending()],
      ['approved', [...pending(), settlementApproved()]],
      ['accepted', [...pending(), settlementApproved(), settlementAccepted()]],
    ])('refuses a new proposal while the latest is %s', (status, history) => {
      given(history).when(proposeSettlement('200.00', { settlementId: 'stl-2' })).thenThrows('PRECONDITION_NOT_MET', status);
    });

    it.each([
      ['rejected', [...pending(), settlementRejected()]],
      ['disputed (客户不接受)', [...pending(), settlementApproved(), settlementDisputed()]],
    ])('accepts a new proposal once the latest is %s', (_, history) => {
      given(history)
        .when(proposeSettlement('800.00', { settlementId: 'stl-2' }))
        .then([settlementProposed({ settlementId: 'stl-2', amount: '800.00' })]);
    });
  });
});

describe('DecideSettlement', () => {
  it('records the approval with who decided and in which role', () => {
    given(pending())
      .when(decideSettlement('approve', 'Within budget'), by('supervisor'))
      .then([settlementApproved({ decidedBy: actors.supervisor.id, decidedByRole: 'supervisor', comment: 'Within budget' })]);
  });

  it('records a rejection', () => {
    given(pending()).when(decideSettlement('reject'), by('manager')).then([settlementRejected({ decidedBy: actors.manager.id, decidedByRole: 'manager' })]);
  });

  describe.each([
    ['1000.00', 'supervisor', 'agent'],
    ['1000.01', 'manager', 'supervisor'],
    ['10000.00', 'manager', 'supervisor'],
    ['50000.00', 'deputy_gm', 'manager'],
    ['50000.01', 'gm', 'deputy_gm'],
  ] as const)('a settlement of %s (needs %s)', (amount, lowest, below) => {
    it(`is approved by a ${lowest}`, () => {
      given(pending(amount, lowest))
        .when(decideSettlement('approve'), by(lowest))
        .then([settlementApproved({ decidedBy: actors[lowest].id, decidedByRole: lowest })]);
    });

    it(`is neither approved nor rejected by a ${below}: APPROVAL_AUTHORITY_EXCEEDED`, () => {
      given(pending(amount, lowest)).when(decideSettlement('approve'), by(below)).thenThrows('APPROVAL_AUTHORITY_EXCEEDED', lowest);
      given(pending(amount, lowest)).when(decideSettlement('reject'), by(below)).thenThrows('APPROVAL_AUTHORITY_EXCEEDED');
    });
  });

  it('lets a higher role approve what a lower one could', () => {
    given(pending()).when(decideSettlement('approve'), by('gm')).then([settlementApproved({ decidedBy: actors.gm.id, decidedByRole: 'gm' })]);
  });

  it('refuses a handler, whatever the amount', () => {
    given(pending()).when(decideSettlement('approve'), by('handler')).thenThrows('FORBIDDEN');
  });

  it.each([
    ['none was proposed', histories.in_progress()],
    ['the latest is approved', [...pending(), settlementApproved()]],
    ['the latest is rejected', [...pending(), settlementRejected()]],
    ['the latest is accepted', [...pending(), settlementApproved(), settlementAccepted()]],
  ])('is refused when no settlement is pending: %s', (_, history) => {
    given(history).when(decideSettlement('approve'), by('gm')).thenThrows('INVALID_STATE_TRANSITION');
  });

  it('tells a handler FORBIDDEN before telling it nothing is pending', () => {
    given(histories.in_progress()).when(decideSettlement('approve'), by('handler')).thenThrows('FORBIDDEN');
  });

  it('tells an agent nothing is pending before telling it the amount is above its authority', () => {
    given(histories.in_progress()).when(decideSettlement('approve'), by('agent')).thenThrows('INVALID_STATE_TRANSITION');
  });
});

describe('RecordCustomerResponse', () => {
  const approved = () => [...pending(), settlementApproved()];

  it('records the customer accepting', () => {
    given(approved())
      .when(recordCustomerResponse(true, 'Fine'), by('agent'))
      .then([settlementAccepted({ comment: 'Fine', recordedBy: actors.agent.id })]);
  });

  it('records the customer disputing (客户不接受)', () => {
    given(approved()).when(recordCustomerResponse(false), by('agent')).then([settlementDisputed({ recordedBy: actors.agent.id })]);
  });

  it('takes the response to an amount-0 settlement the system approved', () => {
    given([...histories.in_progress(), settlementProposed({ amount: '0.00', type: 'apology', requiredRole: 'none' }), settlementApproved({ decidedBy: 'system', decidedByRole: 'system' })])
      .when(recordCustomerResponse(true), by('agent'))
      .then([settlementAccepted()]);
  });

  it.each([
    ['none was proposed', histories.in_progress()],
    ['it is pending', pending()],
    ['it was rejected', [...pending(), settlementRejected()]],
    ['it was already accepted', [...pending(), settlementApproved(), settlementAccepted()]],
    ['it was disputed', [...pending(), settlementApproved(), settlementDisputed()]],
  ])('is refused unless the settlement is approved: %s', (_, history) => {
    given(history).when(recordCustomerResponse(true), by('agent')).thenThrows('INVALID_STATE_TRANSITION');
  });

  it('refuses an auditor', () => {
    given(approved()).when(recordCustomerResponse(true), by('auditor')).thenThrows('FORBIDDEN');
  });
});
