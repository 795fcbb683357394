import type { Router } from 'express';
import type { Config } from '../config';
import type { EngineClient } from '../engine-client';
import type { FormTokens } from '../security/form-token';
import type { RateLimits } from '../security/rate-limits';
import { adjustmentEventRoutes } from './adjustment-events';
import { appealRoutes } from './appeals';
import { auditRoutes } from './audit';
import { awardAdjustmentRoutes } from './award-adjustments';
import { awardRoutes } from './awards';
import { bonusRoundRoutes } from './bonus-rounds';
import { calibrationRoutes } from './calibrations';
import { caseRoutes } from './cases';
import { compensationRoutes } from './compensation';
import { complianceEventRoutes } from './compliance-events';
import { cycleRoutes } from './cycles';
import { decisionRoutes } from './decisions';
import { feedbackRoutes } from './feedback';
import { developmentRoutes } from './development';
import { flowRoutes } from './flows';
import { formsBuilderRoutes } from './forms-builder';
import { formRoutes } from './forms';
import { goalRoutes } from './goals';
import { goalChangeRoutes } from './goal-changes';
import { inboxRoutes } from './inbox';
import { importRoutes } from './imports';
import { incidentRoutes } from './incidents';
import { launchRoutes } from './launches';
import { meRoutes } from './me';
import { metricRoutes } from './metrics';
import { modelerRoutes } from './modeler';
import { oidcRoutes } from './oidc';
import { openApiRoutes } from './openapi';
import { outboxRoutes } from './outbox';
import { peopleRoutes } from './people';
import { policyRoutes } from './policies';
import { processRoutes } from './processes';
import { riskWarningRoutes } from './risk-warnings';
import { sessionRoutes } from './session';
import { strategyRoutes } from './strategy';
import { talentRoutes } from './talent';
import { taskRoutes } from './tasks';
import { unitGoalRoutes } from './unit-goals';
import { vendorRoutes } from './vendor';

export interface RouteDependencies {
  config: Config;
  engine: EngineClient;
  limits: RateLimits;
  formTokens: FormTokens;
  /** node_modules, for the vendor style sheets. */
  modules: string;
}

/**
 * Every router, by the name of its file: routes/<name>.ts serves /api/<name>/… and /<name>/…, so a
 * route is found by its path (test/unit/route-files.test.ts holds every router to that, and lists
 * the few pages named otherwise, such as /login). In the order the app mounts them.
 */
export function routers({ config, engine, limits, formTokens, modules }: RouteDependencies): Array<[name: string, router: Router]> {
  return [
    // Before the sign-in routes: it tells the login page to offer single sign-on.
    ['oidc', oidcRoutes(config.oidc, config.sessionSecret, config.secureCookies, limits)],
    ['session', sessionRoutes(limits, formTokens)],
    ['me', meRoutes(limits)],
    ['inbox', inboxRoutes(engine)],
    ['tasks', taskRoutes(engine, limits)],
    ['cycles', cycleRoutes(engine, limits)],
    ['launches', launchRoutes(engine, limits)],
    ['flows', flowRoutes(engine, limits)],
    ['cases', caseRoutes()],
    ['appeals', appealRoutes()],
    ['goals', goalRoutes()],
    ['goal-changes', goalChangeRoutes(engine, limits)],
    ['unit-goals', unitGoalRoutes()],
    ['strategy', strategyRoutes()],
    ['calibrations', calibrationRoutes()],
    ['bonus-rounds', bonusRoundRoutes()],
    ['awards', awardRoutes()],
    ['adjustment-events', adjustmentEventRoutes(engine, limits)],
    ['award-adjustments', awardAdjustmentRoutes()],
    ['metrics', metricRoutes(limits)],
    ['compliance-events', complianceEventRoutes(limits)],
    ['compensation', compensationRoutes(limits)],
    ['imports', importRoutes()],
    ['risk-warnings', riskWarningRoutes(limits)],
    ['feedback', feedbackRoutes(limits)],
    ['talent', talentRoutes(engine)],
    ['development', developmentRoutes(limits)],
    ['people', peopleRoutes(limits)],
    ['audit', auditRoutes()],
    ['policies', policyRoutes(limits)],
    ['incidents', incidentRoutes(engine, limits)],
    ['outbox', outboxRoutes()],
    ['openapi', openApiRoutes()],
    ['vendor', vendorRoutes(modules)],
    ['modeler', modelerRoutes(engine)],
    ['forms-builder', formsBuilderRoutes()],
    ['processes', processRoutes(engine, limits)],
    ['forms', formRoutes(limits)],
    ['decisions', decisionRoutes(engine, limits)],
  ];
}
