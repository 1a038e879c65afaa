#!/usr/bin/env python3
"""Independent WebSocket peer for ucbridge's interop tests (Python `websockets`).

Listens on 127.0.0.1 with an ephemeral port and prints `PORT <n>` on stdout once it accepts
connections. Per connection:
  - any text or binary message is echoed back unchanged;
  - the text `__ping__` makes the server send a ping with payload `are-you-there` and wait
    for the matching pong; it then sends `pong-received` (or `pong-missing` after 5 s);
  - the text `__close__ <code> <reason>` makes the server close with that code and reason.
  - the text `__raw__ <hex>` writes those bytes to the socket as they are (for malformed-frame
    tests); `__rawdrop__ <hex>` does the same and then drops the TCP connection.
When a connection ends it prints `CLOSED <code> <reason>` (the close the client sent us, or
what we sent when we initiated it). A request for a path starting with `/missing` is answered
`404` with the body `no such path`.
With `--tls CERT KEY` it serves wss:// with that certificate.
Exits when stdin closes (the test process ended), so it never outlives the test.
"""
import asyncio
import ssl
import sys
from http import HTTPStatus

from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed


async def handler(ws):
    try:
        await serve_messages(ws)
    except ConnectionClosed:
        pass
    await ws.wait_closed()
    print(f"CLOSED {ws.close_code} {ws.close_reason}", flush=True)


def refuse_missing(connection, request):
    if request.path.startswith("/missing"):
        return connection.respond(HTTPStatus.NOT_FOUND, "no such path\n")
    return None


async def serve_messages(ws):
    async for message in ws:
        if message == "__ping__":
            waiter = await ws.ping(b"are-you-there")
            try:
                await asyncio.wait_for(waiter, 5)
                await ws.send("pong-received")
            except asyncio.TimeoutError:
                await ws.send("pong-missing")
        elif isinstance(message, str) and message.startswith("__close__ "):
            _, code, reason = message.split(" ", 2)
            await ws.close(int(code), reason)
            return
        elif isinstance(message, str) and message.startswith("__raw__ "):
            ws.transport.write(bytes.fromhex(message[8:]))
        elif isinstance(message, str) and message.startswith("__rawdrop__ "):
            ws.transport.write(bytes.fromhex(message[12:]))
            ws.transport.close()
        else:
            await ws.send(message)


async def watch_stdin():
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)


async def main():
    context = None
    if len(sys.argv) == 4 and sys.argv[1] == "--tls":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
    async with serve(handler, "127.0.0.1", 0, max_size=4 * 1024 * 1024, compression=None,
                     ping_interval=None, process_request=refuse_missing, ssl=context) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"PORT {port}", flush=True)
        await watch_stdin()


asyncio.run(main())
