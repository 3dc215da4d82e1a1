import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { migrate, startEmbeddedPostgres } from '@casebook/application';
import { loadConfig, quietFramework, signToken } from '@casebook/platform';
import { AppModule } from './app.module';
import { API_PREFIX, configureApp } from './http/configure-app';

/**
 * `npm start`: the api and (unless --no-worker) the worker in one process, on DATABASE_URL or
 * an embedded PostgreSQL under CASEBOOK_DATA_DIR.
 */
async function main() {
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir);
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  await migrate(databaseUrl);

  const withWorker = !process.argv.includes('--no-worker');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, databaseUrl, withWorker }), {
    bufferLogs: true,
  });
  app.useLogger(quietFramework(app.get(Logger)));
  configureApp(app);
  if (embedded) app.get(Logger).log('embedded PostgreSQL running; data in ' + config.dataDir);
  await app.listen(config.port);

  const url = `http://localhost:${config.port}`;
  const lines = [
    `Casebook is running${withWorker ? ' (api + worker)' : ' (api only)'}`,
    `  API:     ${url}/${API_PREFIX}`,
    `  Docs:    ${url}/docs`,
    `  Health:  ${url}/health/ready`,
  ];
  if (config.nodeEnv !== 'production') {
    const token = signToken(config.jwtSecret, { sub: 'dev-admin', role: 'admin' }, '30d');
    lines.push(`  Development admin token (30 days):`, `    ${token}`, `  More tokens: npm run token -- <staffId> <role> [siteId,…]`);
  }
  console.log(lines.join('\n'));

  // Signals are handled here rather than by Nest's shutdown hooks: the embedded PostgreSQL
  // must stop after the app has closed its connections.
  const stop = async () => {
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
