import WebSocket from 'ws';

/** A graphql-transport-ws socket driven by hand, to see close codes and per-operation errors as a client would. */
export interface RawSocket {
  /** Resolves with the close code (and reason) once the server closes the socket. */
  closed: Promise<{ code: number; reason: string }>;
  /** Sends `subscribe` and resolves with the first `next` payload or `error` message for that id. */
  operation(id: string, query: string, variables?: Record<string, unknown>): Promise<{ type: 'next' | 'error' | 'complete'; payload: unknown }>;
  isOpen(): boolean;
  close(): void;
}

export async function openRawSocket(httpUrl: string, connectionParams: Record<string, unknown> = {}): Promise<{ socket: RawSocket; acked: boolean }> {
  const ws = new WebSocket(httpUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const waiting = new Map<string, (message: { type: 'next' | 'error' | 'complete'; payload: unknown }) => void>();
  const acked = await new Promise<boolean>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: connectionParams })));
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string; id?: string; payload?: unknown };
      if (message.type === 'connection_ack') resolve(true);
      if ((message.type === 'next' || message.type === 'error' || message.type === 'complete') && message.id) {
        waiting.get(message.id)?.({ type: message.type, payload: message.payload });
        waiting.delete(message.id);
      }
    });
    void closed.then(() => resolve(false));
  });
  return {
    acked,
    socket: {
      closed,
      operation: (id, query, variables = {}) =>
        new Promise((resolve) => {
          waiting.set(id, resolve);
          ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
        }),
      isOpen: () => ws.readyState === WebSocket.OPEN,
      close: () => ws.close(),
    },
  };
}
