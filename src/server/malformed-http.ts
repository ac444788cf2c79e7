import { STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { ErrorCode } from '../common/errors';

/** How long a refused connection keeps reading what its client is still sending before it is cut. */
const LINGER_MS = 5_000;

/**
 * Requests Node refuses before Express sees them: a request line and headers over 16 KiB (a GET whose
 * query string carries a long argument), a malformed request line, a header timeout. Node's default
 * answer is a bare status and an immediate destroy; when the client is still sending (a long URL), the
 * unread bytes make the kernel reset the connection, which discards that answer, and the client sees a
 * dropped socket instead of an error. Here the answer is a JSON error like every other, the write side
 * is closed after it, and what the client still sends is read and dropped until it stops (bounded).
 */
export function answerMalformedRequests(server: Server): void {
  const answered = new WeakSet<Socket>();
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // The parser stays in error and reports again for each chunk still arriving: already answered.
    if (answered.has(socket)) return;
    // Node's own rule: no answer once a response on this socket has started (it would corrupt it).
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    answered.add(socket);
    const [status, message] = refusal(error.code);
    const body = JSON.stringify({ errors: [{ message, extensions: { code: ErrorCode.BAD_REQUEST } }] });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
    socket.on('data', () => undefined);
    socket.on('end', () => socket.destroy());
    socket.resume();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
}

function refusal(code: string | undefined): [number, string] {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'The request line and headers are too large: send long operations in a POST body'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'The request was not received in time'];
    default:
      return [400, 'The request is not valid HTTP'];
  }
}
