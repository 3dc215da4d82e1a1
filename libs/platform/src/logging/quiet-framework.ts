import type { LoggerService } from '@nestjs/common';

/** Nest's start-up chatter: a line per module, per controller and per route (some 75 of them). */
const FRAMEWORK_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/**
 * The application's logger with Nest's start-up chatter moved from info to debug: at the
 * default level, start-up prints what an operator acts on, not how the framework wired itself.
 */
export function quietFramework(logger: LoggerService): LoggerService {
  const isChatter = (params: unknown[]) => FRAMEWORK_CONTEXTS.has(params[params.length - 1] as string);
  return {
    log: (message, ...params) => (isChatter(params) ? logger.debug?.(message, ...params) : logger.log(message, ...params)),
    error: (message, ...params) => logger.error(message, ...params),
    warn: (message, ...params) => logger.warn(message, ...params),
    debug: (message, ...params) => logger.debug?.(message, ...params),
    verbose: (message, ...params) => logger.verbose?.(message, ...params),
    fatal: (message, ...params) => logger.fatal?.(message, ...params),
  };
}
