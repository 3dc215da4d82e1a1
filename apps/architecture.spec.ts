// Architecture test: the layer rules of ARCHITECTURE.md ("Layout"), written down in
// .dependency-cruiser.cjs, checked on every `npm test`. Pure: reads source files, no database.
//
// dependency-cruiser is an ES module only, which Jest (CommonJS, no --experimental-vm-modules)
// cannot import, so its programmatic `cruise` API runs in a child Node process and hands the
// result back as JSON.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '..');
const CONFIG = './.dependency-cruiser.cjs';
const CRUISED = ['libs', 'apps', 'projections'];

const CRUISE_SCRIPT = `
import { cruise } from 'dependency-cruiser';
import extractDepcruiseConfig from 'dependency-cruiser/config-utl/extract-depcruise-config';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const [configFile, ...paths] = process.argv.slice(1);
// As the CLI does it: the whole config is the rule set, and its options are the cruise options
// (the resolver reads the tsconfig file name from ruleSet.options, the transpiler its contents).
const config = await extractDepcruiseConfig(configFile);
const tsConfig = extractTSConfig(config.options.tsConfig.fileName);
const { output } = await cruise(
  paths,
  { ...config.options, ruleSet: config, validate: true, outputType: 'json' },
  {},
  { tsConfig },
);
process.stdout.write(typeof output === 'string' ? output : JSON.stringify(output));
`;

interface Violation {
  from: string;
  to: string;
  type: string;
  rule: { name: string; severity: string };
  cycle?: Array<{ name: string } | string>;
}
interface CruiseResult {
  modules: Array<{ source: string; dependencies: Array<{ resolved: string; dependencyTypes: string[] }> }>;
  summary: {
    violations: Violation[];
    totalCruised: number;
    ruleSetUsed: { forbidden?: Array<{ name: string; comment?: string }> };
  };
}

async function cruise(paths: string[]): Promise<CruiseResult> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '--eval', CRUISE_SCRIPT, '--', CONFIG, ...paths],
    { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as CruiseResult;
}

function describeViolation(violation: Violation, why: Map<string, string>): string {
  const cycle = violation.cycle?.length
    ? `\n    cycle: ${[violation.from, ...violation.cycle.map((step) => (typeof step === 'string' ? step : step.name))].join(' → ')}`
    : '';
  return (
    `${violation.rule.severity} ${violation.rule.name}: ${violation.from} → ${violation.to}${cycle}` +
    `\n    why: ${why.get(violation.rule.name) ?? '(see .dependency-cruiser.cjs)'}`
  );
}

describe('architecture (dependency-cruiser, .dependency-cruiser.cjs)', () => {
  let result: CruiseResult;

  beforeAll(async () => {
    result = await cruise(CRUISED);
  });

  it('cruises every layer and resolves the @casebook/* aliases (so the rules can bite)', () => {
    const sources = result.modules.map((module) => module.source);
    for (const layer of ['libs/domain/', 'libs/event-store/', 'libs/read-models/', 'libs/platform/', 'libs/application/', 'projections/', 'apps/api/', 'apps/worker/']) {
      expect(sources.some((source) => source.startsWith(layer))).toBe(true);
    }
    const aliased = result.modules
      .flatMap((module) => module.dependencies)
      .filter((dependency) => dependency.dependencyTypes.includes('aliased-tsconfig-paths'));
    expect(aliased.length).toBeGreaterThan(0);
    expect(aliased.every((dependency) => /^(libs|projections)\//.test(dependency.resolved))).toBe(true);
    expect(result.summary.ruleSetUsed.forbidden?.length ?? 0).toBeGreaterThan(0);
  });

  it('has no dependency that breaks a layer rule', () => {
    const why = new Map((result.summary.ruleSetUsed.forbidden ?? []).map((rule) => [rule.name, rule.comment ?? '']));
    const violations = result.summary.violations.map((violation) => describeViolation(violation, why));
    if (violations.length > 0) {
      throw new Error(
        `${violations.length} dependency rule violation(s) in ${CRUISED.join(', ')}:\n\n${violations.join('\n\n')}\n\n` +
          'Fix the import, or (if the rule is wrong) change .dependency-cruiser.cjs and ARCHITECTURE.md together.',
      );
    }
  });

  it('catches an import from one app into the other', async () => {
    const probes = [
      { file: 'apps/worker/src/layer-probe.ts', imports: '../../api/src/app.module', rule: 'apps-not-to-each-other' },
      { file: 'apps/api/src/layer-probe.ts', imports: '../../worker/src/metrics-endpoint', rule: 'apps-not-to-each-other' },
    ];
    try {
      for (const probe of probes) writeFileSync(join(ROOT, probe.file), `export * from '${probe.imports}';\n`);
      const { summary } = await cruise(probes.map((probe) => probe.file));
      for (const probe of probes) {
        expect(summary.violations.filter((v) => v.from === probe.file).map((v) => v.rule.name)).toContain(probe.rule);
      }
    } finally {
      for (const probe of probes) rmSync(join(ROOT, probe.file), { force: true });
    }
  });
});

/** Every TypeScript source under `dir` but tests, as [path, text]. */
function sources(dir: string): [string, string][] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !/\.(int-|e2e-)?spec\.ts$/.test(file))
    .map((file) => [join(dir, file), readFileSync(join(ROOT, dir, file), 'utf8')]);
}

describe('the application layer', () => {
  it('throws domain errors, never HTTP ones (only apps/api maps them to problem+json)', () => {
    const http = /\b(ProblemException|validationProblem|HttpException|requireRole|visibleSites|toProblem)\b/;
    expect(sources('libs/application/src').filter(([, text]) => http.test(text)).map(([path]) => path)).toEqual([]);
  });
});
