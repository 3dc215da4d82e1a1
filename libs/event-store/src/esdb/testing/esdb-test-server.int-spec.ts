import { randomUUID } from 'node:crypto';
import { credentials, type ClientReadableStream } from '@grpc/grpc-js';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq, type ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { EsdbTestServer } from './esdb-test-server';

/** What the Node client cannot ask of the test server, asked in the protocol's own terms. */
describe('EsdbTestServer', () => {
  const server = new EsdbTestServer();
  let streams: StreamsClient;

  beforeAll(async () => {
    await server.start();
    const client = EventStoreDBClient.connectionString(server.connectionString);
    await client.appendToStream('a-1', [jsonEvent({ type: 'Kept', data: {} }), jsonEvent({ type: 'Other', data: {} })]);
    await client.appendToStream('b-1', jsonEvent({ type: 'Kept', data: {} }));
    await client.dispose();
    streams = new StreamsClient(server.connectionString.replace(/^esdb:\/\/|\?.*$/g, ''), credentials.createInsecure());
  });
  afterAll(async () => {
    streams.close();
    await server.stop();
  });

  const readAllOptions = () =>
    new ReadReq.Options()
      .setAll(new ReadReq.Options.AllOptions().setStart(new Empty()))
      .setCount('100')
      .setUuidOption(new ReadReq.Options.UUIDOption().setString(new Empty()))
      .setNoFilter(new Empty());

  const responses = (call: ClientReadableStream<ReadResp>) =>
    new Promise<ReadResp[]>((resolve, reject) => {
      const all: ReadResp[] = [];
      call.on('data', (response: ReadResp) => all.push(response));
      call.on('end', () => resolve(all));
      call.on('error', reject);
    });

  it('filters reads of $all by stream prefix and by event type regex', async () => {
    const read = async (filter: ReadReq.Options.FilterOptions) => {
      const options = readAllOptions().setFilter(filter.setCount(new Empty()).setCheckpointintervalmultiplier(1));
      const events = await responses(streams.read(new ReadReq().setOptions(options)));
      return events.map((response) => response.getEvent()!.getEvent()!.getMetadataMap().get('type'));
    };
    const expression = () => new ReadReq.Options.FilterOptions.Expression();
    expect(await read(new ReadReq.Options.FilterOptions().setStreamIdentifier(expression().setPrefixList(['a-'])))).toEqual(['Kept', 'Other']);
    expect(await read(new ReadReq.Options.FilterOptions().setEventType(expression().setRegex('^Kept$')))).toEqual(['Kept', 'Kept']);
  });

  it('gives ids as structured UUIDs when asked to', async () => {
    const options = readAllOptions().setUuidOption(new ReadReq.Options.UUIDOption().setStructured(new Empty()));
    const [epoch, first] = await responses(streams.read(new ReadReq().setOptions(options)));
    const id = first.getEvent()!.getEvent()!.getId()!;
    expect(id.hasStructured()).toBe(true);
    expect(epoch.getEvent()!.getEvent()!.getMetadataMap().get('type')).toBe('$epoch-information');
    const bits = (value: string) => BigInt.asUintN(64, BigInt(value)).toString(16).padStart(16, '0');
    const hex = bits(id.getStructured()!.getMostSignificantBits()) + bits(id.getStructured()!.getLeastSignificantBits());
    expect(hex).toBe(server.log.all[1].eventId.replace(/-/g, ''));
  });

  it('answers a subscription to one stream UNIMPLEMENTED', async () => {
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      const subscription = client.subscribeToStream(`s-${randomUUID()}`);
      await expect(subscription[Symbol.asyncIterator]().next()).rejects.toMatchObject({ message: expect.stringContaining('UNIMPLEMENTED') });
    } finally {
      await client.dispose();
    }
  });
});
