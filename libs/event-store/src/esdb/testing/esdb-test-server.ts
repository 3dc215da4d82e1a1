import { randomUUID } from 'node:crypto';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ServerFeaturesService, type IServerFeaturesServer } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { StreamsService, type IStreamsServer } from '@eventstore/db-client/generated/streams_grpc_pb';
import { append, batchAppend, type AppendCounter } from './esdb-test-appends';
import { EsdbTestLog } from './esdb-test-log';
import { read } from './esdb-test-reads';

export interface EsdbTestServerOptions {
  /**
   * Where the log's first event goes. A real log starts with a few system records, so no
   * event is at 0; tests of 64-bit positions start beyond 2^53.
   */
  firstPosition?: bigint;
}

/** What a 24.10 node lists (ServerFeatures.cs), for the methods this server implements. */
const SUPPORTED_METHODS: [service: string, method: string, features: string[]][] = [
  ['event_store.client.streams.streams', 'read', ['position', 'events']],
  ['event_store.client.streams.streams', 'append', []],
  ['event_store.client.streams.streams', 'batchappend', []],
  ['event_store.client.server_features.serverfeatures', 'getsupportedmethods', []],
];

/**
 * A stand-in for an EventStoreDB node at the protocol level, for CI where no server can run
 * (ARCHITECTURE.md decision 11): the gRPC services the client calls, built from the
 * client's own generated service definitions, on an in-memory log (EsdbTestLog). What the
 * client calls on connecting is ServerFeatures.GetSupportedMethods; it then appends through
 * BatchAppend, as with a real server. Streams.Delete and Tombstone, persistent
 * subscriptions, projections and the rest answer UNIMPLEMENTED.
 *
 * `stop()` drops every connection, as a crashed node would; `start()` again serves the same
 * data on the same port. Each start writes an `$epoch-information` event, as a node does on
 * becoming leader: a system event for readers of `$all` to skip.
 */
export class EsdbTestServer {
  readonly log: EsdbTestLog;
  /** Appends received (Append calls and batch appends), one per append whatever its events. */
  readonly counter: AppendCounter = { appends: 0 };
  private server?: Server;
  private port = 0;
  private epochs = 0;

  constructor({ firstPosition = 4096n }: EsdbTestServerOptions = {}) {
    this.log = new EsdbTestLog(firstPosition);
  }

  get connectionString(): string {
    if (!this.port) throw new Error('the test server has not started');
    return `esdb://127.0.0.1:${this.port}?tls=false`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const streams: Pick<IStreamsServer, 'read' | 'append' | 'batchAppend'> = {
      read: (call) => void read(this.log, call),
      append: (call, callback) => append(this.log, this.counter, call, callback),
      batchAppend: (call) => batchAppend(this.log, this.counter, call),
    };
    const features: IServerFeaturesServer = {
      getSupportedMethods: (_call, callback) => callback(null, supportedMethods()),
    };
    const server = new Server();
    server.addService(StreamsService, streams);
    server.addService(ServerFeaturesService, features);
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${this.port}`, ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );
    this.server = server;
    const epoch = Buffer.from(JSON.stringify({ epochNumber: this.epochs++, leaderInstanceId: randomUUID() }));
    this.log.append('$epoch-information', 'any', [
      { eventId: randomUUID(), type: '$epoch-information', contentType: 'application/json', data: epoch, metadata: new Uint8Array() },
    ]);
  }

  /** Ends every call and connection at once, keeping the data. */
  async stop(): Promise<void> {
    this.server?.forceShutdown();
    this.server = undefined;
  }
}

function supportedMethods(): SupportedMethods {
  const methods = SUPPORTED_METHODS.map(([service, method, features]) =>
    new SupportedMethod().setServiceName(service).setMethodName(method).setFeaturesList(features),
  );
  return new SupportedMethods().setEventStoreServerVersion('24.10.0').setMethodsList(methods);
}
