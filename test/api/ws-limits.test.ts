import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRawSocket } from '../support/raw-ws.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// graphql-ws limits: operations per socket (the next one is an `error` message and the socket stays
// open) and sockets per tenant (the next one closes with 4429; a freed slot can be used again).
describe('graphql-ws: subscriptions per socket and sockets per tenant', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ WS_MAX_SUBSCRIPTIONS_PER_SOCKET: 3, WS_MAX_SOCKETS_PER_TENANT: 2 });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const live = 'subscription { livenessVerdicts { verdict } }';

  it('accepts WS_MAX_SUBSCRIPTIONS_PER_SOCKET operations on a socket; the next gets RATE_LIMITED and the socket stays open', async () => {
    const { socket, acked } = await openRawSocket(app.url);
    expect(acked).toBe(true);
    const pending = [socket.operation('1', live), socket.operation('2', live), socket.operation('3', live)];
    const refused = await socket.operation('4', live);
    expect(refused.type).toBe('error');
    expect((refused.payload as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe('RATE_LIMITED');
    // The three accepted ones are still running (no answer yet), and the socket still serves operations.
    const settled = await Promise.race([Promise.race(pending).then(() => 'answered'), new Promise((r) => setTimeout(() => r('running'), 300))]);
    expect(settled).toBe('running');
    expect(socket.isOpen()).toBe(true);
    socket.close();
    await socket.closed;
  });

  it('closes the socket past WS_MAX_SOCKETS_PER_TENANT with 4429, and accepts one again once a slot is free', async () => {
    const first = await openRawSocket(app.url);
    const second = await openRawSocket(app.url);
    expect([first.acked, second.acked]).toEqual([true, true]);
    const third = await openRawSocket(app.url);
    expect(third.acked).toBe(false);
    expect((await third.socket.closed).code).toBe(4429);
    first.socket.close();
    await first.socket.closed;
    await new Promise((r) => setTimeout(r, 100));
    const again = await openRawSocket(app.url);
    expect(again.acked).toBe(true);
    second.socket.close();
    again.socket.close();
  });
});
